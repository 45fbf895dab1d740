package io.fedcredit.core.serving;

import io.fedcredit.core.serving.ScoreOutcome.Decision;

/**
 * The bank's approval rule: approve when the probability of default is at most a bound, or when
 * the score is at least a bound. Immutable.
 *
 * @param onProbability true: {@code bound} is the largest probability of default approved;
 *     false: {@code bound} is the smallest score approved
 * @param bound the bound
 */
public record CutOff(boolean onProbability, double bound) {

  /** Validates: a probability bound lies in (0, 1), a score bound is finite. */
  public CutOff {
    if (onProbability ? !(bound > 0 && bound < 1) : !Double.isFinite(bound)) {
      throw new IllegalArgumentException("cut-off " + bound + (onProbability
          ? " is not a probability of default in (0, 1)" : " is not a finite score"));
    }
  }

  /** Approve when the probability of default is at most {@code p}. */
  public static CutOff maxProbabilityOfDefault(double p) {
    return new CutOff(true, p);
  }

  /** Approve when the score is at least {@code points}. */
  public static CutOff minScore(double points) {
    return new CutOff(false, points);
  }

  /** The decision for an applicant. */
  public Decision decide(double probabilityOfDefault, double score) {
    boolean ok = onProbability ? probabilityOfDefault <= bound : score >= bound;
    return ok ? Decision.APPROVE : Decision.DECLINE;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, onProbability ? "approve if PD <= %.4g"
        : "approve if score >= %.4g", bound);
  }
}
