package io.fedcredit.crypto.psi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The X25519 function of RFC 7748 on FedCredit's own field arithmetic ({@link Field25519}: five
 * 51-bit limbs and {@code Math.multiplyHigh}), a constant-time Montgomery ladder: the same 255
 * ladder steps, conditional swaps by mask and one inversion for every scalar and point.
 *
 * <p>It computes what BouncyCastle's {@code X25519.scalarMult} computes (the tests check this on
 * random inputs and on the RFC's vectors) and exists for speed: private set intersection needs
 * millions of scalar multiplications. The PSI classes of this package use the same ladder in
 * batches, with one inversion per batch (Montgomery's trick) instead of one per point.
 *
 * <p>Stateless and thread-safe; inputs are not modified.
 */
public final class X25519 {
  /** Length of scalars, u-coordinates and results, in bytes. */
  public static final int BYTES = 32;
  /** Ladder steps: every scalar is processed as a 255-bit number. */
  static final int BITS = 255;
  private static final long A24 = 121665;
  private static final VarHandle LE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private X25519() {}

  /**
   * X25519(k, u) as specified in RFC 7748, section 5: the scalar is clamped (bits 0, 1, 2 and 255
   * cleared, bit 254 set), bit 255 of u is ignored and non-canonical u are accepted. The result is
   * all zeros when u has small order.
   *
   * @param scalar 32 bytes, little-endian (not modified)
   * @param u 32 bytes, little-endian (not modified)
   * @return a new 32-byte array, the canonical u-coordinate of the result
   * @throws IllegalArgumentException if an argument is not 32 bytes long
   */
  public static byte[] scalarMult(byte[] scalar, byte[] u) {
    Objects.requireNonNull(scalar, "scalar");
    Objects.requireNonNull(u, "u");
    if (scalar.length != BYTES || u.length != BYTES) {
      throw new IllegalArgumentException("X25519 takes a 32-byte scalar and a 32-byte u, not "
          + scalar.length + " and " + u.length + " bytes");
    }
    long[] k = scalarWords(scalar);
    k[0] &= ~7L;
    k[3] &= Long.MAX_VALUE;
    k[3] |= 1L << 62;
    long[] x1 = Field25519.create();
    Field25519.decode(x1, u, 0);
    Ladder ladder = new Ladder();
    long[] x = Field25519.create();
    long[] z = Field25519.create();
    ladder.run(x1, k, x, z);
    Field25519.inv(z, z);
    Field25519.mul(x, x, z);
    byte[] out = new byte[BYTES];
    Field25519.encode(x, out, 0);
    return out;
  }

  /** The four little-endian 64-bit words of a 32-byte scalar. */
  static long[] scalarWords(byte[] scalar) {
    long[] k = new long[4];
    for (int i = 0; i < 4; i++) {
      k[i] = (long) LE64.get(scalar, 8 * i);
    }
    return k;
  }

  /**
   * A Montgomery ladder with its temporaries, reused across scalar multiplications by one thread.
   * Not thread-safe.
   */
  static final class Ladder {
    private final long[] x2 = Field25519.create();
    private final long[] z2 = Field25519.create();
    private final long[] x3 = Field25519.create();
    private final long[] z3 = Field25519.create();
    private final long[] a = Field25519.create();
    private final long[] aa = Field25519.create();
    private final long[] b = Field25519.create();
    private final long[] bb = Field25519.create();
    private final long[] e = Field25519.create();
    private final long[] c = Field25519.create();
    private final long[] d = Field25519.create();
    private final long[] t = Field25519.create();

    /**
     * Projective u-coordinate (x : z) of [k] P where u(P) = x1, for any k below 2^255 given as
     * four little-endian words. z = 0 when the result is the point at infinity. Constant time in
     * k and x1. x1 must be reduced (limbs below 2^52) and is not modified.
     */
    void run(long[] x1, long[] k, long[] outX, long[] outZ) {
      Field25519.one(x2);
      Field25519.zero(z2);
      Field25519.copy(x3, x1);
      Field25519.one(z3);
      long swap = 0;
      for (int i = BITS - 1; i >= 0; i--) {
        long bit = (k[i >>> 6] >>> (i & 63)) & 1;
        swap ^= bit;
        Field25519.cswap(x2, x3, swap);
        Field25519.cswap(z2, z3, swap);
        swap = bit;

        Field25519.add(a, x2, z2); // A = x2 + z2
        Field25519.sub(b, x2, z2); // B = x2 - z2
        Field25519.add(c, x3, z3); // C = x3 + z3
        Field25519.sub(d, x3, z3); // D = x3 - z3
        Field25519.sqr(aa, a); // AA
        Field25519.sqr(bb, b); // BB
        Field25519.mul(d, d, a); // DA
        Field25519.mul(c, c, b); // CB
        Field25519.sub(e, aa, bb); // E = AA - BB
        Field25519.add(t, d, c); // DA + CB
        Field25519.sqr(x3, t);
        Field25519.sub(t, d, c); // DA - CB
        Field25519.sqr(t, t);
        Field25519.mul(z3, t, x1);
        Field25519.mul(x2, aa, bb);
        Field25519.mulSmall(t, e, A24);
        Field25519.add(t, t, aa);
        Field25519.mul(z2, e, t);
      }
      Field25519.cswap(x2, x3, swap);
      Field25519.cswap(z2, z3, swap);
      Field25519.copy(outX, x2);
      Field25519.copy(outZ, z2);
    }
  }
}
