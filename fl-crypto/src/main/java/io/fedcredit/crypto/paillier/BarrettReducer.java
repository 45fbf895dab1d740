package io.fedcredit.crypto.paillier;

import java.math.BigInteger;

/**
 * Modular multiplication by Barrett reduction (Menezes, van Oorschot, Vanstone, Handbook of Applied
 * Cryptography, algorithm 14.42, radix 2). It replaces {@link BigInteger#mod} (schoolbook long
 * division in Java) by two multiplications, which run on the JDK's multiply intrinsics; on this
 * project's machine that is about twice as fast for a 4096-bit modulus.
 *
 * <p>Immutable and thread-safe. Not constant-time: the final correction step runs zero to two
 * subtractions depending on the value, and {@link BigInteger} normalizes lengths.
 */
final class BarrettReducer {
  private final BigInteger modulus;
  private final int k;
  private final BigInteger mu;

  BarrettReducer(BigInteger modulus) {
    if (modulus.signum() <= 0 || modulus.bitLength() < 2) {
      throw new IllegalArgumentException("Barrett modulus must be at least 2");
    }
    this.modulus = modulus;
    this.k = modulus.bitLength();
    this.mu = BigInteger.ONE.shiftLeft(2 * k).divide(modulus);
  }

  BigInteger modulus() {
    return modulus;
  }

  /** Returns {@code x mod m} for {@code 0 <= x < 2^(2k)}, where k is the modulus' bit length. */
  BigInteger reduce(BigInteger x) {
    if (x.bitLength() <= k - 1) {
      return x;
    }
    BigInteger q = x.shiftRight(k - 1).multiply(mu).shiftRight(k + 1);
    BigInteger r = x.subtract(q.multiply(modulus));
    while (r.compareTo(modulus) >= 0) {
      r = r.subtract(modulus);
    }
    return r;
  }

  /** Returns {@code a * b mod m} for {@code 0 <= a, b < m}. */
  BigInteger multiply(BigInteger a, BigInteger b) {
    return reduce(a.multiply(b));
  }

  /** Returns {@code a^2 mod m} for {@code 0 <= a < m}. */
  BigInteger square(BigInteger a) {
    return reduce(a.multiply(a));
  }
}
