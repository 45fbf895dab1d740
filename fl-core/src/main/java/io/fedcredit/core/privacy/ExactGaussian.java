package io.fedcredit.core.privacy;

/**
 * The exact privacy profile of Gaussian mechanisms without subsampling. Composing Gaussian
 * mechanisms with noise multipliers {@code z_i} is exactly {@code mu}-Gaussian DP with
 * {@code mu = sqrt(sum_i z_i^-2)} (Dong, Roth and Su, "Gaussian Differential Privacy", 2019,
 * Corollary 2), and {@code mu}-GDP is {@code (epsilon, delta(epsilon))}-DP for every
 * {@code epsilon >= 0} with {@code delta(epsilon) = Phi(-epsilon/mu + mu/2) - e^epsilon
 * Phi(-epsilon/mu - mu/2)} (their Corollary 1; Balle and Wang, ICML 2018, Theorem 8), and no
 * better. It is therefore tighter than any RDP conversion whenever it applies.
 */
final class ExactGaussian {
  private static final double LOG_HALF = Math.log(0.5);
  private static final double SQRT2 = Math.sqrt(2);

  private ExactGaussian() {}

  /** {@code log Phi(x)} for the standard normal CDF, accurate far into the lower tail. */
  private static double logPhi(double x) {
    return LOG_HALF + RdpMath.logErfc(-x / SQRT2);
  }

  /** {@code log delta(epsilon)} of {@code mu}-GDP; {@code -inf} when delta is 0. */
  static double logDelta(double mu, double epsilon) {
    if (mu == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double a = logPhi(-epsilon / mu + mu / 2);
    double b = epsilon + logPhi(-epsilon / mu - mu / 2);
    return b >= a ? Double.NEGATIVE_INFINITY : RdpMath.logSub(a, b);
  }

  /**
   * The smallest epsilon at which {@code mu}-GDP gives {@code delta}, to an absolute 1e-12, found
   * by bisection in {@code [0, upper]}; {@code upper} must be a valid epsilon (e.g. an RDP bound).
   */
  static double epsilon(double mu, double delta, double upper) {
    if (mu == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    double logTarget = Math.log(delta);
    if (logDelta(mu, 0) <= logTarget) {
      return 0;
    }
    double lo = 0;
    double hi = upper;
    while (hi - lo > 1e-12 * Math.max(1, hi)) {
      double mid = 0.5 * (lo + hi);
      if (logDelta(mu, mid) > logTarget) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }
}
