package io.fedcredit.crypto.psi;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Hashing to curve25519 as RFC 9380 specifies for the suite
 * {@code curve25519_XMD:SHA-512_ELL2_RO_}: {@code expand_message_xmd} with SHA-512 gives two field
 * elements, each is mapped to the curve with Elligator 2, the two points are added and the sum is
 * multiplied by the cofactor 8. The output is indistinguishable from a random oracle into the
 * prime-order subgroup, which is what the security argument of Diffie-Hellman PSI needs.
 *
 * <p>Only the u-coordinate is returned, which is all an X25519 ladder takes. Internally the two
 * Elligator points are converted to edwards25519 (the birational map of RFC 7748, section 4.1),
 * added and doubled three times there with complete formulas, and converted back. Each Elligator
 * map costs one exponentiation (the square root of a ratio; the second candidate is derived from
 * the first because {@code g(x2) = 2 u^2 g(x1)}). All steps are constant time in the message.
 *
 * <p>Stateless and thread-safe; inputs are not modified.
 */
public final class HashToCurve25519 {
  private static final BigInteger P =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  private static final long J = 486662;
  /** sqrt(-1). */
  private static final long[] SQRT_M1 = constant(BigInteger.TWO.modPow(
      P.subtract(BigInteger.ONE).shiftRight(2), P));
  /** sqrt(2 sqrt(-1)), to turn a root of a non-square ratio into a root of 2 u^2 times it. */
  private static final long[] SQRT_2I = constant(sqrt(BigInteger.TWO.multiply(
      value(SQRT_M1)).mod(P)));
  /** sqrt(-486664), the scale of the map from curve25519 to edwards25519. */
  private static final long[] SQRT_MINUS_A_MINUS_2 = constant(sqrt(P.subtract(
      BigInteger.valueOf(J + 2))));
  /** 2d of edwards25519, d = -121665 / 121666. */
  private static final long[] D2 = constant(BigInteger.valueOf(-121665).multiply(
      BigInteger.valueOf(121666).modInverse(P)).shiftLeft(1).mod(P));
  private static final long[] MINUS_J = constant(P.subtract(BigInteger.valueOf(J)));

  private HashToCurve25519() {}

  /**
   * The u-coordinate of {@code hash_to_curve(msg)} for {@code curve25519_XMD:SHA-512_ELL2_RO_}
   * with the given domain separation tag. RFC 9380's test vectors give P.x for these inputs.
   *
   * @param msg the message (not modified)
   * @param dst the domain separation tag, 1 to 255 bytes (not modified)
   * @return a new 32-byte array, little-endian and canonical
   * @throws IllegalArgumentException if the tag is empty or longer than 255 bytes
   */
  public static byte[] hashToCurve(byte[] msg, byte[] dst) {
    Objects.requireNonNull(msg, "msg");
    Hasher h = new Hasher(dst);
    long[] u = Field25519.create();
    long[] w = Field25519.create();
    h.hash(msg, u, w);
    Field25519.inv(w, w);
    Field25519.mul(u, u, w);
    byte[] out = new byte[X25519.BYTES];
    Field25519.encode(u, out, 0);
    return out;
  }

  /**
   * {@code expand_message_xmd} of RFC 9380, section 5.3.1, with SHA-512.
   *
   * @throws IllegalArgumentException if the tag is empty or longer than 255 bytes, or the
   *     requested length is outside 1..16320
   */
  static byte[] expandMessageXmd(byte[] msg, byte[] dst, int length) {
    checkDst(dst);
    if (length < 1 || length > 255 * 64) {
      throw new IllegalArgumentException("expand_message_xmd length " + length
          + " is outside 1..16320");
    }
    MessageDigest sha = sha512();
    sha.update(new byte[128]);
    return expand(sha, msg, dst, length);
  }

