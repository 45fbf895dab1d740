package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.EncodingMismatchException;
import io.fedcredit.crypto.InvalidCiphertextException;
import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.KeyMismatchException;
import java.math.BigInteger;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Several ciphertexts of small plaintexts combined into few, so that the key holder decrypts once
 * for many values ("ciphertext compression", as FATE does before sending SecureBoost histograms or
 * masked gradients to be decrypted). Whoever holds the ciphertexts compresses them homomorphically;
 * only the key holder can decrypt the result, with
 * {@link PaillierPrivateKey#decryptCompressed(CompressedCiphertext)}.
 *
 * <h2>Layout</h2>
 * Each plaintext (the scaled integer of its encoding) must lie in
 * {@code [-2^(valueBits-1), 2^(valueBits-1))}. The compressor adds the public offset
 * {@code 2^(valueBits-1)} to each, then combines {@code u} of them by Horner's rule,
 * {@code C = (...(c_(u-1)^(2^s) c_(u-2))^(2^s) ...) c_0} with {@code s = valueBits + }
 * {@value #GUARD_BITS} guard bits, so that value j sits in bits {@code [j s, j s + valueBits)} of
 * the plaintext of C and the guard bits above it are zero;
 * {@code u = floor((modulusBits - 2) / s)}.
 *
 * <h2>Cost and checks</h2>
 * Compressing costs one exponentiation by {@code 2^s} per value (s squarings); decryption then
 * costs one private-key operation per u values. A plaintext outside the declared range shows up
 * as non-zero guard bits or bits above the last slot and makes decryption throw
 * {@link io.fedcredit.crypto.PlaintextOverflowException}; a value outside the range by more than
 * {@code 2^(valueBits + GUARD_BITS)} can corrupt its neighbours undetected unless it wraps
 * (negative residues do, and are caught).
 *
 * <p>Only the key holder should receive a compressed ciphertext. Its randomness is a deterministic
 * function of the inputs': harmless when the key holder may learn which ciphertexts were combined,
 * but not when that is the secret (a SecureBoost host's bin sums: the key holder can recover the
 * randomizer of each of its own row ciphertexts and test which rows a sum combined). Then send
 * {@link #rerandomize()} instead. Immutable and thread-safe.
 */
public final class CompressedCiphertext {
  /** Zero bits kept above every value to detect values outside the declared range. */
  public static final int GUARD_BITS = 16;

  private final PaillierPublicKey key;
  private final FixedPointEncoding encoding;
  private final int valueBits;
  private final int count;
  private final BigInteger[] parts;

  CompressedCiphertext(PaillierPublicKey key, FixedPointEncoding encoding, int valueBits,
      int count, BigInteger[] parts) {
    this.key = key;
    this.encoding = encoding;
    this.valueBits = valueBits;
    this.count = count;
    this.parts = parts;
  }

  /** Values per compressed ciphertext for this key and value width. */
  public static int valuesPerCiphertext(PaillierPublicKey key, int valueBits) {
    return (key.parameters().modulusBits() - 2) / (valueBits + GUARD_BITS);
  }

  /**
   * Compresses ciphertexts whose plaintexts lie in {@code [-2^(valueBits-1), 2^(valueBits-1))},
   * using all cores when there is more than one output ciphertext. Inputs are not modified.
   *
   * @throws IllegalArgumentException when the array is empty
   * @throws InvalidParametersException when {@code valueBits} is outside {@code [1, 1024]}
   * @throws KeyMismatchException when the ciphertexts are under different keys
   * @throws EncodingMismatchException when the ciphertexts have different encodings
   */
  public static CompressedCiphertext compress(Ciphertext[] ciphertexts, int valueBits) {
    if (ciphertexts.length == 0) {
      throw new IllegalArgumentException("nothing to compress");
    }
    if (valueBits < 1 || valueBits > 1024) {
      throw new InvalidParametersException("valueBits is " + valueBits + "; use 1 to 1024");
    }
    PaillierPublicKey key = ciphertexts[0].publicKey();
    FixedPointEncoding encoding = ciphertexts[0].encoding();
    for (int i = 1; i < ciphertexts.length; i++) {
      key.requireSame(ciphertexts[i].publicKey(), "compress (entry " + i + ")");
      if (!encoding.equals(ciphertexts[i].encoding())) {
        throw new EncodingMismatchException("entry " + i + " uses " + ciphertexts[i].encoding()
            + ", entry 0 uses " + encoding);
      }
    }
    int perPart = valuesPerCiphertext(key, valueBits);
    int partCount = (ciphertexts.length + perPart - 1) / perPart;
    BigInteger offset = BigInteger.ONE.shiftLeft(valueBits - 1);
    BigInteger shift = BigInteger.ONE.shiftLeft(valueBits + GUARD_BITS);
    BigInteger[] parts = new BigInteger[partCount];
    IntStream stream = IntStream.range(0, partCount);
    (partCount > 1 ? stream.parallel() : stream).forEach(p -> {
      int from = p * perPart;
      int to = Math.min(ciphertexts.length, from + perPart);
      BigInteger acc = key.withPlaintext(ciphertexts[to - 1].value(), offset);
      for (int i = to - 2; i >= from; i--) {
        acc = key.modNSquared.multiply(acc.modPow(shift, key.modulusSquared()),
            key.withPlaintext(ciphertexts[i].value(), offset));
      }
      parts[p] = acc;
    });
    return new CompressedCiphertext(key, encoding, valueBits, ciphertexts.length, parts);
  }

  /**
   * Rebuilds a compressed vector received from elsewhere, validating the counts and every part's
   * range {@code (0, n^2)}.
   *
   * @throws InvalidCiphertextException when a count or a part is invalid
   */
  public static CompressedCiphertext of(PaillierPublicKey key, FixedPointEncoding encoding,
      int valueBits, int count, BigInteger[] parts) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(encoding, "encoding");
    if (valueBits < 1 || valueBits > 1024) {
      throw new InvalidCiphertextException("compressed vector declares valueBits " + valueBits);
    }
    if (count < 1) {
      throw new InvalidCiphertextException("compressed vector declares " + count + " values");
    }
    int perPart = valuesPerCiphertext(key, valueBits);
    BigInteger[] checked = Ciphertext.checkedValues(key, parts, (count + perPart - 1) / perPart,
        "compressed vector of " + count + " values");
    return new CompressedCiphertext(key, encoding, valueBits, count, checked);
  }

  /**
   * The same values under fresh randomness: every part times a fresh randomizer (about one
   * public-key encryption per part, on all cores). Does not modify this object.
   */
  public CompressedCiphertext rerandomize() {
    key.table(); // before the parallel loop, as in PackingScheme.encryptQuantized
    BigInteger[] fresh = new BigInteger[parts.length];
    IntStream stream = IntStream.range(0, parts.length);
    (parts.length > 1 ? stream.parallel() : stream).forEach(
        p -> fresh[p] = key.modNSquared.multiply(parts[p], key.randomness()));
    return new CompressedCiphertext(key, encoding, valueBits, count, fresh);
  }

  /** The key of the compressed ciphertexts. */
  public PaillierPublicKey publicKey() {
    return key;
  }

  /** The encoding of every value. */
  public FixedPointEncoding encoding() {
    return encoding;
  }

  /** Declared width of every value (scaled integer, sign included). */
  public int valueBits() {
    return valueBits;
  }

  /** Number of values. */
  public int count() {
    return count;
  }

  /** Number of ciphertexts holding the values. */
  public int ciphertextCount() {
    return parts.length;
  }

  /** The ciphertext values, for serialization (a copy). */
  public BigInteger[] ciphertextValues() {
    return parts.clone();
  }

  BigInteger[] parts() {
    return parts;
  }

  @Override
  public String toString() {
    return "CompressedCiphertext{keyId=" + key.keyId() + ", count=" + count + ", valueBits="
        + valueBits + "}";
  }
}
