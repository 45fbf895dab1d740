package io.fedcredit.core.strategy;

import io.fedcredit.core.metrics.ScoreHistogram;
import java.util.Objects;

/**
 * One participant's evaluation of a global model on its own held-out rows: score histograms by
 * label and the summed log-loss, never the scores themselves.
 */
public record EvaluationResult(
    String participantId, long numExamples, ScoreHistogram histogram, double logLossSum) {
  public EvaluationResult {
    Objects.requireNonNull(participantId, "participantId");
    Objects.requireNonNull(histogram, "histogram");
    if (numExamples <= 0) {
      throw new IllegalArgumentException(participantId + ": numExamples must be positive");
    }
    if (!(logLossSum >= 0) || !Double.isFinite(logLossSum)) {
      throw new IllegalArgumentException(participantId + ": logLossSum must be finite and >= 0");
    }
  }
}
