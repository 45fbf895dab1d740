package io.fedcredit.core.privacy;

import java.util.Locale;

/**
 * An {@code (epsilon, delta)} differential-privacy budget: a job may not release anything whose
 * accumulated guarantee is weaker.
 *
 * @param epsilon positive; {@code +inf} means "account and report, never stop"
 * @param delta in (0, 1); choose it well below {@code 1 / (number of participants)}
 */
public record PrivacyBudget(double epsilon, double delta) {

  /**
   * @throws IllegalArgumentException when epsilon is not positive or delta not in (0, 1)
   */
  public PrivacyBudget {
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("privacy budget epsilon must be > 0: " + epsilon);
    }
    checkDelta(delta);
  }

  /** A budget that is only reported against, never enforced. */
  public static PrivacyBudget unlimited(double delta) {
    return new PrivacyBudget(Double.POSITIVE_INFINITY, delta);
  }

  /** Whether epsilon is finite, so that the budget can run out. */
  public boolean isLimited() {
    return epsilon != Double.POSITIVE_INFINITY;
  }

  static void checkDelta(double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1): " + delta
          + " (typical: 1e-5, or below 1/number of participants)");
    }
  }

  @Override
  public String toString() {
    return (isLimited() ? "eps<=" + format(epsilon) : "eps unlimited") + " delta="
        + format(delta);
  }

  /** Compact number format used in privacy descriptions ({@code 1.0}, {@code 1e-05}). */
  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6) {
      String s = String.format(Locale.ROOT, "%.4g", v);
      return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
    return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+e", "e");
  }
}
