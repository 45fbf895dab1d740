package io.fedcredit.crypto.secagg;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shamir's t-of-n secret sharing (1979) over the prime field of the Mersenne prime 2^521 - 1,
 * for secrets of up to 64 bytes (keys and mask seeds). Any {@code t} shares reconstruct the
 * secret; fewer reveal nothing about it. Share {@code i} is the polynomial evaluated at
 * {@code x = i}, with {@code i} from 1.
 */
public final class ShamirSharing {
  /** 2^521 - 1. */
  public static final BigInteger PRIME = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);
  /** Longest secret, in bytes. */
  public static final int MAX_SECRET_BYTES = 64;

  private ShamirSharing() {}

  /**
   * Splits a secret into shares for {@code x = 1..n}.
   *
   * @throws SecureAggregationException if {@code t} is not in [1, n] or the secret is too long
   */
  public static List<Share> split(byte[] secret, int n, int t, SecureRandom random) {
    int[] xs = new int[n];
    for (int i = 0; i < n; i++) {
      xs[i] = i + 1;
    }
    return split(secret, xs, t, random);
  }

  /**
   * Splits a secret into shares at the given distinct points {@code x >= 1} (for example the
   * roster positions of the parties that will hold them).
   *
   * @throws SecureAggregationException if {@code t} is not in [1, xs.length], a point repeats or
   *     is below 1, or the secret is too long
   */
  public static List<Share> split(byte[] secret, int[] xs, int t, SecureRandom random) {
    int n = xs.length;
    if (t < 1 || t > n) {
      throw new SecureAggregationException("threshold " + t + " must be in [1, " + n + "]");
    }
    Set<Integer> distinct = new HashSet<>();
    for (int x : xs) {
      if (x < 1 || !distinct.add(x)) {
        throw new SecureAggregationException("share points must be distinct and >= 1");
      }
    }
    if (secret.length > MAX_SECRET_BYTES) {
      throw new SecureAggregationException("secrets are at most " + MAX_SECRET_BYTES
          + " bytes, got " + secret.length);
    }
    BigInteger[] coeffs = new BigInteger[t];
    coeffs[0] = new BigInteger(1, secret);
    for (int i = 1; i < t; i++) {
      coeffs[i] = randomElement(random);
    }
    List<Share> shares = new ArrayList<>(n);
    for (int x : xs) {
      BigInteger bx = BigInteger.valueOf(x);
      BigInteger y = BigInteger.ZERO;
      for (int i = t - 1; i >= 0; i--) {
        y = y.multiply(bx).add(coeffs[i]).mod(PRIME);
      }
      shares.add(new Share(x, y));
    }
    return shares;
  }

  /**
   * Reconstructs a secret from at least {@code t} shares with distinct {@code x} (Lagrange
   * interpolation at 0); extra shares are ignored.
   *
   * @param secretLength the length of the original secret in bytes
   * @throws BelowThresholdException with fewer than {@code t} distinct shares
   */
  public static byte[] reconstruct(Collection<Share> shares, int t, int secretLength) {
    List<Share> use = new ArrayList<>(t);
    Set<Integer> xs = new HashSet<>();
    for (Share s : shares) {
      if (xs.add(s.x()) && use.size() < t) {
        use.add(s);
      }
    }
    if (use.size() < t) {
      throw new BelowThresholdException("reconstruction", xs.size(), t);
    }
    BigInteger secret = BigInteger.ZERO;
    for (Share si : use) {
      BigInteger num = BigInteger.ONE;
      BigInteger den = BigInteger.ONE;
      for (Share sj : use) {
        if (sj != si) {
          num = num.multiply(BigInteger.valueOf(sj.x())).mod(PRIME);
          den = den.multiply(BigInteger.valueOf(sj.x() - (long) si.x())).mod(PRIME);
        }
      }
      BigInteger term = si.y().multiply(num).mod(PRIME).multiply(den.modInverse(PRIME));
      secret = secret.add(term).mod(PRIME);
    }
    byte[] raw = secret.toByteArray();
    int skip = raw.length > secretLength ? raw.length - secretLength : 0;
    for (int i = 0; i < skip; i++) {
      if (raw[i] != 0) {
        throw new SecureAggregationException("reconstructed value does not fit "
            + secretLength + " bytes: the shares are inconsistent");
      }
    }
    byte[] out = new byte[secretLength];
    int len = raw.length - skip;
    System.arraycopy(raw, skip, out, secretLength - len, len);
    return out;
  }

  private static BigInteger randomElement(SecureRandom random) {
    BigInteger r;
    do {
      r = new BigInteger(521, random);
    } while (r.compareTo(PRIME) >= 0);
    return r;
  }
}
