package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.EncodingMismatchException;
import io.fedcredit.crypto.InvalidCiphertextException;
import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.KeyMismatchException;
import io.fedcredit.crypto.PlaintextOverflowException;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An encrypted vector packed with a {@link PackingScheme}: several ciphertexts, each holding
 * {@link PackingScheme#slotsPerCiphertext} values, plus the vector length and the number of packed
 * vectors summed into it. It is a type of its own so that it cannot be mixed with an ordinary
 * {@link Ciphertext}.
 *
 * <p>Immutable and thread-safe.
 */
public final class PackedCiphertext {
  private final PackingScheme scheme;
  private final PaillierPublicKey key;
  private final int length;
  private final int summands;
  private final BigInteger[] parts;

  PackedCiphertext(PackingScheme scheme, PaillierPublicKey key, int length, int summands,
      BigInteger[] parts) {
    this.scheme = scheme;
    this.key = key;
    this.length = length;
    this.summands = summands;
    this.parts = parts;
  }

  /**
   * Rebuilds a packed vector received from elsewhere, validating the part count against the
   * length, the summand count against the scheme and every part's range.
   *
   * @throws InvalidCiphertextException when a part is not a valid ciphertext or the counts disagree
   * @throws PlaintextOverflowException when {@code summands} exceeds the scheme's maximum
   */
  public static PackedCiphertext of(PackingScheme scheme, PaillierPublicKey key, int length,
      int summands, BigInteger[] parts) {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(key, "key");
    if (length < 0) {
      throw new InvalidCiphertextException("packed vector has negative length " + length);
    }
    if (summands < 1 || summands > scheme.maxSummands()) {
      throw new PlaintextOverflowException("packed vector claims " + summands
          + " summands; " + scheme + " allows 1 to " + scheme.maxSummands());
    }
    int slots = scheme.slotsPerCiphertext(key);
    BigInteger[] checked = Ciphertext.checkedValues(key, parts, (length + slots - 1) / slots,
        "packed vector of length " + length);
    return new PackedCiphertext(scheme, key, length, summands, checked);
  }

  /** The packing scheme. */
  public PackingScheme scheme() {
    return scheme;
  }

  /** The key the parts are encrypted under. */
  public PaillierPublicKey publicKey() {
    return key;
  }

  /** Number of values in the vector. */
  public int length() {
    return length;
  }

  /** Number of packed vectors summed into this one (1 for a fresh encryption). */
  public int summands() {
    return summands;
  }

  /** Number of ciphertexts holding the vector. */
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

  void requireScheme(PackingScheme expected) {
    if (!scheme.equals(expected)) {
      throw new EncodingMismatchException("packed vector uses " + scheme + ", not " + expected);
    }
  }

  /**
   * Returns the packed encryption of the element-wise sum.
   *
   * @throws KeyMismatchException when the keys differ
   * @throws EncodingMismatchException when the schemes differ
   * @throws InvalidParametersException when the lengths differ
   * @throws PlaintextOverflowException when the sum would exceed the scheme's maximum number of
   *     summands (the slots could carry into each other)
   */
  public PackedCiphertext add(PackedCiphertext other) {
    key.requireSame(other.key, "add packed");
    requireScheme(other.scheme);
    if (length != other.length) {
      throw new InvalidParametersException("cannot add packed vectors of lengths " + length
          + " and " + other.length);
    }
    int total = summands + other.summands;
    if (total > scheme.maxSummands()) {
      throw new PlaintextOverflowException("adding gives " + total + " summands; " + scheme
          + " has headroom for " + scheme.maxSummands());
    }
    BigInteger[] sum = new BigInteger[parts.length];
    for (int i = 0; i < parts.length; i++) {
      sum[i] = key.modNSquared.multiply(parts[i], other.parts[i]);
    }
    return new PackedCiphertext(scheme, key, length, total, sum);
  }

  @Override
  public String toString() {
    return "PackedCiphertext{keyId=" + key.keyId() + ", length=" + length + ", summands="
        + summands + ", " + scheme + "}";
  }
}
