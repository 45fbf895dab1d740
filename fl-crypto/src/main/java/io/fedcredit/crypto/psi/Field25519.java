package io.fedcredit.crypto.psi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Arithmetic in GF(2^255 - 19) on five 51-bit limbs held in a {@code long[5]} (radix 2^51), written
 * for speed in pure Java and for constant time: no branch and no array index depends on a field
 * value, carries are fixed shift-and-mask chains, and selections use masks.
 *
 * <p><b>Limb bounds.</b> "Reduced" means limbs below 2^51, except limb 1 which may exceed it by
 * 2^17; {@link #mul}, {@link #sqr}, {@link #sub}, {@link #mulSmall} and {@link #carry} return
 * reduced elements. {@link #mul} and {@link #sqr} accept limbs up to 2^52 + 2^18, so one
 * {@link #add} of two reduced elements may feed them directly; longer sums call {@link #carry}
 * first.
 *
 * <p><b>Products without a 128-bit accumulator.</b> Each output limb is a sum S of five products
 * below 2^111. Its low 64 bits come exactly from wrapping {@code long} multiplications; the rest,
 * floor(S / 2^64), is the rounded difference between a {@code double} estimate of S (error below
 * 2^61, far under the 2^63 that would make rounding ambiguous) and those low bits. The integer
 * multiplier does one 64-bit multiplication per product and the floating-point units, which
 * would otherwise sit idle, the estimate: about twice the speed of {@code Math.multiplyHigh},
 * whose 128-bit multiplication costs two cycles of the one integer multiplier on this class of
 * CPU. The rounding is not data-dependent control flow: it is arithmetic on every input alike.
 *
 * <p>Every method writes its result into its first argument, which may alias an input. Not for use
 * outside this package: callers must respect the bounds above.
 */
final class Field25519 {
  static final long M51 = (1L << 51) - 1;
  private static final VarHandle LE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Field25519() {}

  static long[] create() {
    return new long[5];
  }

  static long[] of(long small) {
    long[] z = new long[5];
    z[0] = small;
    return z;
  }

  static void copy(long[] z, long[] x) {
    z[0] = x[0];
    z[1] = x[1];
    z[2] = x[2];
    z[3] = x[3];
    z[4] = x[4];
  }

  static void one(long[] z) {
    z[0] = 1;
    z[1] = 0;
    z[2] = 0;
    z[3] = 0;
    z[4] = 0;
  }

  static void zero(long[] z) {
    z[0] = 0;
    z[1] = 0;
    z[2] = 0;
    z[3] = 0;
    z[4] = 0;
  }

  /** z = x + y, limb by limb, no carry. */
  static void add(long[] z, long[] x, long[] y) {
    z[0] = x[0] + y[0];
    z[1] = x[1] + y[1];
    z[2] = x[2] + y[2];
    z[3] = x[3] + y[3];
    z[4] = x[4] + y[4];
  }

  /**
   * z = x - y + 2p, carried: reduced. y must be reduced (its limbs at most those of 2p); x below
   * 2^62.
   */
  static void sub(long[] z, long[] x, long[] y) {
    long t0 = x[0] + 0xFFFFFFFFFFFDAL - y[0];
    long t1 = x[1] + 0xFFFFFFFFFFFFEL - y[1];
    long t2 = x[2] + 0xFFFFFFFFFFFFEL - y[2];
    long t3 = x[3] + 0xFFFFFFFFFFFFEL - y[3];
    long t4 = x[4] + 0xFFFFFFFFFFFFEL - y[4];
    reduce(z, t0, t1, t2, t3, t4, 0);
  }

  /** z = -x (x reduced). */
  static void neg(long[] z, long[] x) {
    z[0] = 0xFFFFFFFFFFFDAL - x[0];
    z[1] = 0xFFFFFFFFFFFFEL - x[1];
    z[2] = 0xFFFFFFFFFFFFEL - x[2];
    z[3] = 0xFFFFFFFFFFFFEL - x[3];
    z[4] = 0xFFFFFFFFFFFFEL - x[4];
    carry(z, z);
  }

  /** z = x with its limbs carried below 2^51 (plus a small excess in limb 1); limbs below 2^62. */
  static void carry(long[] z, long[] x) {
    long t0 = x[0];
    long t1 = x[1] + (t0 >>> 51);
    t0 &= M51;
    long t2 = x[2] + (t1 >>> 51);
    t1 &= M51;
    long t3 = x[3] + (t2 >>> 51);
    t2 &= M51;
    long t4 = x[4] + (t3 >>> 51);
    t3 &= M51;
    t0 += 19 * (t4 >>> 51);
    t4 &= M51;
    t1 += t0 >>> 51;
    t0 &= M51;
    z[0] = t0;
    z[1] = t1;
    z[2] = t2;
    z[3] = t3;
    z[4] = t4;
  }

  /** z = x * y (see the class comment for the bounds). */
  static void mul(long[] z, long[] x, long[] y) {
    long x0 = x[0];
    long x1 = x[1];
    long x2 = x[2];
    long x3 = x[3];
    long x4 = x[4];
    long y0 = y[0];
    long y1 = y[1];
    long y2 = y[2];
    long y3 = y[3];
    long y4 = y[4];
    long w1 = 19 * y1;
    long w2 = 19 * y2;
    long w3 = 19 * y3;
    long w4 = 19 * y4;
    double a0 = x0;
    double a1 = x1;
    double a2 = x2;
    double a3 = x3;
    double a4 = x4;
    double b0 = y0;
    double b1 = y1;
    double b2 = y2;
    double b3 = y3;
    double b4 = y4;
    double c1 = w1;
    double c2 = w2;
    double c3 = w3;
    double c4 = w4;
    long l0 = x0 * y0 + x1 * w4 + x2 * w3 + x3 * w2 + x4 * w1;
    long l1 = x0 * y1 + x1 * y0 + x2 * w4 + x3 * w3 + x4 * w2;
    long l2 = x0 * y2 + x1 * y1 + x2 * y0 + x3 * w4 + x4 * w3;
    long l3 = x0 * y3 + x1 * y2 + x2 * y1 + x3 * y0 + x4 * w4;
    long l4 = x0 * y4 + x1 * y3 + x2 * y2 + x3 * y1 + x4 * y0;
    double d0 = a0 * b0 + a1 * c4 + a2 * c3 + a3 * c2 + a4 * c1;
    double d1 = a0 * b1 + a1 * b0 + a2 * c4 + a3 * c3 + a4 * c2;
    double d2 = a0 * b2 + a1 * b1 + a2 * b0 + a3 * c4 + a4 * c3;
    double d3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + a4 * c4;
    double d4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
    reduce(z, l0 & M51, (l1 & M51) + high(l0, d0), (l2 & M51) + high(l1, d1),
        (l3 & M51) + high(l2, d2), (l4 & M51) + high(l3, d3), high(l4, d4));
  }

  /**
   * floor(S / 2^51) of a non-negative sum of products S below 2^111, from its exact low 64 bits
   * {@code low} (two's complement) and a double estimate {@code approx} within 2^61 of S: the
   * multiple of 2^64 that separates S from {@code low} is the estimate rounded, since the error
   * is far below 2^63.
   */
  private static long high(long low, double approx) {
    long m = (long) ((approx - (double) low) * 0x1p-64 + 0.5);
    return (m << 13) + (low >> 51);
  }

  /** z = x^2 (see the class comment for the bounds). */
  static void sqr(long[] z, long[] x) {
    long x0 = x[0];
    long x1 = x[1];
    long x2 = x[2];
    long x3 = x[3];
    long x4 = x[4];
    long e1 = 2 * x1;
    long e2 = 2 * x2;
    long e3 = 2 * x3;
    long e4 = 2 * x4;
    long f3 = 19 * x3;
    long f4 = 19 * x4;
    long g3 = 38 * x3;
    long g4 = 38 * x4;
    double a0 = x0;
    double a1 = x1;
    double a2 = x2;
    double a3 = x3;
    double a4 = x4;
    double de1 = e1;
    double de2 = e2;
    double de3 = e3;
    double de4 = e4;
    double df3 = f3;
    double df4 = f4;
    double dg3 = g3;
    double dg4 = g4;
    // r0 = x0^2 + 38 x1 x4 + 38 x2 x3
    long l0 = x0 * x0 + x1 * g4 + x2 * g3;
    double d0 = a0 * a0 + a1 * dg4 + a2 * dg3;
    // r1 = 2 x0 x1 + 38 x2 x4 + 19 x3^2
    long l1 = x0 * e1 + x2 * g4 + x3 * f3;
    double d1 = a0 * de1 + a2 * dg4 + a3 * df3;
    // r2 = 2 x0 x2 + x1^2 + 38 x3 x4
    long l2 = x0 * e2 + x1 * x1 + x3 * g4;
    double d2 = a0 * de2 + a1 * a1 + a3 * dg4;
    // r3 = 2 x0 x3 + 2 x1 x2 + 19 x4^2
    long l3 = x0 * e3 + x1 * e2 + x4 * f4;
    double d3 = a0 * de3 + a1 * de2 + a4 * df4;
    // r4 = 2 x0 x4 + 2 x1 x3 + x2^2
    long l4 = x0 * e4 + x1 * e3 + x2 * x2;
    double d4 = a0 * de4 + a1 * de3 + a2 * a2;
    reduce(z, l0 & M51, (l1 & M51) + high(l0, d0), (l2 & M51) + high(l1, d1),
        (l3 & M51) + high(l2, d2), (l4 & M51) + high(l3, d3), high(l4, d4));
  }

  /**
   * Carries t0..t4 (each below 2^62) plus {@code top * 2^255} (top below 2^62) into reduced limbs.
   * 2^255 = 19 mod p; top is split at bit 51 so that 19 * top cannot overflow.
   */
  private static void reduce(long[] z, long t0, long t1, long t2, long t3, long t4, long top) {
    t1 += t0 >>> 51;
    t0 &= M51;
    t2 += t1 >>> 51;
    t1 &= M51;
    t3 += t2 >>> 51;
    t2 &= M51;
    t4 += t3 >>> 51;
    t3 &= M51;
    top += t4 >>> 51;
    t4 &= M51;
    t0 += 19 * (top & M51);
    t1 += 19 * (top >>> 51) + (t0 >>> 51);
    t0 &= M51;
    z[0] = t0;
    z[1] = t1;
    z[2] = t2;
    z[3] = t3;
    z[4] = t4;
  }

  /** z = x * c for a constant 0 <= c < 2^20. Limbs of x below 2^53; result reduced. */
  static void mulSmall(long[] z, long[] x, long c) {
    long ch = c << 13;
    long x0 = x[0];
    long x1 = x[1];
    long x2 = x[2];
    long x3 = x[3];
    long x4 = x[4];
    long t0 = (x0 * c & M51) + 19 * Math.multiplyHigh(x4, ch);
    long t1 = (x1 * c & M51) + Math.multiplyHigh(x0, ch);
    long t2 = (x2 * c & M51) + Math.multiplyHigh(x1, ch);
    long t3 = (x3 * c & M51) + Math.multiplyHigh(x2, ch);
    long t4 = (x4 * c & M51) + Math.multiplyHigh(x3, ch);
    reduce(z, t0, t1, t2, t3, t4, 0);
  }

  /** z = x^(2^n), n >= 1. */
  static void sqrN(long[] z, long[] x, int n) {
    sqr(z, x);
    for (int i = 1; i < n; i++) {
      sqr(z, z);
    }
  }

  /** z = x^(2^250 - 1); also leaves x^11 in t11 (for the inversion). */
  private static void pow250(long[] z, long[] x, long[] t11) {
    long[] t0 = create();
    long[] t1 = create();
    long[] t2 = create();
    long[] t3 = create();
    sqr(t0, x); // 2
    sqrN(t1, t0, 2); // 8
    mul(t1, t1, x); // 9
    mul(t11, t0, t1); // 11
    sqr(t0, t11); // 22
    mul(t1, t1, t0); // 31 = 2^5 - 1
    sqrN(t0, t1, 5);
    mul(t1, t0, t1); // 2^10 - 1
    sqrN(t0, t1, 10);
    mul(t2, t0, t1); // 2^20 - 1
    sqrN(t0, t2, 20);
    mul(t0, t0, t2); // 2^40 - 1
    sqrN(t0, t0, 10);
    mul(t1, t0, t1); // 2^50 - 1
    sqrN(t0, t1, 50);
    mul(t2, t0, t1); // 2^100 - 1
    sqrN(t0, t2, 100);
    mul(t0, t0, t2); // 2^200 - 1
    sqrN(t0, t0, 50);
    mul(t3, t0, t1); // 2^250 - 1
    copy(z, t3);
  }

  /** z = 1/x = x^(p - 2); z = 0 when x = 0. Constant time. */
  static void inv(long[] z, long[] x) {
    long[] t = create();
    long[] t11 = create();
    pow250(t, x, t11);
    sqrN(t, t, 5); // 2^255 - 32
    mul(z, t, t11); // 2^255 - 21 = p - 2
  }

  /** z = x^((p - 5) / 8) = x^(2^252 - 3). */
  static void powP58(long[] z, long[] x) {
    long[] t = create();
    long[] t11 = create();
    pow250(t, x, t11);
    sqrN(t, t, 2); // 2^252 - 4
    mul(z, t, x);
  }

  /** Swaps a and b when bit is 1, leaves them when 0. Constant time. */
  static void cswap(long[] a, long[] b, long bit) {
    long m = -bit;
    for (int i = 0; i < 5; i++) {
      long t = m & (a[i] ^ b[i]);
      a[i] ^= t;
      b[i] ^= t;
    }
  }

  /** z = x when bit is 1, unchanged when 0. Constant time. */
  static void cmov(long[] z, long[] x, long bit) {
    long m = -bit;
    for (int i = 0; i < 5; i++) {
      z[i] ^= m & (z[i] ^ x[i]);
    }
  }

  /** Fully reduces x into [0, p) and returns the limbs (each below 2^51) in z. */
  static void canonical(long[] z, long[] x) {
    long[] t = create();
    carry(t, x);
    carry(t, t);
    // q = 1 iff t + 19 >= 2^255, i.e. t >= p
    long q = (t[0] + 19) >>> 51;
    q = (t[1] + q) >>> 51;
    q = (t[2] + q) >>> 51;
    q = (t[3] + q) >>> 51;
    q = (t[4] + q) >>> 51;
    long t0 = t[0] + 19 * q;
    long t1 = t[1] + (t0 >>> 51);
    t0 &= M51;
    long t2 = t[2] + (t1 >>> 51);
    t1 &= M51;
    long t3 = t[3] + (t2 >>> 51);
    t2 &= M51;
    long t4 = (t[4] + (t3 >>> 51)) & M51;
    t3 &= M51;
    z[0] = t0;
    z[1] = t1;
    z[2] = t2;
    z[3] = t3;
    z[4] = t4;
  }

  /** 1 when x = 0 mod p, else 0. Constant time. */
  static long isZero(long[] x) {
    long[] t = create();
    canonical(t, x);
    long acc = t[0] | t[1] | t[2] | t[3] | t[4];
    return ((acc | -acc) >>> 63) ^ 1;
  }

  /** 1 when x = y mod p, else 0. Constant time. */
  static long equal(long[] x, long[] y) {
    long[] d = create();
    sub(d, x, y);
    return isZero(d);
  }

  /** sgn0 of RFC 9380: the parity of the canonical value. */
  static long sgn0(long[] x) {
    long[] t = create();
    canonical(t, x);
    return t[0] & 1;
  }

  /** Reads 32 little-endian bytes, ignoring bit 255 (RFC 7748 decoding); accepts values >= p. */
  static void decode(long[] z, byte[] in, int off) {
    long w0 = (long) LE64.get(in, off);
    long w1 = (long) LE64.get(in, off + 8);
    long w2 = (long) LE64.get(in, off + 16);
    long w3 = (long) LE64.get(in, off + 24) & Long.MAX_VALUE;
    z[0] = w0 & M51;
    z[1] = (w0 >>> 51 | w1 << 13) & M51;
    z[2] = (w1 >>> 38 | w2 << 26) & M51;
    z[3] = (w2 >>> 25 | w3 << 39) & M51;
    z[4] = w3 >>> 12;
  }

  /** Writes the canonical 32-byte little-endian encoding of x. */
  static void encode(long[] x, byte[] out, int off) {
    long[] t = create();
    canonical(t, x);
    LE64.set(out, off, t[0] | t[1] << 51);
    LE64.set(out, off + 8, t[1] >>> 13 | t[2] << 38);
    LE64.set(out, off + 16, t[2] >>> 26 | t[3] << 25);
    LE64.set(out, off + 24, t[3] >>> 39 | t[4] << 12);
  }

  /**
   * True when the 32 bytes at {@code off} are the canonical encoding of a field element: bit 255
   * clear and value below p. Reads public data only (a received message), so it may branch.
   */
  static boolean isCanonical(byte[] in, int off) {
    long w3 = (long) LE64.get(in, off + 24);
    if (w3 < 0) {
      return false;
    }
    if (w3 != Long.MAX_VALUE) {
      return true;
    }
    long w2 = (long) LE64.get(in, off + 16);
    long w1 = (long) LE64.get(in, off + 8);
    long w0 = (long) LE64.get(in, off);
    return !(w2 == -1L && w1 == -1L && Long.compareUnsigned(w0, 0xFFFFFFFFFFFFFFEDL) >= 0);
  }

  /**
   * z = the big-endian integer in {@code in[off, off + 48)} mod p (RFC 9380 hash_to_field with
   * L = 48). Constant time: the 384-bit value v = hi * 2^256 + lo is folded as lo + 38 * hi.
   */
  static void fromWideBigEndian(long[] z, byte[] in, int off) {
    long hi1 = beLong(in, off); // bits 320..383
    long hi0 = beLong(in, off + 8); // bits 256..319
    long w3 = beLong(in, off + 16);
    long w2 = beLong(in, off + 24);
    long w1 = beLong(in, off + 32);
    long w0 = beLong(in, off + 40);
    long bit255 = w3 >>> 63;
    w3 &= Long.MAX_VALUE;
    long t0 = (w0 & M51) + 19 * bit255 + 38 * (hi0 & M51);
    long t1 = ((w0 >>> 51 | w1 << 13) & M51) + 38 * ((hi0 >>> 51 | hi1 << 13) & M51);
    long t2 = ((w1 >>> 38 | w2 << 26) & M51) + 38 * (hi1 >>> 38);
    long t3 = (w2 >>> 25 | w3 << 39) & M51;
    long t4 = w3 >>> 12;
    reduce(z, t0, t1, t2, t3, t4, 0);
  }

  private static long beLong(byte[] in, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (in[off + i] & 0xFF);
    }
    return v;
  }
}
