package io.fedcredit.core.privacy;

/**
 * A privacy event the accountant composes: {@code steps} runs of the Gaussian mechanism with
 * noise multiplier {@code z} (noise standard deviation over L2 sensitivity) on a Poisson sample
 * that includes each individual (here: each participant) independently with probability
 * {@code q}. Neighbouring datasets differ by adding or removing one individual.
 *
 * <p>Its Rényi DP at order {@code alpha} is computed exactly, following Mironov, Talwar and Zhang,
 * "Rényi Differential Privacy of the Sampled Gaussian Mechanism" (2019): at integer orders by the
 * binomial expansion of {@code A_alpha = E_{x~N(0,z^2)}[((1-q) + q e^{(2x-1)/(2z^2)})^alpha]},
 * and at fractional orders by their two-sided series with {@code erfc} factors; every sum is taken
 * in log space so that large orders and small noise do not overflow. With {@code q = 1} this is
 * the plain Gaussian mechanism, {@code alpha / (2 z^2)}.
 *
 * @param samplingRate {@code q} in [0, 1]
 * @param noiseMultiplier {@code z >= 0}; 0 means no noise (infinite privacy loss when q > 0)
 * @param steps how many times the mechanism runs, at least 1
 */
public record SampledGaussian(double samplingRate, double noiseMultiplier, long steps) {

  /** Stop a fractional-order series when a term is this much smaller (in log) than the sum. */
  private static final double SERIES_CUTOFF = 38;

  /**
   * @throws IllegalArgumentException when a parameter is out of range
   */
  public SampledGaussian {
    if (!(samplingRate >= 0 && samplingRate <= 1)) {
      throw new IllegalArgumentException("samplingRate must be in [0, 1]: " + samplingRate);
    }
    if (!(noiseMultiplier >= 0)) {
      throw new IllegalArgumentException("noiseMultiplier must be >= 0: " + noiseMultiplier);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1: " + steps);
    }
  }

  /** The same mechanism run another number of times. */
  public SampledGaussian withSteps(long newSteps) {
    return new SampledGaussian(samplingRate, noiseMultiplier, newSteps);
  }

  /** RDP of all {@code steps} runs at order {@code alpha} (RDP adds under composition). */
  public double rdp(double alpha) {
    double one = rdpPerStep(samplingRate, noiseMultiplier, alpha);
    return one == 0 ? 0 : steps * one;
  }

  /**
   * Closed-form RDP of the Gaussian mechanism without subsampling: {@code alpha / (2 z^2)}.
   *
   * @throws IllegalArgumentException unless {@code alpha > 1} and {@code z >= 0}
   */
  public static double gaussianRdp(double noiseMultiplier, double alpha) {
    checkOrder(alpha);
    if (!(noiseMultiplier >= 0)) {
      throw new IllegalArgumentException("noiseMultiplier must be >= 0: " + noiseMultiplier);
    }
    return alpha / (2 * noiseMultiplier * noiseMultiplier);
  }

  /**
   * RDP at order {@code alpha} of one run of the Poisson-subsampled Gaussian mechanism.
   *
   * @return a value in [0, +inf]
   * @throws IllegalArgumentException unless {@code alpha > 1} is finite, {@code q} in [0, 1] and
   *     {@code z >= 0}
   */
  public static double rdpPerStep(double q, double z, double alpha) {
    checkOrder(alpha);
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("samplingRate must be in [0, 1]: " + q);
    }
    if (!(z >= 0)) {
      throw new IllegalArgumentException("noiseMultiplier must be >= 0: " + z);
    }
    if (q == 0) {
      return 0;
    }
    if (z == 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (z == Double.POSITIVE_INFINITY) {
      return 0;
    }
    double logA;
    if (alpha == Math.rint(alpha)) {
      logA = logAInteger(q, z, (long) alpha);
    } else if (q == 1) {
      return gaussianRdp(z, alpha);
    } else {
      logA = logAFractional(q, z, alpha);
    }
    return Math.max(0, logA / (alpha - 1));
  }