  /**
   * expand_message_xmd from a SHA-512 digest that has already absorbed the 128-byte zero block
   * which starts every {@code msg_prime} (the digest is consumed).
   */
  private static byte[] expand(MessageDigest afterZeroBlock, byte[] msg, byte[] dst,
      int length) {
    MessageDigest sha = afterZeroBlock;
    int ell = (length + 63) / 64;
    sha.update(msg);
    sha.update(new byte[] {(byte) (length >>> 8), (byte) length, 0});
    sha.update(dst);
    sha.update((byte) dst.length);
    byte[] b0 = sha.digest();
    byte[] out = new byte[ell * 64];
    byte[] prev = new byte[64];
    for (int i = 1; i <= ell; i++) {
      for (int j = 0; j < 64; j++) {
        prev[j] ^= b0[j];
      }
      sha.update(prev);
      sha.update((byte) i);
      sha.update(dst);
      sha.update((byte) dst.length);
      prev = sha.digest();
      System.arraycopy(prev, 0, out, (i - 1) * 64, 64);
    }
    return out.length == length ? out : java.util.Arrays.copyOf(out, length);
  }

  /**
   * One thread's hashing state: the tag and SHA-512 already fed with the zero block that starts
   * every {@code msg_prime}, and temporaries. Not thread-safe.
   */
  static final class Hasher {
    private final byte[] dst;
    private final MessageDigest afterZeroBlock;
    private final long[][] t = new long[16][];
    private final long[] x0 = Field25519.create();
    private final long[] y0 = Field25519.create();
    private final long[] z0 = Field25519.create();
    private final long[] t0 = Field25519.create();
    private final long[] x1 = Field25519.create();
    private final long[] y1 = Field25519.create();
    private final long[] z1 = Field25519.create();
    private final long[] t1 = Field25519.create();

    Hasher(byte[] dst) {
      checkDst(dst);
      this.dst = dst.clone();
      this.afterZeroBlock = sha512();
      afterZeroBlock.update(new byte[128]);
      for (int i = 0; i < t.length; i++) {
        t[i] = Field25519.create();
      }
    }

    /**
     * Projective u-coordinate (u : w) of hash_to_curve(msg); w = 0 only for the identity, which
     * a random oracle hits with probability about 2^-252.
     */
    void hash(byte[] msg, long[] outU, long[] outW) {
      byte[] uniform = expand(msg);
      Field25519.fromWideBigEndian(t[0], uniform, 0);
      Field25519.fromWideBigEndian(t[1], uniform, 48);
      mapToEdwards(t[0], x0, y0, z0, t0);
      mapToEdwards(t[1], x1, y1, z1, t1);
      edwardsAdd(x0, y0, z0, t0, x1, y1, z1, t1);
      for (int i = 0; i < 3; i++) {
        edwardsDouble(x0, y0, z0, t0);
      }
      // u = (1 + y) / (1 - y) = (Z + Y) / (Z - Y)
      Field25519.add(outU, z0, y0);
      Field25519.carry(outU, outU);
      Field25519.sub(outW, z0, y0);
      Field25519.carry(outW, outW);
    }

    private byte[] expand(byte[] msg) {
      try {
        return HashToCurve25519.expand((MessageDigest) afterZeroBlock.clone(), msg, dst, 96);
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("SHA-512 digest cannot be cloned", e);
      }
    }

