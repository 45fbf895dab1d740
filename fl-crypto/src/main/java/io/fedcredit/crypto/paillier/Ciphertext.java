package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.EncodingMismatchException;
import io.fedcredit.crypto.InvalidCiphertextException;
import io.fedcredit.crypto.KeyMismatchException;
import io.fedcredit.crypto.PlaintextOverflowException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Paillier ciphertext bound to its {@link PaillierPublicKey} and to the
 * {@link FixedPointEncoding} of the plaintext inside. Supported operations are exactly the
 * additive homomorphism: adding ciphertexts, adding a plaintext, multiplying by a plaintext scalar,
 * negating, re-randomizing. There is deliberately no ciphertext-by-ciphertext multiplication.
 *
 * <p>Every operation returns a new object and checks its operands: different keys throw
 * {@link KeyMismatchException}, different encodings throw {@link EncodingMismatchException}.
 *
 * <p><b>Re-randomization.</b> A ciphertext obtained from another by adding a plaintext or
 * multiplying by a scalar reveals that plaintext to anyone who saw the original. Such results are
 * marked not {@linkplain #isSafeToShare() safe to share}, and {@link #toBytes()} re-randomizes them
 * before they leave the object (one fresh randomizer, about the cost of an encryption).
 *
 * <p>Immutable and thread-safe.
 */
public final class Ciphertext {
  private final PaillierPublicKey key;
  private final BigInteger value;
  private final FixedPointEncoding encoding;
  private final boolean safeToShare;

  Ciphertext(PaillierPublicKey key, BigInteger value, FixedPointEncoding encoding,
      boolean safeToShare) {
    this.key = key;
    this.value = value;
    this.encoding = encoding;
    this.safeToShare = safeToShare;
  }

  /**
   * Wraps a ciphertext value received from elsewhere, validating {@code 0 < c < n^2}.
   *
   * <p>{@code gcd(c, n) = 1} is not checked here: it costs about ten additions (a 2048-bit gcd),
   * and only the key holder needs it. {@link PaillierPrivateKey#decrypt} checks it for free
   * ({@code c mod p != 0}, {@code c mod q != 0}) and throws {@link InvalidCiphertextException}.
   *
   * @throws InvalidCiphertextException when the value is out of range
   */
  public static Ciphertext of(PaillierPublicKey key, BigInteger value,
      FixedPointEncoding encoding) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(encoding, "encoding");
    if (value == null || value.signum() <= 0 || value.compareTo(key.modulusSquared()) >= 0) {
      throw new InvalidCiphertextException("ciphertext for key " + key.keyId()
          + " is outside (0, n^2)");
    }
    return new Ciphertext(key, value, encoding, true);
  }

  /**
   * Checks a multi-ciphertext container received from elsewhere: exactly {@code expectedCount}
   * values, each in {@code (0, n^2)}. Returns a copy.
   */
  static BigInteger[] checkedValues(PaillierPublicKey key, BigInteger[] values, int expectedCount,
      String what) {
    if (values.length != expectedCount) {
      throw new InvalidCiphertextException(what + " needs " + expectedCount
          + " ciphertexts, got " + values.length);
    }
    BigInteger[] copy = new BigInteger[values.length];
    for (int i = 0; i < values.length; i++) {
      copy[i] = of(key, values[i], FixedPointEncoding.INTEGER).value;
    }
    return copy;
  }

  /**
   * Reads a ciphertext written by {@link #toBytes()} for {@code key}, validating format, checksum,
   * key id, length and range.
   *
   * @throws KeyMismatchException when the bytes carry another key's id
   * @throws InvalidCiphertextException when any other check fails
   */
  public static Ciphertext fromBytes(byte[] bytes, PaillierPublicKey key) {
    BinaryFormat.Reader in = new BinaryFormat.Reader(bytes, BinaryFormat.KIND_CIPHERTEXT,
        "ciphertext", InvalidCiphertextException::new);
    byte[] id = in.bytes(16, "keyId");
    int bits = in.u16("modulusBits");
    int fractionalBits = in.i32("fractionalBits");
    if (!Arrays.equals(id, key.keyIdBytes())) {
      throw new KeyMismatchException("ciphertext is for key "
          + java.util.HexFormat.of().formatHex(id) + ", read with key " + key.keyId());
    }
    if (bits != key.parameters().modulusBits()) {
      throw new InvalidCiphertextException("ciphertext declares a " + bits
          + "-bit modulus; key " + key.keyId() + " has " + key.parameters().modulusBits());
    }
    if (fractionalBits < 0 || fractionalBits > FixedPointEncoding.MAX_FRACTIONAL_BITS) {
      throw new InvalidCiphertextException("ciphertext declares fractionalBits " + fractionalBits);
    }
    BigInteger c = in.fixed(bits / 4, "c");
    in.end();
    return of(key, c, FixedPointEncoding.withFractionalBits(fractionalBits));
  }

  /**
   * Serializes in {@link BinaryFormat} version 1, re-randomizing first when this ciphertext is not
   * safe to share (see the class comment). Does not mutate this object.
   */
  public byte[] toBytes() {
    Ciphertext shared = safeToShare ? this : rerandomize();
    int bits = key.parameters().modulusBits();
    return new BinaryFormat.Writer(BinaryFormat.KIND_CIPHERTEXT)
        .bytes(key.keyIdBytes()).u16(bits).i32(encoding.fractionalBits())
        .fixed(shared.value, bits / 4).finish();
  }

  /** The key this ciphertext is bound to. */
  public PaillierPublicKey publicKey() {
    return key;
  }

  /** The encoding of the plaintext inside. */
  public FixedPointEncoding encoding() {
    return encoding;
  }

  /**
   * The raw value c, in {@code (0, n^2)}. Public information, but a value that is not
   * {@linkplain #isSafeToShare() safe to share} must not be sent as is: use
   * {@link #rerandomize()} first, or {@link #toBytes()}.
   */
  public BigInteger value() {
    return value;
  }

  /**
   * True for fresh encryptions, re-randomized ciphertexts, ciphertexts read from outside, and
   * sums of such; false after adding a plaintext or multiplying by a scalar.
   */
  public boolean isSafeToShare() {
    return safeToShare;
  }

  private void requireCompatible(Ciphertext other, String operation) {
    key.requireSame(other.key, operation);
    if (!encoding.equals(other.encoding)) {
      throw new EncodingMismatchException(operation + " combines " + encoding + " with "
          + other.encoding + "; rescale one of them first");
    }
  }

  /**
   * Returns an encryption of the sum of both plaintexts.
   *
   * @throws KeyMismatchException when the keys differ
   * @throws EncodingMismatchException when the encodings differ
   */
  public Ciphertext add(Ciphertext other) {
    requireCompatible(other, "add");
    return new Ciphertext(key, key.modNSquared.multiply(value, other.value), encoding,
        safeToShare && other.safeToShare);
  }

  /**
   * Returns an encryption of the difference of both plaintexts (costs a modular inverse).
   *
   * @throws KeyMismatchException when the keys differ
   * @throws EncodingMismatchException when the encodings differ
   */
  public Ciphertext subtract(Ciphertext other) {
    requireCompatible(other, "subtract");
    return add(other.negate());
  }

  /**
   * Returns an encryption of this plaintext plus {@code plaintext}.
   *
   * @throws EncodingMismatchException when the encodings differ
   * @throws PlaintextOverflowException when {@code plaintext} is out of range
   */
  public Ciphertext add(EncodedPlaintext plaintext) {
    if (!encoding.equals(plaintext.encoding())) {
      throw new EncodingMismatchException("add combines " + encoding + " with plaintext in "
          + plaintext.encoding() + "; encode the plaintext with the ciphertext's encoding");
    }
    BigInteger m = key.residue(plaintext.scaledValue());
    return new Ciphertext(key, key.withPlaintext(value, m), encoding, false);
  }

  /**
   * Encodes {@code plaintext} with this ciphertext's encoding and adds it.
   *
   * @throws PlaintextOverflowException when the encoded value is out of range
   */
  public Ciphertext add(double plaintext) {
    return add(encoding.encode(plaintext));
  }

  /** Returns an encryption of the negated plaintext (costs a modular inverse mod n and a lift). */
  public Ciphertext negate() {
    return new Ciphertext(key, key.inverse(value), encoding, safeToShare);
  }

  /**
   * Returns an encryption of this plaintext times the integer {@code scalar}; the encoding is
   * unchanged. Costs one exponentiation with a {@code |scalar|}-bit exponent, plus an inverse for a
   * negative scalar.
   */
  public Ciphertext multiply(long scalar) {
    return new Ciphertext(key, power(BigInteger.valueOf(scalar)), encoding, false);
  }

  /**
   * Returns an encryption of this plaintext times {@code scalar}; the result's fractional bits are
   * the sum of both operands' fractional bits.
   *
   * @throws io.fedcredit.crypto.InvalidParametersException when that sum exceeds
   *     {@link FixedPointEncoding#MAX_FRACTIONAL_BITS}
   * @throws PlaintextOverflowException when {@code scalar} is out of range
   */
  public Ciphertext multiply(EncodedPlaintext scalar) {
    key.residue(scalar.scaledValue());
    FixedPointEncoding product = FixedPointEncoding.withFractionalBits(
        encoding.fractionalBits() + scalar.encoding().fractionalBits());
    return new Ciphertext(key, power(scalar.scaledValue()), product, false);
  }

  /**
   * Returns the same plaintext expressed with more fractional bits (multiplies by
   * {@code 2^(target - current)}).
   *
   * @throws EncodingMismatchException when {@code target} has fewer fractional bits
   */
  public Ciphertext rescale(FixedPointEncoding target) {
    int shift = target.fractionalBits() - encoding.fractionalBits();
    if (shift < 0) {
      throw new EncodingMismatchException("cannot rescale " + encoding + " down to " + target
          + " under encryption");
    }
    if (shift == 0) {
      return this;
    }
    return new Ciphertext(key, power(BigInteger.ONE.shiftLeft(shift)), target, false);
  }

  /** Returns an encryption of the same plaintext with fresh randomness. */
  public Ciphertext rerandomize() {
    return new Ciphertext(key, key.modNSquared.multiply(value, key.randomness()), encoding, true);
  }

  private BigInteger power(BigInteger exponent) {
    BigInteger p = value.modPow(exponent.abs(), key.modulusSquared());
    return exponent.signum() < 0 ? key.inverse(p) : p;
  }

  /** Equal when key, encoding and value are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Ciphertext c && c.key.equals(key) && c.encoding.equals(encoding)
        && c.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Ciphertext{keyId=" + key.keyId() + ", fractionalBits=" + encoding.fractionalBits()
        + "}";
  }
}
