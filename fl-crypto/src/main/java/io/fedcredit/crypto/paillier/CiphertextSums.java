package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.EncodingMismatchException;
import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.KeyMismatchException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Homomorphic sums of one set of ciphertexts in many groupings, as a SecureBoost host needs: it
 * adds every row's ciphertext into one bin per feature, so each ciphertext enters hundreds of
 * sums. Each value is converted once into the form its {@link Arithmetic} multiplies fastest;
 * {@link Sum}s accumulate in that form and leave it once, as a {@link Ciphertext} or compressed
 * for decryption ({@link #compress}, the same parts as {@link CompressedCiphertext#compress}).
 *
 * <p>A sum of ciphertexts is an encryption of the sum of their plaintexts whose randomness is
 * the product of theirs: share it only with someone who must not learn which ciphertexts it
 * combined after re-randomizing it ({@link Ciphertext#rerandomize}, {@link
 * CompressedCiphertext#rerandomize}). The prepared values are immutable; a {@link Sum} is mutable
 * and not thread-safe.
 */
public final class CiphertextSums {

  /** How sums multiply mod {@code n^2}. Results are identical; only the speed differs. */
  public enum Arithmetic {
    /** {@code BigInteger} multiplication and Barrett reduction: always available. */
    BARRETT,
    /**
     * Montgomery multiplication on the JDK's own {@code BigInteger} routines (HotSpot
     * intrinsics), about three times faster at 2048-bit keys; available only when the JVM runs
     * with {@code --add-opens java.base/java.math=ALL-UNNAMED}.
     */
    JDK_MONTGOMERY;

    /** Whether this arithmetic can run in this JVM. */
    public boolean isAvailable() {
      return this == BARRETT || JdkMontgomery.available();
    }

    /** {@link #JDK_MONTGOMERY} when available, else {@link #BARRETT}. */
    public static Arithmetic fastest() {
      return JDK_MONTGOMERY.isAvailable() ? JDK_MONTGOMERY : BARRETT;
    }

    /** Why {@link #JDK_MONTGOMERY} is not available in this JVM, or null when it is. */
    public static String whyNotMontgomery() {
      return JdkMontgomery.unavailableReason();
    }

    /** A short name for reports: {@code barrett} or {@code jdk-montgomery}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final PaillierPublicKey key;
  private final FixedPointEncoding encoding;
  private final Arithmetic arithmetic;
  private final JdkMontgomery mont;
  private final BigInteger[] plain; // BARRETT
  private final int[][] prepared; // JDK_MONTGOMERY
  private final boolean safeToShare;

  private CiphertextSums(PaillierPublicKey key, FixedPointEncoding encoding, Arithmetic arithmetic,
      JdkMontgomery mont, BigInteger[] plain, int[][] prepared, boolean safeToShare) {
    this.key = key;
    this.encoding = encoding;
    this.arithmetic = arithmetic;
    this.mont = mont;
    this.plain = plain;
    this.prepared = prepared;
    this.safeToShare = safeToShare;
  }

  /**
   * Prepares values (on all cores). Entries may be null (no value at that index).
   *
   * @throws IllegalArgumentException when every entry is null, or the arithmetic is not
   *     available in this JVM
   * @throws KeyMismatchException when the values are under different keys
   * @throws EncodingMismatchException when their encodings differ
   */
  public static CiphertextSums of(Ciphertext[] values, Arithmetic arithmetic) {
    Ciphertext first = null;
    boolean safe = true;
    for (Ciphertext c : values) {
      if (c == null) {
        continue;
      }
      if (first == null) {
        first = c;
      }
      first.publicKey().requireSame(c.publicKey(), "prepare sums");
      if (!first.encoding().equals(c.encoding())) {
        throw new EncodingMismatchException("prepare sums combines " + first.encoding()
            + " with " + c.encoding());
      }
      safe &= c.isSafeToShare();
    }
    if (first == null) {
      throw new IllegalArgumentException("no ciphertext to prepare");
    }
    if (!arithmetic.isAvailable()) {
      throw new IllegalArgumentException(arithmetic + " is not available: "
          + Arithmetic.whyNotMontgomery());
    }
    PaillierPublicKey key = first.publicKey();
    if (arithmetic == Arithmetic.BARRETT) {
      BigInteger[] plain = new BigInteger[values.length];
      for (int i = 0; i < values.length; i++) {
        plain[i] = values[i] == null ? null : values[i].value();
      }
      return new CiphertextSums(key, first.encoding(), arithmetic, null, plain, null, safe);
    }
    JdkMontgomery mont = new JdkMontgomery(key.modulusSquared());
    int[][] prepared = new int[values.length][];
    IntStream.range(0, values.length).parallel().forEach(i -> prepared[i] =
        values[i] == null ? null
            : java.util.Arrays.copyOf(mont.toMontgomery(values[i].value()), mont.words()));
    return new CiphertextSums(key, first.encoding(), arithmetic, mont, null, prepared, safe);
  }

  /** The arithmetic in use. */
  public Arithmetic arithmetic() {
    return arithmetic;
  }

  /** The key of the values. */
  public PaillierPublicKey publicKey() {
    return key;
  }

  /** Number of indices (with or without a value). */
  public int size() {
    return plain != null ? plain.length : prepared.length;
  }

  /** Whether index {@code i} holds a value (false outside {@code [0, size())}). */
  public boolean has(int i) {
    if (i < 0 || i >= size()) {
      return false;
    }
    return plain != null ? plain[i] != null : prepared[i] != null;
  }

  /** A new, empty sum. */
  public Sum newSum() {
    return new Sum();
  }

  /**
   * Compresses sums for decryption by the key holder with {@link
   * PaillierPrivateKey#decryptCompressed}: the same parts, bit for bit, as {@link
   * CompressedCiphertext#compress} of the sums' ciphertexts (Horner's rule in this arithmetic,
   * on all cores when there are several parts). Not re-randomized.
   *
   * @throws IllegalArgumentException when the list is empty or a sum is empty
   * @throws InvalidParametersException when {@code valueBits} is outside {@code [1, 1024]}
   */
  public CompressedCiphertext compress(List<Sum> sums, int valueBits) {
    if (sums.isEmpty()) {
      throw new IllegalArgumentException("nothing to compress");
    }
    for (Sum s : sums) {
      if (s.isEmpty() || s.owner() != this) {
        throw new IllegalArgumentException("an empty sum, or one of other values");
      }
    }
    if (arithmetic == Arithmetic.BARRETT) {
      return CompressedCiphertext.compress(sums.stream().map(Sum::toCiphertext)
          .toArray(Ciphertext[]::new), valueBits);
    }
    if (valueBits < 1 || valueBits > 1024) {
      throw new InvalidParametersException("valueBits is " + valueBits + "; use 1 to 1024");
    }
    int perPart = CompressedCiphertext.valuesPerCiphertext(key, valueBits);
    int partCount = (sums.size() + perPart - 1) / perPart;
    int shift = valueBits + CompressedCiphertext.GUARD_BITS;
    // times (1 + offset n): adds the offset 2^(valueBits - 1) to a plaintext
    int[] offset = mont.toMontgomery(BigInteger.ONE.add(
        BigInteger.ONE.shiftLeft(valueBits - 1).multiply(key.modulus())));
    BigInteger[] parts = new BigInteger[partCount];
    IntStream stream = IntStream.range(0, partCount);
    (partCount > 1 ? stream.parallel() : stream).forEach(p -> {
      int from = p * perPart;
      int to = Math.min(sums.size(), from + perPart);
      int[] acc = mont.multiply(sums.get(to - 1).montgomery, offset, mont.buffer());
      int[] spare = mont.buffer();
      int[] shifted = mont.buffer();
      for (int i = to - 2; i >= from; i--) {
        for (int k = 0; k < shift; k++) {
          int[] sq = mont.square(acc, spare);
          spare = acc;
          acc = sq;
        }
        int[] withOffset = mont.multiply(sums.get(i).montgomery, offset, shifted);
        int[] next = mont.multiply(acc, withOffset, spare);
        shifted = withOffset;
        spare = acc;
        acc = next;
      }
      parts[p] = mont.fromMontgomery(acc);
    });
    return new CompressedCiphertext(key, encoding, valueBits, sums.size(), parts);
  }

  /** A running sum of some of the prepared values. Mutable; not thread-safe. */
  public final class Sum {
    private BigInteger barrett;
    private int[] montgomery;
    private int[] spare;

    private Sum() {}

    private CiphertextSums owner() {
      return CiphertextSums.this;
    }

    /**
     * Adds the value at index {@code i}.
     *
     * @throws IllegalArgumentException when index {@code i} holds no value
     */
    public Sum add(int i) {
      if (!has(i)) {
        throw new IllegalArgumentException("index " + i + " holds no ciphertext (of "
            + size() + ")");
      }
      if (plain != null) {
        barrett = barrett == null ? plain[i] : key.modNSquared.multiply(barrett, plain[i]);
      } else {
        addMontgomery(prepared[i]);
      }
      return this;
    }

    /**
     * Adds another sum of the same values (which is not changed).
     *
     * @throws IllegalArgumentException when it is this sum, or a sum of other values
     */
    public Sum add(Sum other) {
      if (other == this || other.owner() != CiphertextSums.this) {
        throw new IllegalArgumentException("a sum cannot add itself or a sum of other values");
      }
      if (other.isEmpty()) {
        return this;
      }
      if (plain != null) {
        barrett = barrett == null ? other.barrett
            : key.modNSquared.multiply(barrett, other.barrett);
      } else {
        addMontgomery(other.montgomery);
      }
      return this;
    }

    private void addMontgomery(int[] v) {
      if (montgomery == null) {
        montgomery = mont.buffer();
        System.arraycopy(v, 0, montgomery, 0, mont.words());
        spare = mont.buffer();
        return;
      }
      int[] out = mont.multiply(montgomery, v, spare);
      spare = montgomery;
      montgomery = out;
    }

    /** Whether nothing was added. */
    public boolean isEmpty() {
      return barrett == null && montgomery == null;
    }

    /**
     * The sum as a ciphertext (an encryption of the sum of the plaintexts).
     *
     * @throws IllegalStateException when the sum is empty
     */
    public Ciphertext toCiphertext() {
      if (isEmpty()) {
        throw new IllegalStateException("an empty sum has no ciphertext");
      }
      BigInteger v = plain != null ? barrett : mont.fromMontgomery(montgomery);
      return new Ciphertext(key, v, encoding, safeToShare);
    }
  }
}