    /**
     * Elligator 2 (RFC 9380, section 6.7.1, with Z = 2) then the map to edwards25519, in extended
     * coordinates (X : Y : Z : T). The Montgomery point is (xn / xd, y).
     */
    private void mapToEdwards(long[] u, long[] ox, long[] oy, long[] oz, long[] ot) {
      long[] tv = t[2];
      long[] xd = t[3];
      long[] gn = t[4];
      long[] gd = t[5];
      long[] r = t[6];
      long[] s = t[7];
      long[] y = t[8];
      long[] xn = t[9];
      long[] chk = t[10];
      long[] tmp = t[11];
      Field25519.sqr(tv, u);
      Field25519.add(tv, tv, tv); // 2 u^2
      Field25519.carry(tv, tv);
      Field25519.one(xd);
      Field25519.add(xd, xd, tv); // 1 + 2 u^2, never 0 since -1/2 is not a square
      Field25519.carry(xd, xd);
      // g(x1) = gn / gd with x1 = -J / xd: gn = -J (J^2 - J^2 xd + xd^2) ... computed directly:
      // gn = xn^3 + J xn^2 xd + xn xd^2 = xn (xn^2 + J xn xd + xd^2), gd = xd^3
      Field25519.copy(xn, MINUS_J);
      Field25519.mul(tmp, xn, xd);
      Field25519.mulSmall(tmp, tmp, J); // J xn xd
      Field25519.sqr(gn, xn);
      Field25519.add(gn, gn, tmp);
      Field25519.carry(gn, gn);
      Field25519.sqr(tmp, xd);
      Field25519.add(gn, gn, tmp);
      Field25519.carry(gn, gn);
      Field25519.mul(gn, gn, xn);
      Field25519.sqr(gd, xd);
      Field25519.mul(gd, gd, xd);
      // r = gn gd^3 (gn gd^7)^((p-5)/8) = (gn / gd)^((p+3)/8)
      Field25519.sqr(tmp, gd);
      Field25519.mul(s, tmp, gd); // gd^3
      Field25519.mul(r, gn, s); // gn gd^3
      Field25519.sqr(tmp, tmp); // gd^4
      Field25519.mul(tmp, tmp, s); // gd^7
      Field25519.mul(tmp, tmp, gn); // gn gd^7
      Field25519.powP58(tmp, tmp);
      Field25519.mul(r, r, tmp);
      // case 1: g(x1) square, y = r or r sqrt(-1)
      Field25519.sqr(chk, r);
      Field25519.mul(chk, chk, gd);
      long direct = Field25519.equal(chk, gn);
      Field25519.neg(tmp, gn);
      long flipped = Field25519.equal(chk, tmp);
      long square = direct | flipped;
      Field25519.mul(tmp, r, SQRT_M1);
      Field25519.copy(y, r);
      Field25519.cmov(y, tmp, flipped);
      // case 2: g(x2) = 2 u^2 g(x1), root u r sqrt(2i) or u r sqrt(2i) sqrt(-1)
      Field25519.mul(s, r, u);
      Field25519.mul(s, s, SQRT_2I);
      Field25519.sqr(chk, s);
      Field25519.mul(chk, chk, gd);
      Field25519.mul(tmp, gn, tv); // numerator of g(x2)
      long direct2 = Field25519.equal(chk, tmp);
      Field25519.mul(tmp, s, SQRT_M1);
      Field25519.cmov(tmp, s, direct2);
      Field25519.cmov(y, tmp, square ^ 1);
      Field25519.mul(tmp, xn, tv);
      Field25519.cmov(xn, tmp, square ^ 1);
      // sign: sgn0(y) = 1 for x1, 0 for x2
      long wantOdd = square;
      Field25519.neg(tmp, y);
      Field25519.cmov(y, tmp, Field25519.sgn0(y) ^ wantOdd);
      // to edwards25519: x_e = c xn / (xd y), y_e = (xn - xd) / (xn + xd)
      long[] a = t[12];
      long[] b = t[13];
      long[] c = t[14];
      long[] d = t[15];
      Field25519.mul(a, xn, SQRT_MINUS_A_MINUS_2);
      Field25519.mul(b, xd, y);
      Field25519.sub(c, xn, xd);
      Field25519.carry(c, c);
      Field25519.add(d, xn, xd);
      Field25519.carry(d, d);
      Field25519.mul(ox, a, d);
      Field25519.mul(oy, c, b);
      Field25519.mul(oz, b, d);
      Field25519.mul(ot, a, c);
      // y = 0 only at the 2-torsion point (0, 0): send it to the identity, as RFC 9380 does;
      // cofactor clearing would map it there anyway
      long exceptional = Field25519.isZero(b);
      Field25519.zero(tmp);
      Field25519.cmov(ox, tmp, exceptional);
      Field25519.cmov(ot, tmp, exceptional);
      Field25519.one(tmp);
      Field25519.cmov(oy, tmp, exceptional);
      Field25519.cmov(oz, tmp, exceptional);
    }

    /** Montgomery point of Elligator 2 for tests: (x, y) affine, canonical bytes. */
    byte[][] mapToCurveForTest(long[] u) {
      long[] x = Field25519.create();
      long[] y = Field25519.create();
      long[] z = Field25519.create();
      long[] tt = Field25519.create();
      mapToEdwards(u, x, y, z, tt);
      // back to Montgomery: u = (Z + Y) / (Z - Y), v = c u / x_e = c (Z + Y) Z / ((Z - Y) X)
      long[] num = Field25519.create();
      long[] den = Field25519.create();
      long[] inv = Field25519.create();
      Field25519.add(num, z, y);
      Field25519.carry(num, num);
      Field25519.sub(den, z, y);
      Field25519.carry(den, den);
      Field25519.inv(inv, den);
      long[] mu = Field25519.create();
      Field25519.mul(mu, num, inv);
      long[] mv = Field25519.create();
      Field25519.mul(mv, den, x);
      Field25519.inv(mv, mv);
      Field25519.mul(mv, mv, num);
      Field25519.mul(mv, mv, z);
      Field25519.mul(mv, mv, SQRT_MINUS_A_MINUS_2);
      byte[][] out = {new byte[32], new byte[32]};
      Field25519.encode(mu, out[0], 0);
      Field25519.encode(mv, out[1], 0);
      return out;
    }

