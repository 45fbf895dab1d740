package io.fedcredit.core.metrics;

/**
 * Pools the {@link PartyEvaluation}s of several parties into one {@link EvaluationMetrics}:
 * histograms are merged (AUC, KS and Gini come from the merged histogram) and log-loss is the
 * summed log-loss over the summed example count. Nobody's scores are needed.
 *
 * <p>A mutable accumulator, not thread-safe: {@link #add} parties, then read {@link #result()}.
 * {@link #combine} does both for a collection.
 */
public final class FederatedEvaluation {
  private ScoreHistogram pooled;
  private double logLossSum;
  private long examples;
  private int parties;

  /** An accumulator with no party yet. */
  public FederatedEvaluation() {}

  /** Pools the given reports. */
  public static EvaluationMetrics combine(Iterable<PartyEvaluation> reports) {
    FederatedEvaluation acc = new FederatedEvaluation();
    for (PartyEvaluation r : reports) {
      acc.add(r);
    }
    return acc.result();
  }

  /**
   * Adds one party's report.
   *
   * @return this accumulator
   * @throws IllegalArgumentException if its histogram's binning differs from earlier reports
   */
  public FederatedEvaluation add(PartyEvaluation report) {
    ScoreHistogram merged = pooled == null ? report.histogram() : pooled.merge(report.histogram());
    pooled = merged;
    logLossSum += report.logLossSum();
    examples = Math.addExact(examples, report.examples());
    parties++;
    return this;
  }

  /** Adds one party's report given as its parts. */
  public FederatedEvaluation add(ScoreHistogram histogram, double logLossSum, long examples) {
    return add(new PartyEvaluation(histogram, logLossSum, examples));
  }

  /** Number of reports added. */
  public int parties() {
    return parties;
  }

  /** Examples over all reports added. */
  public long examples() {
    return examples;
  }

  /**
   * The pooled metrics.
   *
   * @throws IllegalStateException if no report or no example has been added
   */
  public EvaluationMetrics result() {
    if (examples == 0) {
      throw new IllegalStateException(parties == 0
          ? "no party has reported an evaluation yet"
          : parties + " parties reported but none had an example");
    }
    double auc = pooled.auc();
    return new EvaluationMetrics(
        examples, pooled.positives(), auc, pooled.ks(), 2 * auc - 1, logLossSum / examples);
  }

  /** The merged histogram so far, or {@code null} before the first report. */
  public ScoreHistogram pooledHistogram() {
    return pooled;
  }
}
