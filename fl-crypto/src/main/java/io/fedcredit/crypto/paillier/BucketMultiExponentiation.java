package io.fedcredit.crypto.paillier;

import java.math.BigInteger;

/**
 * Multi-exponentiation {@code prod_i b_i^(e_i) mod m} for many bases and short non-negative
 * exponents by Pippenger's bucket method (as described by Bernstein, Doumen, Lange and Oosterwijk,
 * "Faster batch forgery identification", INDOCRYPT 2012, section 4).
 *
 * <p>The exponents are cut into windows of c bits. For each window, every base is multiplied into
 * the bucket of its digit ({@code N} multiplications), and the buckets are combined by a running
 * product, {@code prod_d bucket_d^d = prod_d (prod_{d' >= d} bucket_d')}, in {@code 2 * 2^c}
 * multiplications; windows are joined by c squarings each. Total about
 * {@code ceil(b / c) * (N + 2^(c+1)) + b} multiplications for b-bit exponents, against about
 * {@code 1.2 b} per base for one exponentiation per base. c is chosen to minimize that count.
 *
 * <p>Stateless; not constant-time (the exponents here are public plaintext data).
 */
final class BucketMultiExponentiation {
  private BucketMultiExponentiation() {}

  /** Window width minimizing the multiplication count for {@code count} b-bit exponents. */
  static int window(int count, int bits) {
    int best = 1;
    long bestCost = Long.MAX_VALUE;
    for (int c = 1; c <= Math.min(bits, 20); c++) {
      long windows = (bits + c - 1) / c;
      long cost = windows * (count + (2L << c)) + bits;
      if (cost < bestCost) {
        bestCost = cost;
        best = c;
      }
    }
    return best;
  }

  /**
   * Returns {@code prod_{i in [from, to)} bases[i]^(exponents[i]) mod m}, ignoring indices whose
   * exponent is not positive when {@code sign > 0}, and using {@code -exponents[i]} for indices
   * whose exponent is negative when {@code sign < 0}. Returns 1 for an empty product.
   */
  static BigInteger multiExp(BarrettReducer reducer, BigInteger[] bases, long[] exponents,
      int from, int to, int sign) {
    int count = 0;
    long or = 0;
    for (int i = from; i < to; i++) {
      long e = select(exponents[i], sign);
      if (e != 0) {
        count++;
        or |= e;
      }
    }
    if (count == 0) {
      return BigInteger.ONE;
    }
    int bits = 64 - Long.numberOfLeadingZeros(or);
    int c = window(count, bits);
    int windows = (bits + c - 1) / c;
    long mask = (1L << c) - 1;
    BigInteger result = null;
    BigInteger[] buckets = new BigInteger[1 << c];
    for (int w = windows - 1; w >= 0; w--) {
      if (result != null) {
        for (int s = 0; s < c; s++) {
          result = reducer.square(result);
        }
      }
      java.util.Arrays.fill(buckets, null);
      int shift = w * c;
      for (int i = from; i < to; i++) {
        long e = select(exponents[i], sign);
        if (e == 0) {
          continue;
        }
        int d = (int) ((e >>> shift) & mask);
        if (d != 0) {
          buckets[d] = buckets[d] == null ? bases[i] : reducer.multiply(buckets[d], bases[i]);
        }
      }
      BigInteger running = null;
      BigInteger windowProduct = null;
      for (int d = buckets.length - 1; d >= 1; d--) {
        if (buckets[d] != null) {
          running = running == null ? buckets[d] : reducer.multiply(running, buckets[d]);
        }
        if (running != null) {
          windowProduct =
              windowProduct == null ? running : reducer.multiply(windowProduct, running);
        }
      }
      if (windowProduct != null) {
        result = result == null ? windowProduct : reducer.multiply(result, windowProduct);
      }
    }
    return result == null ? BigInteger.ONE : result;
  }

  private static long select(long e, int sign) {
    if (sign > 0) {
      return e > 0 ? e : 0;
    }
    return e < 0 ? -e : 0;
  }
}
