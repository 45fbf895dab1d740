package io.fedcredit.core.vertical;

import io.fedcredit.core.tree.Gradients;
import java.math.BigInteger;

/**
 * How SecureBoost packs a row's quantized gradient, hessian and a count of one into one Paillier
 * plaintext, so that one ciphertext per row and one homomorphic addition per (row, feature) carry
 * all three sums: {@code P = g + h 2^wg + 2^(wg + wh)}, with {@code g} signed and
 * {@code wg = rowBits + 25}, {@code wh = rowBits + 22} bits, {@code rowBits} bits of the largest
 * row count. A sum over any set of at most {@code 2^rowBits - 1} rows is
 * {@code G + H 2^wg + C 2^(wg + wh)}: every field stays inside its slot (|G| below
 * {@code 2^(wg-1)}, H below {@code 2^wh}, C below {@code 2^rowBits}), the total is positive for a
 * non-empty set, and {@link #unpack} recovers {@code (G, H, C)} exactly. Immutable.
 *
 * @param rowBits bits of the largest row count, 1..40
 */
public record GradientPacking(int rowBits) {

  public GradientPacking {
    if (rowBits < 1 || rowBits > 40) {
      throw new IllegalArgumentException("rowBits " + rowBits + " is outside 1..40");
    }
  }

  /** The packing for sums over at most {@code rows} rows. */
  public static GradientPacking forRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows " + rows + " must be >= 1");
    }
    return new GradientPacking(32 - Integer.numberOfLeadingZeros(rows));
  }

  /** Width of the gradient field, sign included. */
  public int gradientBits() {
    return rowBits + Gradients.FRACTIONAL_BITS + 1;
  }

  /** Width of the hessian field. */
  public int hessianBits() {
    return rowBits + Gradients.FRACTIONAL_BITS - 2;
  }

  /**
   * Bits of a packed sum as a signed value ({@link io.fedcredit.crypto.paillier
   * .CompressedCiphertext}'s {@code valueBits}): the three fields plus a sign bit.
   */
  public int valueBits() {
    return gradientBits() + hessianBits() + rowBits + 1;
  }

  /**
   * The packed plaintext of one row.
   *
   * @throws IllegalArgumentException when the gradient or hessian is outside the quantized range
   */
  public BigInteger pack(long gradient, long hessian) {
    if (Math.abs(gradient) > Gradients.MAX_GRADIENT || hessian < 0
        || hessian > Gradients.MAX_HESSIAN) {
      throw new IllegalArgumentException("quantized gradient " + gradient + " or hessian "
          + hessian + " is out of range");
    }
    return BigInteger.valueOf(gradient)
        .add(BigInteger.valueOf(hessian).shiftLeft(gradientBits()))
        .add(BigInteger.ONE.shiftLeft(gradientBits() + hessianBits()));
  }

  /**
   * The sums {@code {G, H, C}} of a packed sum.
   *
   * @param maxCount the most rows the sum may hold (the node's row count)
   * @throws IllegalArgumentException when the value cannot be a sum of at most {@code maxCount}
   *     packed rows (a corrupted or forged histogram)
   */
  public long[] unpack(BigInteger packed, long maxCount) {
    int wg = gradientBits();
    int wh = hessianBits();
    if (packed.signum() <= 0 || packed.bitLength() > wg + wh + rowBits) {
      throw new IllegalArgumentException("packed sum of " + packed.bitLength()
          + " bits is outside (0, 2^" + (wg + wh + rowBits) + ")");
    }
    long low = packed.and(mask(wg)).longValueExact();
    long g = low >= (1L << (wg - 1)) ? low - (1L << wg) : low;
    BigInteger rest = packed.subtract(BigInteger.valueOf(g)).shiftRight(wg);
    long h = rest.and(mask(wh)).longValueExact();
    long c = rest.shiftRight(wh).longValueExact();
    if (c < 1 || c > maxCount || Math.abs(g) > c * Gradients.MAX_GRADIENT
        || h > c * Gradients.MAX_HESSIAN) {
      throw new IllegalArgumentException("packed sum claims " + c + " rows (at most " + maxCount
          + " allowed) with gradient " + g + " and hessian " + h + ": not a sum of rows");
    }
    return new long[] {g, h, c};
  }

  private static BigInteger mask(int bits) {
    return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
  }
}