    /** (x0, y0, z0, t0) += (x1, y1, z1, t1) on edwards25519 (a = -1), complete formulas. */
    private void edwardsAdd(long[] x0, long[] y0, long[] z0, long[] t0, long[] x1, long[] y1,
        long[] z1, long[] t1) {
      long[] a = t[2];
      long[] b = t[3];
      long[] c = t[4];
      long[] d = t[5];
      long[] e = t[6];
      long[] f = t[7];
      long[] g = t[8];
      long[] h = t[9];
      Field25519.sub(a, y0, x0);
      Field25519.sub(e, y1, x1);
      Field25519.mul(a, a, e); // (Y0 - X0)(Y1 - X1)
      Field25519.add(b, y0, x0);
      Field25519.add(e, y1, x1);
      Field25519.mul(b, b, e); // (Y0 + X0)(Y1 + X1)
      Field25519.mul(c, t0, t1);
      Field25519.mul(c, c, D2); // 2d T0 T1
      Field25519.add(d, z1, z1);
      Field25519.mul(d, z0, d); // 2 Z0 Z1
      Field25519.sub(e, b, a);
      Field25519.sub(f, d, c);
      Field25519.add(g, d, c);
      Field25519.add(h, b, a);
      Field25519.mul(x0, e, f);
      Field25519.mul(y0, g, h);
      Field25519.mul(t0, e, h);
      Field25519.mul(z0, f, g);
    }

    /** (x, y, z, t) = 2 (x, y, z, t) on edwards25519 (a = -1). */
    private void edwardsDouble(long[] x, long[] y, long[] z, long[] tt) {
      long[] a = t[2];
      long[] b = t[3];
      long[] c = t[4];
      long[] e = t[6];
      long[] f = t[7];
      long[] g = t[8];
      long[] h = t[9];
      Field25519.sqr(a, x);
      Field25519.sqr(b, y);
      Field25519.sqr(c, z);
      Field25519.add(c, c, c); // 2 Z^2
      Field25519.carry(c, c);
      Field25519.add(h, a, b); // A + B
      Field25519.carry(h, h);
      Field25519.add(e, x, y);
      Field25519.sqr(e, e);
      Field25519.sub(e, h, e); // A + B - (X + Y)^2
      Field25519.sub(g, a, b); // A - B
      Field25519.add(f, c, g); // C + A - B
      Field25519.carry(f, f);
      Field25519.mul(x, e, f);
      Field25519.mul(y, g, h);
      Field25519.mul(tt, e, h);
      Field25519.mul(z, f, g);
    }
  }

  static void checkDst(byte[] dst) {
    Objects.requireNonNull(dst, "dst");
    if (dst.length < 1 || dst.length > 255) {
      throw new IllegalArgumentException("a domain separation tag has 1 to 255 bytes, not "
          + dst.length);
    }
  }

  static byte[] dst(String tag) {
    return tag.getBytes(StandardCharsets.US_ASCII);
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides no SHA-512", e);
    }
  }

  private static BigInteger sqrt(BigInteger a) {
    BigInteger r = a.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!r.multiply(r).mod(P).equals(a)) {
      r = r.multiply(value(SQRT_M1)).mod(P);
    }
    if (!r.multiply(r).mod(P).equals(a)) {
      throw new IllegalStateException("no square root");
    }
    return r;
  }

  private static long[] constant(BigInteger v) {
    long[] z = Field25519.create();
    BigInteger m = BigInteger.ONE.shiftLeft(51).subtract(BigInteger.ONE);
    for (int i = 0; i < 5; i++) {
      z[i] = v.shiftRight(51 * i).and(m).longValue();
    }
    return z;
  }

  private static BigInteger value(long[] z) {
    BigInteger v = BigInteger.ZERO;
    for (int i = 4; i >= 0; i--) {
      v = v.shiftLeft(51).add(BigInteger.valueOf(z[i]));
    }
    return v;
  }
}
