package io.fedcredit.core.strategy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the aggregation layer tells a strategy about a round's updates. The weighted sum
 * {@code sum_k n_k * delta_k} and the total weight {@code sum_k n_k} are always available; the
 * individual updates are visible only with plaintext aggregation. Under secure aggregation or
 * Paillier the coordinator learns the sums alone, so a strategy that needs individual updates
 * (median, Krum) cannot run there, and says so.
 */
public final class FitResults {
  private final double[] weightedSum;
  private final double totalWeight;
  private final List<String> participants;
  private final Map<String, Double> auxiliarySums;
  private final List<FitResult> individual; // null when hidden

  private FitResults(
      double[] weightedSum, double totalWeight, List<String> participants,
      Map<String, Double> auxiliarySums, List<FitResult> individual) {
    this.weightedSum = weightedSum;
    this.totalWeight = totalWeight;
    this.participants = List.copyOf(participants);
    this.auxiliarySums = Map.copyOf(auxiliarySums);
    this.individual = individual == null ? null : List.copyOf(individual);
  }

  /**
   * Plaintext aggregation: sums the results' weighted deltas (in participant-id order, so the
   * floating-point sum does not depend on arrival order), and each named metric over the
   * results that report it (unweighted), as {@link #auxiliarySum}.
   *
   * @throws IllegalArgumentException if the deltas differ in length
   */
  public static FitResults plaintext(List<FitResult> results, int numParameters) {
    // sum in participant order, not arrival order, so that a job's float sums are reproducible
    results = results.stream()
        .sorted(java.util.Comparator.comparing(FitResult::participantId)).toList();
    double[] sum = new double[numParameters];
    double total = 0;
    Map<String, Double> aux = new TreeMap<>();
    for (FitResult r : results) {
      r.metrics().forEach((k, v) -> aux.merge(k, v, Double::sum));
      if (r.delta().length != numParameters) {
        throw new IllegalArgumentException(r.participantId() + ": update has "
            + r.delta().length + " values, expected " + numParameters);
      }
      double w = r.numExamples();
      double[] d = r.delta();
      for (int i = 0; i < numParameters; i++) {
        sum[i] += w * d[i];
      }
      total += w;
    }
    return new FitResults(sum, total,
        results.stream().map(FitResult::participantId).toList(), aux, results);
  }

  /**
   * Sums only, as secure aggregation or Paillier produce them.
   *
   * @param weightedSum {@code sum_k n_k * delta_k}
   * @param totalWeight {@code sum_k n_k}
   * @param participants ids whose updates are in the sum
   * @param auxiliarySums sums of per-participant scalars aggregated with the update (for
   *     example the count of clipped updates in adaptive clipping)
   */
  public static FitResults sumsOnly(double[] weightedSum, double totalWeight,
      List<String> participants, Map<String, Double> auxiliarySums) {
    Objects.requireNonNull(weightedSum, "weightedSum");
    return new FitResults(weightedSum.clone(), totalWeight, participants, auxiliarySums, null);
  }

  /** Number of updates in the sum. */
  public int count() {
    return participants.size();
  }

  public boolean isEmpty() {
    return participants.isEmpty();
  }

  /** Ids of the participants whose updates are in the sum. */
  public List<String> participants() {
    return participants;
  }

  /** A copy of {@code sum_k n_k * delta_k}. */
  public double[] weightedSum() {
    return weightedSum.clone();
  }

  /** {@code sum_k n_k}. */
  public double totalWeight() {
    return totalWeight;
  }

  /** The weighted mean delta, {@code sum_k n_k delta_k / sum_k n_k}. */
  public double[] weightedMean() {
    if (totalWeight <= 0) {
      throw new IllegalStateException("no weight to average over");
    }
    double[] mean = weightedSum.clone();
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= totalWeight;
    }
    return mean;
  }

  /**
   * The sum over participants of a named scalar each sent with its update, or empty when none
   * sent it. Aggregated like the update itself (under secure aggregation, only the sum is seen).
   */
  public Optional<Double> auxiliarySum(String name) {
    return Optional.ofNullable(auxiliarySums.get(name));
  }

  /** Names of the auxiliary sums available. */
  public java.util.Set<String> auxiliaryNames() {
    return auxiliarySums.keySet();
  }

  /** The individual updates, when the aggregation layer reveals them. */
  public Optional<List<FitResult>> individual() {
    return Optional.ofNullable(individual);
  }
}