  private static void checkOrder(double alpha) {
    if (!(alpha > 1) || alpha == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("Rényi order must be finite and > 1: " + alpha);
    }
  }

  /**
   * {@code log A_alpha} for integer alpha. Because the binomial weights sum to one,
   * {@code A - 1 = sum_{k>=2} C(alpha,k) (1-q)^(alpha-k) q^k (e^{(k^2-k)/(2z^2)} - 1)}, a sum of
   * non-negative terms (k = 0, 1 contribute exactly 0), so {@code log A = log1p(A - 1)} loses
   * nothing to cancellation even when the loss is tiny.
   */
  private static double logAInteger(double q, double z, long alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q); // -inf when q == 1: only k == alpha survives
    double twoZ2 = 2 * z * z;
    double logBinom = Math.log(alpha); // log C(alpha, 1)
    double logSum = Double.NEGATIVE_INFINITY; // log(A - 1)
    for (long k = 2; k <= alpha; k++) {
      logBinom += Math.log((double) (alpha - k + 1) / k);
      double rest = alpha - k;
      double term = logBinom + (rest == 0 ? 0 : rest * log1mQ) + k * logQ
          + RdpMath.logExpm1((double) (k * k - k) / twoZ2);
      logSum = RdpMath.logAdd(logSum, term);
    }
    return RdpMath.log1pExp(logSum);
  }

  /**
   * {@code log A_alpha} for fractional alpha and {@code 0 < q < 1} (Mironov, Talwar and Zhang
   * 2019, section 3.3): split the integral at {@code z0 = z^2 log(1/q - 1) + 1/2}, where the two
   * mixture components are equal, and expand {@code ((1-q) mu0 + q mu1)^alpha} by the
   * generalized binomial series in the smaller component on each side. Each series' terms carry
   * a Gaussian tail mass, {@code erfc}, and signs alternate past {@code i > alpha}.
   */
  private static double logAFractional(double q, double z, double alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double z2 = z * z;
    double z0 = z2 * (log1mQ - logQ) + 0.5;
    double sqrt2z = Math.sqrt(2) * z;
    double logPos = Double.NEGATIVE_INFINITY;
    double logNeg = Double.NEGATIVE_INFINITY;
    double logBinomAbs = 0; // log |C(alpha, 0)|
    int sign = 1;
    for (long i = 0; ; i++) {
      if (i > 0) {
        double factor = (alpha - i + 1) / i;
        logBinomAbs += Math.log(Math.abs(factor));
        if (factor < 0) {
          sign = -sign;
        }
      }
      double j = alpha - i;
      // left of z0: C(alpha,i) (1-q)^(alpha-i) q^i e^{(i^2-i)/(2z^2)} P[N(i, z^2) <= z0]
      double s0 = logBinomAbs + j * log1mQ + i * logQ + (i * (double) i - i) / (2 * z2)
          + Math.log(0.5) + RdpMath.logErfc((i - z0) / sqrt2z);
      // right of z0: C(alpha,i) q^(alpha-i) (1-q)^i e^{(j^2-j)/(2z^2)} P[N(j, z^2) > z0]
      double s1 = logBinomAbs + j * logQ + i * log1mQ + (j * j - j) / (2 * z2)
          + Math.log(0.5) + RdpMath.logErfc((z0 - j) / sqrt2z);
      double both = RdpMath.logAdd(s0, s1);
      if (sign > 0) {
        logPos = RdpMath.logAdd(logPos, both);
      } else {
        logNeg = RdpMath.logAdd(logNeg, both);
      }
      if (i > alpha + 1 && both < logPos - SERIES_CUTOFF) {
        break;
      }
      if (i > 10_000_000) {
        throw new ArithmeticException("RDP series did not converge for q=" + q + ", z=" + z
            + ", alpha=" + alpha);
      }
    }
    return RdpMath.logSub(logPos, logNeg);
  }
}
