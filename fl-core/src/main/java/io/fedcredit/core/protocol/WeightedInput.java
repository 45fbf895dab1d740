package io.fedcredit.core.protocol;

import io.fedcredit.core.strategy.FitResults;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vector a party contributes to a sums-only aggregation (secure aggregation or Paillier),
 * before it is encoded in fixed point: {@code [n * clip(delta)_1..P, n, aux_1..A]} with
 * {@code n = min(numExamples, maxWeight)} and every delta coordinate clipped to
 * {@code [-deltaClip, deltaClip]}. Added over parties it carries the weighted sum, the total
 * weight and the auxiliary sums a strategy needs, and nothing else; {@link #sumsOnly} takes such
 * a sum apart again. Both aggregation modes use this one encoding.
 *
 * @param values the vector to encode; owned by this record, not to be modified
 * @param clipped how many delta coordinates were clipped
 */
public record WeightedInput(double[] values, int clipped) {

  /**
   * Weights and clips a delta.
   *
   * @param delta local parameters minus global parameters; not modified
   * @param numExamples the party's example count (its FedAvg weight before the cap)
   * @param aux auxiliary scalars in the order the strategy named them; not modified
   */
  public static WeightedInput of(double[] delta, long numExamples, double[] aux,
      double deltaClip, long maxWeight) {
    double n = Math.min(numExamples, maxWeight);
    double[] v = new double[delta.length + 1 + aux.length];
    int clipped = 0;
    for (int i = 0; i < delta.length; i++) {
      double d = delta[i];
      if (d > deltaClip) {
        d = deltaClip;
        clipped++;
      } else if (d < -deltaClip) {
        d = -deltaClip;
        clipped++;
      }
      v[i] = n * d;
    }
    v[delta.length] = n;
    System.arraycopy(aux, 0, v, delta.length + 1, aux.length);
    return new WeightedInput(v, clipped);
  }

  /** Length of the vector for a model of {@code numParameters} and these auxiliary names. */
  public static int length(int numParameters, List<String> auxNames) {
    return numParameters + 1 + auxNames.size();
  }

  /**
   * Checks the clip and weight cap shared by both aggregation modes.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  static void checkBounds(double deltaClip, long maxWeight) {
    if (!(deltaClip > 0) || !Double.isFinite(deltaClip)) {
      throw new IllegalArgumentException("delta clip must be positive: " + deltaClip);
    }
    if (maxWeight < 1) {
      throw new IllegalArgumentException("max weight must be >= 1: " + maxWeight);
    }
  }

  /**
   * What the strategy receives from a decoded sum of inputs: the weighted sum, the total weight
   * and the auxiliary sums, without any individual update.
   *
   * @param sum the decoded sum, of length {@link #length}
   * @param participants ids whose inputs are in the sum
   */
  public static FitResults sumsOnly(double[] sum, int numParameters, List<String> auxNames,
      List<String> participants) {
    if (sum.length != length(numParameters, auxNames)) {
      throw new IllegalArgumentException("sum has " + sum.length + " values, expected "
          + length(numParameters, auxNames));
    }
    Map<String, Double> aux = new LinkedHashMap<>();
    for (int i = 0; i < auxNames.size(); i++) {
      aux.put(auxNames.get(i), sum[numParameters + 1 + i]);
    }
    return FitResults.sumsOnly(Arrays.copyOf(sum, numParameters), sum[numParameters],
        participants, aux);
  }
}
