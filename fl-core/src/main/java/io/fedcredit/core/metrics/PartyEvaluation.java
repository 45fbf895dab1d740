package io.fedcredit.core.metrics;

import java.util.Objects;

/**
 * What one party reports for federated evaluation of a model on its own labelled rows: a score
 * histogram by label and the sum of its log-losses, never a score or a label. Immutable.
 *
 * @param histogram counts per score bin and label
 * @param logLossSum sum of clamped log-losses over the party's examples (see
 *     {@link BinaryMetrics#logLossSum})
 * @param examples number of examples, equal to the histogram's total
 */
public record PartyEvaluation(ScoreHistogram histogram, double logLossSum, long examples) {

  /**
   * @throws IllegalArgumentException if the example count differs from the histogram's total or
   *     the log-loss sum is negative or not finite
   */
  public PartyEvaluation {
    Objects.requireNonNull(histogram, "histogram");
    if (examples != histogram.examples()) {
      throw new IllegalArgumentException("examples is " + examples
          + " but the histogram counts " + histogram.examples());
    }
    if (!(logLossSum >= 0) || !Double.isFinite(logLossSum)) {
      throw new IllegalArgumentException("logLossSum must be finite and >= 0: " + logLossSum);
    }
  }

  /** A party's report on its predicted probabilities, with the default histogram binning. */
  public static PartyEvaluation of(double[] probabilities, double[] labels) {
    return new PartyEvaluation(ScoreHistogram.of(probabilities, labels),
        BinaryMetrics.logLossSum(probabilities, labels), probabilities.length);
  }
}
