package io.fedcredit.crypto.psi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.junit.jupiter.api.Test;

/**
 * The 51-bit-limb field arithmetic against {@link BigInteger} mod p and against BouncyCastle's
 * {@link X25519Field}, on random elements, on elements whose limbs sit at the bounds the code
 * allows, and on the edge values 0, 1, p - 1, p, 2^255 - 1.
 */
class Field25519Test {
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger M51 = BigInteger.ONE.shiftLeft(51).subtract(BigInteger.ONE);
  /** Largest limb mul and sqr accept. */
  private static final long MAX = (1L << 52) + (1L << 18) - 1;

  /** Field elements as limbs: canonical values, values >= p, and limbs up to just below 2^52. */
  @Provide
  Arbitrary<long[]> elements() {
    Arbitrary<long[]> random = Arbitraries.randomValue(r -> randomLimbs(r, 51));
    Arbitrary<long[]> wide = Arbitraries.randomValue(r -> {
      long[] z = randomLimbs(r, 52);
      for (int i = 0; i < 5; i++) {
        z[i] += r.nextInt(1 << 18); // up to the 2^52 + 2^18 that mul and sqr accept
      }
      return z;
    });
    Arbitrary<long[]> edges = Arbitraries.of(limbs(BigInteger.ZERO), limbs(BigInteger.ONE),
        limbs(P.subtract(BigInteger.ONE)), limbs(P), limbs(BigInteger.ONE.shiftLeft(255)
            .subtract(BigInteger.ONE)), new long[] {
                (1L << 52) - 1, (1L << 52) - 1, (1L << 52) - 1, (1L << 52) - 1, (1L << 52) - 1},
        new long[] {MAX, MAX, MAX, MAX, MAX}, new long[] {MAX, 0, MAX, 0, MAX},
        new long[] {0, MAX, 0, MAX, 0});
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, random), net.jqwik.api.Tuple.of(3, wide),
        net.jqwik.api.Tuple.of(1, edges));
  }

  static long[] randomLimbs(Random r, int bits) {
    long[] z = new long[5];
    for (int i = 0; i < 5; i++) {
      z[i] = r.nextLong() >>> (64 - bits);
    }
    return z;
  }

  static long[] limbs(BigInteger v) {
    long[] z = new long[5];
    for (int i = 0; i < 5; i++) {
      z[i] = v.shiftRight(51 * i).and(M51).longValue();
    }
    return z;
  }

  static BigInteger value(long[] z) {
    BigInteger v = BigInteger.ZERO;
    for (int i = 4; i >= 0; i--) {
      v = v.shiftLeft(51).add(BigInteger.valueOf(z[i]));
    }
    return v.mod(P);
  }

  static byte[] le32(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  static BigInteger fromLe(byte[] le) {
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    return new BigInteger(1, be);
  }

  @Property(tries = 3000)
  void mulMatchesBigInteger(@ForAll("elements") long[] x, @ForAll("elements") long[] y) {
    long[] z = Field25519.create();
    Field25519.mul(z, x, y);
    assertEquals(value(x).multiply(value(y)).mod(P), value(z));
    assertLimbsBelow(z, 52);
  }

  /** The double estimate of the high part at its worst: every limb at the largest bound. */
  @Test
  void extremeLimbsMultiplyExactly() {
    long[] max = {MAX, MAX, MAX, MAX, MAX};
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 20000; i++) {
      long[] x = max.clone();
      long[] y = max.clone();
      x[r.nextInt(5)] -= r.nextInt(1 << 20);
      y[r.nextInt(5)] = r.nextLong() >>> 12;
      long[] z = Field25519.create();
      Field25519.mul(z, x, y);
      assertEquals(value(x).multiply(value(y)).mod(P), value(z));
      Field25519.sqr(z, x);
      assertEquals(value(x).pow(2).mod(P), value(z));
    }
  }

  @Property(tries = 3000)
  void sqrMatchesBigInteger(@ForAll("elements") long[] x) {
    long[] z = Field25519.create();
    Field25519.sqr(z, x);
    assertEquals(value(x).pow(2).mod(P), value(z));
    assertLimbsBelow(z, 52);
  }

  @Property(tries = 2000)
  void lazyAddAndSubFeedMultiplication(@ForAll("elements") long[] x, @ForAll("elements") long[] y,
      @ForAll("elements") long[] w) {
    // the ladder's pattern: (x + y) * (x' - y') with x, y, x', y' outputs of a multiplication
    long[] a = Field25519.create();
    long[] b = Field25519.create();
    long[] xr = Field25519.create();
    long[] yr = Field25519.create();
    Field25519.mul(xr, x, w);
    Field25519.mul(yr, y, w);
    Field25519.add(a, xr, yr);
    Field25519.sub(b, xr, yr);
    assertLimbsBelow(a, 53);
    assertLimbsBelow(b, 52);
    long[] z = Field25519.create();
    Field25519.mul(z, a, b);
    BigInteger xv = value(xr);
    BigInteger yv = value(yr);
    assertEquals(xv.add(yv).multiply(xv.subtract(yv)).mod(P), value(z));
    Field25519.sqr(z, b);
    assertEquals(xv.subtract(yv).pow(2).mod(P), value(z));
  }

  @Property(tries = 2000)
  void mulSmallMatchesBigInteger(@ForAll("elements") long[] x) {
    long[] z = Field25519.create();
    Field25519.mulSmall(z, x, 121665);
    assertEquals(value(x).multiply(BigInteger.valueOf(121665)).mod(P), value(z));
  }

  @Property(tries = 300)
  void inversionMatchesBigInteger(@ForAll("elements") long[] x) {
    long[] z = Field25519.create();
    Field25519.inv(z, x);
    BigInteger v = value(x);
    assertEquals(v.signum() == 0 ? BigInteger.ZERO : v.modInverse(P), value(z));
  }

  @Property(tries = 300)
  void powP58MatchesBigInteger(@ForAll("elements") long[] x) {
    long[] z = Field25519.create();
    Field25519.powP58(z, x);
    BigInteger e = P.subtract(BigInteger.valueOf(5)).shiftRight(3);
    assertEquals(value(x).modPow(e, P), value(z));
  }

  @Property(tries = 2000)
  void encodingIsCanonicalAndMatchesBouncyCastle(@ForAll("elements") long[] x) {
    byte[] mine = new byte[32];
    Field25519.encode(x, mine, 0);
    assertArrayEquals(le32(value(x)), mine);
    assertTrue(Field25519.isCanonical(mine, 0));
    long[] back = Field25519.create();
    Field25519.decode(back, mine, 0);
    assertEquals(value(x), value(back));
    assertEquals(value(x).signum() == 0 ? 1L : 0L, Field25519.isZero(x));
    assertEquals(value(x).testBit(0) ? 1L : 0L, Field25519.sgn0(x));
  }

  @Property(tries = 2000)
  void agreesWithBouncyCastleField(@ForAll("elements") long[] x, @ForAll("elements") long[] y) {
    byte[] xb = new byte[32];
    byte[] yb = new byte[32];
    Field25519.encode(x, xb, 0);
    Field25519.encode(y, yb, 0);
    int[] bx = X25519Field.create();
    int[] by = X25519Field.create();
    int[] bz = X25519Field.create();
    X25519Field.decode(xb, 0, bx);
    X25519Field.decode(yb, 0, by);
    X25519Field.mul(bx, by, bz);
    X25519Field.normalize(bz);
    byte[] expected = new byte[32];
    X25519Field.encode(bz, expected, 0);
    long[] z = Field25519.create();
    Field25519.mul(z, x, y);
    byte[] actual = new byte[32];
    Field25519.encode(z, actual, 0);
    assertArrayEquals(expected, actual);

    X25519Field.sqr(bx, bz);
    X25519Field.normalize(bz);
    X25519Field.encode(bz, expected, 0);
    Field25519.sqr(z, x);
    Field25519.encode(z, actual, 0);
    assertArrayEquals(expected, actual);
  }

  @Property(tries = 1000)
  void nonCanonicalEncodingsAreDetected(@ForAll("elements") long[] x) {
    byte[] b = le32(value(x).add(P)); // value + p < 2^256: non-canonical or bit 255 set
    assertFalse(Field25519.isCanonical(b, 0));
    long[] d = Field25519.create();
    Field25519.decode(d, b, 0); // decoding ignores bit 255, as RFC 7748 says
    BigInteger expected = value(x).add(P).clearBit(255).mod(P);
    assertEquals(expected, value(d));
  }

  @Test
  void edgeEncodings() {
    assertTrue(Field25519.isCanonical(le32(P.subtract(BigInteger.ONE)), 0));
    assertFalse(Field25519.isCanonical(le32(P), 0));
    assertFalse(Field25519.isCanonical(le32(P.add(BigInteger.valueOf(18))), 0));
    assertTrue(Field25519.isCanonical(new byte[32], 0));
  }

  @Property(tries = 1000)
  void wideReductionMatchesBigInteger(@ForAll byte[] seed) {
    byte[] wide = new byte[48];
    new Random(java.util.Arrays.hashCode(seed)).nextBytes(wide);
    if (seed.length > 0 && seed[0] % 3 == 0) {
      java.util.Arrays.fill(wide, (byte) 0xFF);
    }
    long[] z = Field25519.create();
    Field25519.fromWideBigEndian(z, wide, 0);
    assertEquals(new BigInteger(1, wide).mod(P), value(z));
  }

  @Property(tries = 500)
  void conditionalSwapAndMove(@ForAll("elements") long[] x, @ForAll("elements") long[] y) {
    long[] a = x.clone();
    long[] b = y.clone();
    Field25519.cswap(a, b, 0);
    assertArrayEquals(x, a);
    Field25519.cswap(a, b, 1);
    assertArrayEquals(y, a);
    assertArrayEquals(x, b);
    long[] c = x.clone();
    Field25519.cmov(c, y, 0);
    assertArrayEquals(x, c);
    Field25519.cmov(c, y, 1);
    assertArrayEquals(y, c);
  }

  private static void assertLimbsBelow(long[] z, int bits) {
    for (long l : z) {
      assertTrue(l >= 0 && l < (1L << bits), "limb " + Long.toHexString(l) + " >= 2^" + bits);
    }
  }
}
