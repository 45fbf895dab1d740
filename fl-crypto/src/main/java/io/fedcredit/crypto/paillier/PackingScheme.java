package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.PlaintextOverflowException;
import java.math.BigInteger;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Packs many fixed-point values into one Paillier plaintext so that one encryption, one addition
 * and one decryption serve a whole slice of a vector (the idea of BatchCrypt, Zhang et al., USENIX
 * ATC 2020), with room for sums over up to {@link #maxSummands()} parties.
 *
 * <h2>Layout</h2>
 * A value v is quantized to {@code q = round(v * 2^f)}, which must satisfy {@code |q| <= B} with
 * {@code B = 2^(valueBits-1) - 1}, and stored as {@code u = q + B} in {@code [0, 2B]}. Slot j of a
 * plaintext occupies bits {@code [j * slotBits, (j+1) * slotBits)} with
 * {@code slotBits = valueBits + ceil(log2(maxSummands))}, so a sum of up to {@code maxSummands}
 * packed vectors never carries from one slot into the next; the plaintext holds
 * {@code floor((modulusBits - 1) / slotBits)} slots and stays below n. Value i of a vector goes to
 * ciphertext {@code i / slots}, slot {@code i % slots}. Unpacking a sum of k vectors subtracts
 * {@code k * B} from each slot.
 *
 * <h2>Exactness and overflow</h2>
 * Sums of quantized values are exact: unpacking returns {@code sum_k q_k} for every position, and
 * {@link #unpackDoubles} returns that integer times {@code 2^-f}. Packing a value whose quantized
 * magnitude exceeds B, or adding beyond {@code maxSummands}, throws
 * {@link PlaintextOverflowException}; so does unpacking a slot that exceeds {@code k * 2B} or
 * non-zero bits outside the slots (a malformed or malicious contribution).
 *
 * <p>Immutable and thread-safe.
 */
public final class PackingScheme {
  private final int valueBits;
  private final int fractionalBits;
  private final int maxSummands;
  private final int slotBits;
  private final long bias;

  private PackingScheme(int valueBits, int fractionalBits, int maxSummands) {
    this.valueBits = valueBits;
    this.fractionalBits = fractionalBits;
    this.maxSummands = maxSummands;
    this.slotBits = valueBits + (32 - Integer.numberOfLeadingZeros(maxSummands - 1));
    this.bias = (1L << (valueBits - 1)) - 1;
  }

  /** Returns a builder: 16 value bits, 8 fractional bits, 64 summands unless set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Bits of a quantized value, sign included. */
  public int valueBits() {
    return valueBits;
  }

  /** Fractional bits f of the quantization: values are rounded to multiples of {@code 2^-f}. */
  public int fractionalBits() {
    return fractionalBits;
  }

  /** Largest number of packed vectors that may be added together. */
  public int maxSummands() {
    return maxSummands;
  }

  /** Width of one slot: {@code valueBits + ceil(log2(maxSummands))}. */
  public int slotBits() {
    return slotBits;
  }

  /** Largest quantized magnitude B: {@code 2^(valueBits-1) - 1}. */
  public long maxQuantized() {
    return bias;
  }

  /** Largest representable magnitude: {@code (2^(valueBits-1) - 1) * 2^-f}. */
  public double maxMagnitude() {
    return Math.scalb((double) bias, -fractionalBits);
  }

  /** Slots per ciphertext under a key of this size. */
  public int slotsPerCiphertext(PaillierPublicKey key) {
    return (key.parameters().modulusBits() - 1) / slotBits;
  }

  /**
   * Quantizes a value to {@code round(v * 2^f)}.
   *
   * @throws PlaintextOverflowException when the result's magnitude exceeds
   *     {@code 2^(valueBits-1) - 1}, or v is not finite
   */
  public long quantize(double value) {
    double scaled = Math.rint(Math.scalb(value, fractionalBits));
    if (!(Math.abs(scaled) <= bias)) {
      throw new PlaintextOverflowException("value " + value + " does not fit " + this
          + " (largest magnitude " + maxMagnitude() + "); scale it down or use more valueBits");
    }
    return (long) scaled;
  }

  /**
   * Quantizes, packs and encrypts a vector (one ciphertext per {@link #slotsPerCiphertext} values;
   * several ciphertexts are encrypted on all cores). The array is not modified.
   *
   * @throws PlaintextOverflowException when any value does not fit (nothing is encrypted)
   */
  public PackedCiphertext encrypt(double[] values, PaillierPublicKey key) {
    return encryptQuantized(quantize(values), key);
  }

  /**
   * Quantizes every value of a vector with {@link #quantize(double)}. The array is not modified.
   *
   * @throws PlaintextOverflowException naming the first value that does not fit
   */
  public long[] quantize(double[] values) {
    long[] quantized = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      quantized[i] = quantize(values[i]);
    }
    return quantized;
  }

  /**
   * Maps quantized values (or exact sums of them, as {@link #unpackQuantizedSums} returns) back to
   * doubles: each integer times {@code 2^-f}, exact for magnitudes below {@code 2^53}. The array is
   * not modified.
   */
  public double[] dequantize(long[] quantized) {
    double[] out = new double[quantized.length];
    for (int i = 0; i < quantized.length; i++) {
      out[i] = Math.scalb((double) quantized[i], -fractionalBits);
    }
    return out;
  }

  /**
   * Packs and encrypts already quantized values.
   *
   * @throws PlaintextOverflowException when any value's magnitude exceeds
   *     {@code 2^(valueBits-1) - 1}
   */
  public PackedCiphertext encryptQuantized(long[] quantized, PaillierPublicKey key) {
    for (int i = 0; i < quantized.length; i++) {
      if (quantized[i] > bias || quantized[i] < -bias) {
        throw new PlaintextOverflowException("quantized value at index " + i + " ("
            + quantized[i] + ") exceeds +-" + bias + " for " + this);
      }
    }
    int slots = slotsPerCiphertext(key);
    int count = (quantized.length + slots - 1) / slots;
    BigInteger[] parts = new BigInteger[count];
    // build the key's table before the parallel loop: built lazily inside it, a pool worker could
    // block on the key's lock while the builder waits for that worker (see PaillierPublicKey)
    key.table();
    IntStream stream = IntStream.range(0, count);
    (count > 1 ? stream.parallel() : stream).forEach(c -> {
      BigInteger plain = pack(quantized, c * slots, Math.min(slots, quantized.length - c * slots));
      parts[c] = key.withPlaintext(key.randomness(), plain);
    });
    return new PackedCiphertext(this, key, quantized.length, 1, parts);
  }

  private BigInteger pack(long[] quantized, int from, int length) {
    long[] words = new long[(length * slotBits + 63) / 64 + 1];
    for (int j = 0; j < length; j++) {
      long u = quantized[from + j] + bias;
      int bit = j * slotBits;
      int w = bit >>> 6;
      int shift = bit & 63;
      words[w] |= u << shift;
      if (shift + slotBits > 64) {
        words[w + 1] |= u >>> (64 - shift);
      }
    }
    byte[] bytes = new byte[words.length * 8];
    for (int w = 0; w < words.length; w++) {
      long word = words[w];
      for (int b = 0; b < 8; b++) {
        bytes[bytes.length - 1 - (w * 8 + b)] = (byte) (word >>> (8 * b));
      }
    }
    return new BigInteger(1, bytes);
  }

  /**
   * Decrypts a (summed) packed vector to the exact integer sums {@code sum_k q_k}, one per
   * position.
   *
   * @throws io.fedcredit.crypto.KeyMismatchException when {@code privateKey} does not match
   * @throws PlaintextOverflowException when a slot or the bits above the slots show an overflow
   */
  public long[] unpackQuantizedSums(PackedCiphertext packed, PaillierPrivateKey privateKey) {
    packed.requireScheme(this);
    privateKey.publicKey().requireSame(packed.publicKey(), "decrypt packed");
    int slots = slotsPerCiphertext(packed.publicKey());
    long[] out = new long[packed.length()];
    long offset = bias * packed.summands();
    long slotMax = 2 * bias * packed.summands();
    BigInteger[] parts = packed.parts();
    IntStream stream = IntStream.range(0, parts.length);
    (parts.length > 1 ? stream.parallel() : stream).forEach(c -> {
      BigInteger plain = privateKey.decryptResidue(parts[c]);
      int used = Math.min(slots, out.length - c * slots);
      if (plain.bitLength() > used * slotBits) {
        throw new PlaintextOverflowException("packed ciphertext " + c + " has bits beyond its "
            + used + " slots: a contribution overflowed its slot");
      }
      long[] words = words(plain, used * slotBits);
      long mask = slotBits == 64 ? -1L : (1L << slotBits) - 1;
      for (int j = 0; j < used; j++) {
        int bit = j * slotBits;
        int w = bit >>> 6;
        int shift = bit & 63;
        long u = words[w] >>> shift;
        if (shift + slotBits > 64) {
          u |= words[w + 1] << (64 - shift);
        }
        u &= mask;
        if (u > slotMax) {
          throw new PlaintextOverflowException("slot " + (c * slots + j) + " holds " + u
              + ", above " + slotMax + " for a sum of " + packed.summands() + " vectors");
        }
        out[c * slots + j] = u - offset;
      }
    });
    return out;
  }

  /**
   * Decrypts a (summed) packed vector to doubles: the exact integer sums times {@code 2^-f}.
   *
   * @throws PlaintextOverflowException as {@link #unpackQuantizedSums}
   */
  public double[] unpackDoubles(PackedCiphertext packed, PaillierPrivateKey privateKey) {
    return dequantize(unpackQuantizedSums(packed, privateKey));
  }

  private static long[] words(BigInteger x, int bits) {
    byte[] be = x.toByteArray();
    long[] words = new long[bits / 64 + 2];
    for (int i = 0; i < be.length; i++) {
      int bytePos = be.length - 1 - i; // little-endian byte index
      if (bytePos / 8 < words.length) {
        words[bytePos / 8] |= (be[i] & 0xffL) << (8 * (bytePos % 8));
      }
    }
    return words;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackingScheme s && s.valueBits == valueBits
        && s.fractionalBits == fractionalBits && s.maxSummands == maxSummands;
  }

  @Override
  public int hashCode() {
    return Objects.hash(valueBits, fractionalBits, maxSummands);
  }

  @Override
  public String toString() {
    return "PackingScheme{valueBits=" + valueBits + ", fractionalBits=" + fractionalBits
        + ", maxSummands=" + maxSummands + ", slotBits=" + slotBits + "}";
  }

  /** Builder for {@link PackingScheme}; not thread-safe. */
  public static final class Builder {
    private int valueBits = 16;
    private int fractionalBits = 8;
    private int maxSummands = 64;

    private Builder() {}

    /** Bits per quantized value, sign included: 2 to 40 (default 16). */
    public Builder valueBits(int bits) {
      this.valueBits = bits;
      return this;
    }

    /** Fractional bits of the quantization: 0 to 60 (default 8). */
    public Builder fractionalBits(int bits) {
      this.fractionalBits = bits;
      return this;
    }

    /** Largest number of vectors that may be summed: 1 to 65536 (default 64). */
    public Builder maxSummands(int summands) {
      this.maxSummands = summands;
      return this;
    }

    /**
     * Validates and returns the scheme.
     *
     * @throws InvalidParametersException naming the field at fault
     */
    public PackingScheme build() {
      if (valueBits < 2 || valueBits > 40) {
        throw new InvalidParametersException("valueBits is " + valueBits + "; use 2 to 40");
      }
      if (fractionalBits < 0 || fractionalBits > 60) {
        throw new InvalidParametersException("fractionalBits is " + fractionalBits
            + "; use 0 to 60");
      }
      if (maxSummands < 1 || maxSummands > 65536) {
        throw new InvalidParametersException("maxSummands is " + maxSummands
            + "; use 1 to 65536");
      }
      return new PackingScheme(valueBits, fractionalBits, maxSummands);
    }
  }
}
