package io.fedcredit.core.privacy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;

/**
 * Exact samples of the discrete Gaussian {@code N_Z(0, sigma^2)}, the distribution on the
 * integers with {@code P[k]} proportional to {@code exp(-k^2 / (2 sigma^2))}, by the rejection
 * samplers of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy"
 * (NeurIPS 2020), Algorithms 1 to 3. Only integer arithmetic touches the randomness, so unlike
 * a floating-point Gaussian there are no irregularly spaced outputs to leak the noiseless value
 * (Mironov, CCS 2012).
 *
 * <p>Use it on integer data only: the fixed-point vectors of secure aggregation, in units of
 * the quantization step. Added to a real number it would reveal that number modulo 1. Its
 * privacy matches the continuous Gaussian's for the same {@code sigma} and integer sensitivity
 * ({@code alpha Delta^2 / (2 sigma^2)} RDP, CKS 2020), provided the clipped vector's L2 norm is
 * still bounded after rounding to the grid (randomized rounding, conditioned on the norm, as in
 * Kairouz, Liu and Steinke, ICML 2021); a sum of discrete Gaussians is close to, not exactly,
 * a discrete Gaussian. Both are the caller's part.
 *
 * <p>{@code sigma^2} is used exactly as the rational value of the double {@code sigma} squared.
 * A sample costs about 10 microseconds (big-integer coin flips), so a million coordinates take
 * seconds. Not thread-safe.
 */
public final class DiscreteGaussian {
  private static final BigInteger TWO = BigInteger.valueOf(2);

  private final Random random;
  private final double sigma;
  // sigma^2 = num / den exactly
  private final BigInteger num;
  private final BigInteger den;
  private final long t;

  /**
   * @param sigma scale, positive and at most 2^40
   * @param random the source of randomness: a {@link SecureRandom} for real use
   * @throws IllegalArgumentException when sigma is out of range
   */
  public DiscreteGaussian(double sigma, Random random) {
    if (!(sigma > 0) || sigma > 0x1p40) {
      throw new IllegalArgumentException("sigma must be in (0, 2^40]: " + sigma);
    }
    this.random = Objects.requireNonNull(random, "random");
    this.sigma = sigma;
    // sigma = s / 2^shift exactly (doubling a double is exact), so sigma^2 = s^2 / 4^shift
    int shift = 0;
    double s = sigma;
    while (s != Math.rint(s)) {
      s *= 2;
      shift++;
    }
    BigInteger whole = new BigDecimal(s).toBigIntegerExact();
    this.num = whole.multiply(whole);
    this.den = BigInteger.ONE.shiftLeft(2 * shift);
    this.t = (long) Math.floor(sigma) + 1;
  }

  /** A sampler over the JDK's DRBG ({@code SecureRandom.getInstance("DRBG")}). */
  public static DiscreteGaussian secure(double sigma) {
    return new DiscreteGaussian(sigma, BufferedSecureRandom.drbg());
  }

  /** The scale, in units of the integer grid. */
  public double sigma() {
    return sigma;
  }

  /** One sample of {@code N_Z(0, sigma^2)}. */
  public long sample() {
    // Algorithm 3: discrete Laplace proposals with scale t, accepted with probability
    // exp(-(|y| - sigma^2/t)^2 / (2 sigma^2)); with sigma^2 = a/b that exponent is
    // (|y| b t - a)^2 / (2 a b t^2)
    BigInteger bt = den.multiply(BigInteger.valueOf(t));
    BigInteger gammaDen = TWO.multiply(num).multiply(den).multiply(BigInteger.valueOf(t).pow(2));
    while (true) {
      long y = discreteLaplace(t);
      BigInteger diff = BigInteger.valueOf(Math.abs(y)).multiply(bt).subtract(num);
      if (bernoulliExpMinus(diff.multiply(diff), gammaDen)) {
        return y;
      }
    }
  }

  /** Adds independent samples to each element of {@code values}, in place. */
  public void addTo(long[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.addExact(values[i], sample());
    }
  }

  /** Algorithm 2: {@code P[x]} proportional to {@code exp(-|x| / t)} on the integers. */
  long discreteLaplace(long scale) {
    BigInteger bigScale = BigInteger.valueOf(scale);
    while (true) {
      long u = random.nextLong(scale);
      if (!bernoulliExpMinus(BigInteger.valueOf(u), bigScale)) {
        continue;
      }
      long v = 0;
      while (bernoulliExpMinus(BigInteger.ONE, BigInteger.ONE)) {
        v++;
      }
      long x = Math.addExact(u, Math.multiplyExact(scale, v));
      boolean negative = random.nextBoolean();
      if (negative && x == 0) {
        continue;
      }
      return negative ? -x : x;
    }
  }

  /** Algorithm 1: a coin with {@code P[true] = exp(-n/d)}, for {@code n >= 0, d > 0}. */
  boolean bernoulliExpMinus(BigInteger n, BigInteger d) {
    BigInteger[] whole = n.divideAndRemainder(d);
    // exp(-gamma) = exp(-1)^floor(gamma) * exp(-frac(gamma))
    for (BigInteger i = BigInteger.ZERO; i.compareTo(whole[0]) < 0; i = i.add(BigInteger.ONE)) {
      if (!bernoulliExpMinusAtMostOne(BigInteger.ONE, BigInteger.ONE)) {
        return false;
      }
    }
    return bernoulliExpMinusAtMostOne(whole[1], d);
  }

  /** {@code exp(-n/d)} for {@code 0 <= n/d <= 1}: the parity of the first failed coin. */
  private boolean bernoulliExpMinusAtMostOne(BigInteger n, BigInteger d) {
    long k = 1;
    while (bernoulli(n, d.multiply(BigInteger.valueOf(k)))) {
      k++;
    }
    return k % 2 == 1;
  }

  /** A coin with {@code P[true] = n/d}, {@code 0 <= n <= d}: a uniform integer below d. */
  private boolean bernoulli(BigInteger n, BigInteger d) {
    if (n.signum() == 0) {
      return false;
    }
    int bits = d.bitLength();
    BigInteger u;
    do {
      u = new BigInteger(bits, random);
    } while (u.compareTo(d) >= 0);
    return u.compareTo(n) < 0;
  }

  @Override
  public String toString() {
    return "DiscreteGaussian[sigma=" + sigma + ", " + random.getClass().getSimpleName() + "]";
  }
}
