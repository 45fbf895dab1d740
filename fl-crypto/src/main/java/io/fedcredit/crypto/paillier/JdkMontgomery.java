package io.fedcredit.crypto.paillier;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.math.BigInteger;

/**
 * Montgomery multiplication mod an odd modulus through the JDK's own {@code BigInteger}
 * Montgomery routines, which HotSpot replaces by its x86-64 and AArch64 intrinsics (the ones
 * {@link BigInteger#modPow} runs on): about three times the speed of a {@code BigInteger}
 * multiplication plus a Barrett reduction for 4096-bit operands on this project's machines.
 *
 * <p>Those routines are private to {@code java.base}; they are reached only when the JVM runs with
 * {@code --add-opens java.base/java.math=ALL-UNNAMED}. Without that flag, or when the JDK's
 * private method differs from what a self-test expects at class initialization, {@link
 * #available()} is false and callers use {@link BarrettReducer}: the results are the same, only
 * slower. Operands are {@code int} arrays whose first {@code len} words hold the value, most
 * significant first (as in {@code BigInteger}), in Montgomery form {@code x R mod m} with
 * {@code R = 2^(32 len)}, kept below {@code R} but not always below m.
 *
 * <p>The JDK routine has two implementations: the intrinsic (once C2 has compiled it) writes
 * {@code len} words; its Java version (interpreted, or after a deoptimization) returns a
 * {@code 2 len}-word array with the result in the first {@code len} words. Both read only the
 * first {@code len} words of their inputs. So every buffer here has {@code 2 len} words and only
 * the first {@code len} are ever read. Immutable and thread-safe.
 */
final class JdkMontgomery {
  private static final MethodHandle MULTIPLY;
  private static final MethodHandle SQUARE;
  private static final String UNAVAILABLE;

  static {
    MethodHandle mul = null;
    MethodHandle sqr = null;
    String why = null;
    try {
      MethodHandles.Lookup l = MethodHandles.privateLookupIn(BigInteger.class,
          MethodHandles.lookup());
      mul = l.findStatic(BigInteger.class, "montgomeryMultiply", MethodType.methodType(
          int[].class, int[].class, int[].class, int[].class, int.class, long.class,
          int[].class));
      sqr = l.findStatic(BigInteger.class, "montgomerySquare", MethodType.methodType(
          int[].class, int[].class, int[].class, int.class, long.class, int[].class));
      if (!selfTest(mul, sqr)) {
        why = "the JDK's Montgomery routines failed the self-test";
        mul = null;
        sqr = null;
      }
    } catch (IllegalAccessException | NoSuchMethodException | RuntimeException e) {
      why = "java.math is not opened to this code (run the JVM with --add-opens "
          + "java.base/java.math=ALL-UNNAMED): " + e.getClass().getSimpleName();
      mul = null;
      sqr = null;
    }
    MULTIPLY = mul;
    SQUARE = sqr;
    UNAVAILABLE = why;
  }

  private final BigInteger modulus;
  private final int len;
  private final int[] n;
  private final long inv;
  private final int[] rSquared;
  private final int[] one;

  /**
   * @throws IllegalStateException when {@link #available()} is false
   * @throws IllegalArgumentException when the modulus is even or its word count is odd
   */
  JdkMontgomery(BigInteger modulus) {
    if (MULTIPLY == null) {
      throw new IllegalStateException(UNAVAILABLE);
    }
    if (!modulus.testBit(0)) {
      throw new IllegalArgumentException("Montgomery multiplication needs an odd modulus");
    }
    int words = (modulus.bitLength() + 31) / 32;
    this.len = words + (words & 1);
    this.modulus = modulus;
    this.n = words(modulus, len);
    BigInteger two64 = BigInteger.ONE.shiftLeft(64);
    this.inv = modulus.mod(two64).modInverse(two64).negate().longValue();
    BigInteger r = BigInteger.ONE.shiftLeft(32 * len);
    this.rSquared = words(r.multiply(r).mod(modulus), len);
    this.one = words(BigInteger.ONE, len);
  }

