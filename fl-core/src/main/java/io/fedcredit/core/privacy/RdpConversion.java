package io.fedcredit.core.privacy;

/**
 * How a Rényi DP guarantee {@code (alpha, rdp)} becomes an {@code (epsilon, delta)} guarantee.
 * Both are valid bounds; {@link #IMPROVED} is never larger than {@link #CLASSIC}, because their
 * difference, {@code log((alpha-1)/alpha) - log(alpha)/(alpha-1)}, is negative for every
 * {@code alpha > 1}.
 */
public enum RdpConversion {

  /**
   * Mironov, "Rényi Differential Privacy" (CSF 2017), Proposition 3:
   * {@code epsilon = rdp + log(1/delta) / (alpha - 1)}.
   */
  CLASSIC {
    @Override
    double epsilonUnclamped(double alpha, double rdp, double logDelta) {
      return rdp - logDelta / (alpha - 1);
    }
  },

  /**
   * Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (2020),
   * Proposition 12, equivalently Balle et al., "Hypothesis Testing Interpretations and Rényi
   * Differential Privacy" (AISTATS 2020), Theorem 21:
   * {@code epsilon = rdp + log((alpha-1)/alpha) - (log(delta) + log(alpha)) / (alpha - 1)}.
   */
  IMPROVED {
    @Override
    double epsilonUnclamped(double alpha, double rdp, double logDelta) {
      return rdp + Math.log1p(-1 / alpha) - (logDelta + Math.log(alpha)) / (alpha - 1);
    }
  };

  abstract double epsilonUnclamped(double alpha, double rdp, double logDelta);

  /**
   * The epsilon that {@code (alpha, rdp)}-RDP implies at {@code delta}, never below 0.
   *
   * @throws IllegalArgumentException unless {@code alpha > 1}, {@code rdp >= 0} and
   *     {@code 0 < delta < 1}
   */
  public double epsilon(double alpha, double rdp, double delta) {
    if (!(alpha > 1)) {
      throw new IllegalArgumentException("Rényi order must be > 1: " + alpha);
    }
    if (!(rdp >= 0)) {
      throw new IllegalArgumentException("RDP must be >= 0: " + rdp);
    }
    PrivacyBudget.checkDelta(delta);
    if (rdp == Double.POSITIVE_INFINITY) {
      return rdp;
    }
    return Math.max(0, epsilonUnclamped(alpha, rdp, Math.log(delta)));
  }
}
