package io.fedcredit.core.metrics;

/**
 * Discrimination and calibration of a credit model on one evaluation set (or several pooled).
 * AUC, KS and Gini are NaN when the set lacks positives or negatives, where they are undefined.
 *
 * @param examples number of labelled examples
 * @param positives examples labelled 1 (default)
 * @param auc area under the ROC curve, ties counted as one half
 * @param ks Kolmogorov-Smirnov statistic: max |TPR - FPR| over thresholds, in [0, 1]
 * @param gini {@code 2 * auc - 1}
 * @param logLoss mean binary cross-entropy, probabilities clamped to [1e-15, 1 - 1e-15]
 */
public record EvaluationMetrics(
    long examples, long positives, double auc, double ks, double gini, double logLoss) {

  public EvaluationMetrics {
    if (examples < 0 || positives < 0 || positives > examples) {
      throw new IllegalArgumentException(
          "need 0 <= positives <= examples, got positives " + positives + ", examples " + examples);
    }
  }

  /** Examples labelled 0. */
  public long negatives() {
    return examples - positives;
  }
}