  /** Whether the JDK's routines are reachable and passed the self-test. */
  static boolean available() {
    return MULTIPLY != null;
  }

  /** Why they are not, or null. */
  static String unavailableReason() {
    return UNAVAILABLE;
  }

  /** Words per operand. */
  int words() {
    return len;
  }

  /** A buffer for results: {@code 2 len} words (see the class comment). */
  int[] buffer() {
    return new int[2 * len];
  }

  /** {@code x R mod m} for {@code 0 <= x < m}, in a buffer of {@code 2 len} words. */
  int[] toMontgomery(BigInteger x) {
    return multiply(words(x, len), rSquared, buffer());
  }

  /** {@code a R^-1 mod m}, fully reduced. */
  BigInteger fromMontgomery(int[] a) {
    BigInteger v = value(multiply(a, one, buffer()), len);
    return v.compareTo(modulus) >= 0 ? v.mod(modulus) : v;
  }

  /**
   * {@code a b R^-1 mod m} into {@code out} (which must not be {@code a} or {@code b}, and should
   * have {@code 2 len} words); returns the array holding the result in its first {@code len}
   * words (usually {@code out}).
   */
  int[] multiply(int[] a, int[] b, int[] out) {
    try {
      return (int[]) MULTIPLY.invokeExact(a, b, n, len, inv, out);
    } catch (Throwable t) {
      throw new IllegalStateException("Montgomery multiplication failed", t);
    }
  }

  /** {@code a^2 R^-1 mod m} into {@code out}, as {@link #multiply}. */
  int[] square(int[] a, int[] out) {
    try {
      return (int[]) SQUARE.invokeExact(a, n, len, inv, out);
    } catch (Throwable t) {
      throw new IllegalStateException("Montgomery squaring failed", t);
    }
  }

  static int[] words(BigInteger x, int len) {
    int[] out = new int[len];
    byte[] be = x.toByteArray();
    for (int i = 0; i < be.length; i++) {
      int bytePos = be.length - 1 - i; // 0 = least significant byte
      int word = bytePos >>> 2;
      if (word < len) {
        out[len - 1 - word] |= (be[i] & 0xFF) << (8 * (bytePos & 3));
      }
    }
    return out;
  }

  /** The value of the first {@code len} words. */
  static BigInteger value(int[] words, int len) {
    byte[] be = new byte[4 * len];
    for (int i = 0; i < len; i++) {
      int w = words[i];
      be[4 * i] = (byte) (w >>> 24);
      be[4 * i + 1] = (byte) (w >>> 16);
      be[4 * i + 2] = (byte) (w >>> 8);
      be[4 * i + 3] = (byte) w;
    }
    return new BigInteger(1, be);
  }

  private static boolean selfTest(MethodHandle mul, MethodHandle sqr) {
    try {
      java.util.Random r = new java.util.Random(20261130L);
      BigInteger m = new BigInteger(512, r).setBit(511).setBit(0);
      int len = 16;
      BigInteger two64 = BigInteger.ONE.shiftLeft(64);
      long inv = m.mod(two64).modInverse(two64).negate().longValue();
      BigInteger rInv = BigInteger.ONE.shiftLeft(32 * len).modInverse(m);
      BigInteger a = new BigInteger(500, r);
      BigInteger b = new BigInteger(500, r);
      int[] p = (int[]) mul.invokeExact(words(a, len), words(b, len), words(m, len), len, inv,
          new int[2 * len]);
      int[] s = (int[]) sqr.invokeExact(words(a, len), words(m, len), len, inv, new int[2 * len]);
      return value(p, len).mod(m).equals(a.multiply(b).multiply(rInv).mod(m))
          && value(s, len).mod(m).equals(a.multiply(a).multiply(rInv).mod(m));
    } catch (Throwable t) {
      return false;
    }
  }
}
