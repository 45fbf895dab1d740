package io.fedcredit.core.protocol;

import io.fedcredit.crypto.secagg.FixedPointRing;
import io.fedcredit.crypto.secagg.MaskingGraph;
import io.fedcredit.crypto.secagg.SecAggSettings;
import java.util.List;

/**
 * How a job securely aggregates its updates (Bonawitz et al. 2017; SecAgg+ with
 * {@code neighbours > 0}). Each party clips its delta coordinate-wise to {@code deltaClip},
 * weights it by its example count (capped at {@code maxWeight}), and encodes
 * {@code [n * delta_1..P, n, aux_1..A]} in fixed point with {@code fractionBits} bits into Z/2^64;
 * the ring is sized when built so that the sum over {@code maxParties} cannot wrap, and the
 * coordinator learns only that sum.
 *
 * @param thresholdFraction share of a neighbourhood needed to unmask, in (0.5, 1]
 * @param neighbours SecAgg+ degree (even), or 0 for the complete graph
 * @param deltaClip largest absolute value of a delta coordinate; larger ones are clipped
 * @param maxWeight largest example count a party's update is weighted with
 * @param fractionBits fixed-point precision, 2^-fractionBits
 * @param maxParties most parties in a round
 */
public record SecureAggregationConfig(double thresholdFraction, int neighbours,
    double deltaClip, long maxWeight, int fractionBits, int maxParties) {

  /** Two-thirds threshold, complete graph, deltas clipped at 8, weights up to 2^20, 2^-30. */
  public static SecureAggregationConfig defaults() {
    return new SecureAggregationConfig(SecAggSettings.DEFAULT_THRESHOLD_FRACTION, 0, 8.0,
        1L << 20, 30, 128);
  }

  public SecureAggregationConfig {
    if (!(thresholdFraction > 0.5 && thresholdFraction <= 1)) {
      throw new IllegalArgumentException(
          "secure aggregation threshold must be in (0.5, 1]: " + thresholdFraction);
    }
    if (neighbours < 0 || neighbours % 2 != 0) {
      throw new IllegalArgumentException(
          "secure aggregation neighbours must be 0 (all) or even: " + neighbours);
    }
    WeightedInput.checkBounds(deltaClip, maxWeight);
    ring(fractionBits, deltaClip, maxWeight, maxParties); // validates the no-wrap bound
  }

  private static FixedPointRing ring(int bits, double clip, long weight, int parties) {
    return new FixedPointRing(bits, clip * weight, parties);
  }

  /** The fixed-point ring of this configuration. */
  public FixedPointRing ring() {
    return ring(fractionBits, deltaClip, maxWeight, maxParties);
  }

  /** The settings of one round; the SecAgg+ graph is seeded by the round. */
  public SecAggSettings settings(String jobId, long round) {
    MaskingGraph graph = neighbours == 0 ? MaskingGraph.complete()
        : MaskingGraph.harary(neighbours, io.fedcredit.core.Seeds.derive(0x5ecA99L, jobId, round));
    return new SecAggSettings(jobId, round, thresholdFraction, graph);
  }

  /** Length of the aggregated vector for a model of {@code numParameters} and the aux names. */
  public static int vectorLength(int numParameters, List<String> auxNames) {
    return WeightedInput.length(numParameters, auxNames);
  }

  /**
   * A party's input: {@code [n * clip(delta), n, aux...]} ({@link WeightedInput}) in fixed point,
   * with {@code n = min(numExamples, maxWeight)}.
   *
   * @return the encoded vector and how many coordinates were clipped
   */
  public Encoded encode(double[] delta, long numExamples, double[] aux) {
    WeightedInput in = WeightedInput.of(delta, numExamples, aux, deltaClip, maxWeight);
    return new Encoded(ring().encode(in.values()), in.clipped());
  }

  /** An encoded input and the number of delta coordinates clipped. */
  public record Encoded(long[] words, int clipped) {}

  /** {@code secagg(threshold=0.67, complete, clip=8.0, 2^-30)}, for provenance. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "secagg(threshold=%.2f, %s, clip=%s, 2^-%d)",
        thresholdFraction, neighbours == 0 ? "complete" : "secagg+ k=" + neighbours, deltaClip,
        fractionBits);
  }
}
