package io.fedcredit.core.privacy;

/**
 * Finds the smallest noise multiplier that keeps a planned run within a privacy budget.
 *
 * <p>Epsilon decreases as the noise multiplier grows (more noise, less loss), so a bracket found
 * by doubling and a bisection to a relative width of 1e-6 suffice; the result is the upper end of
 * the final bracket, so it always meets the budget.
 */
public final class NoiseCalibration {
  private static final double RELATIVE_TOLERANCE = 1e-6;

  private NoiseCalibration() {}

  /**
   * The noise multiplier {@code z} such that {@code steps} runs of the Gaussian mechanism with
   * sampling rate {@code q} spend at most {@code budget} (default orders, improved conversion).
   *
   * @throws IllegalArgumentException when the budget is unlimited, {@code q} is not in (0, 1] or
   *     {@code steps < 1}
   */
  public static double noiseMultiplier(PrivacyBudget budget, double samplingRate, long steps) {
    return noiseMultiplier(budget, samplingRate, steps, RdpAccountant.defaultOrders(),
        RdpConversion.IMPROVED);
  }

  /**
   * As {@link #noiseMultiplier(PrivacyBudget, double, long)} over other orders and conversion.
   *
   * @throws IllegalArgumentException as above
   */
  public static double noiseMultiplier(PrivacyBudget budget, double samplingRate, long steps,
      double[] orders, RdpConversion conversion) {
    if (!budget.isLimited()) {
      throw new IllegalArgumentException("cannot calibrate noise to an unlimited budget");
    }
    if (!(samplingRate > 0 && samplingRate <= 1)) {
      throw new IllegalArgumentException("samplingRate must be in (0, 1]: " + samplingRate);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1: " + steps);
    }
    double lo = 0;
    double hi = 1;
    while (!fits(budget, samplingRate, steps, hi, orders, conversion)) {
      lo = hi;
      hi *= 2;
      if (hi > 1e9) {
        throw new IllegalArgumentException("no noise multiplier up to 1e9 meets " + budget
            + " over " + steps + " steps at q=" + samplingRate);
      }
    }
    while (hi - lo > RELATIVE_TOLERANCE * hi) {
      double mid = 0.5 * (lo + hi);
      if (fits(budget, samplingRate, steps, mid, orders, conversion)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /** The epsilon a run would spend, for reports next to a calibrated multiplier. */
  public static PrivacySpent spent(double samplingRate, double noiseMultiplier, long steps,
      double delta) {
    RdpAccountant a = new RdpAccountant();
    a.compose(samplingRate, noiseMultiplier, steps);
    return a.spent(delta);
  }

  private static boolean fits(PrivacyBudget budget, double q, long steps, double z,
      double[] orders, RdpConversion conversion) {
    RdpAccountant a = new RdpAccountant(orders, conversion);
    return !a.wouldExceed(budget, q, z, steps);
  }
}
