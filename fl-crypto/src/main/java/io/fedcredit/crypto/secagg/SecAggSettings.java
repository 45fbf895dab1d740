package io.fedcredit.crypto.secagg;

import java.util.Objects;

/**
 * Settings of one secure-aggregation round, the same at every party and the coordinator.
 *
 * @param jobId job, bound into every key derivation and envelope
 * @param round round, likewise
 * @param thresholdFraction share of a neighbourhood (party plus neighbours) needed to
 *     reconstruct a secret; above one half, so that no minority can hold both masks of a party
 * @param graph who masks with whom (complete, or SecAgg+ Harary)
 */
public record SecAggSettings(String jobId, long round, double thresholdFraction,
    MaskingGraph graph) {

  /** The default: two thirds of the neighbourhood must answer. */
  public static final double DEFAULT_THRESHOLD_FRACTION = 2.0 / 3.0;

  public SecAggSettings {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(graph, "graph");
    if (!(thresholdFraction > 0.5 && thresholdFraction <= 1.0)) {
      throw new IllegalArgumentException(
          "thresholdFraction must be in (0.5, 1]: " + thresholdFraction);
    }
  }

  /** Complete graph, two-thirds threshold. */
  public static SecAggSettings of(String jobId, long round) {
    return new SecAggSettings(jobId, round, DEFAULT_THRESHOLD_FRACTION, MaskingGraph.complete());
  }

  /**
   * The threshold for a roster of {@code n} parties: the fraction of a neighbourhood, rounded
   * up, and at least 2 (one party's "sum" would be its input).
   */
  public int threshold(int n) {
    int neighbourhood = graph.isComplete() ? n : Math.min(graph.degree(), n - 1) + 1;
    return Math.max(2, (int) Math.ceil(thresholdFraction * neighbourhood - 1e-9));
  }
}
