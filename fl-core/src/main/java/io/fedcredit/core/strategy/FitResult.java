package io.fedcredit.core.strategy;

import java.util.Map;
import java.util.Objects;

/**
 * One participant's accepted update in a round.
 *
 * @param participantId who sent it
 * @param numExamples the weight of the update (local training rows), positive
 * @param delta local parameters minus the global parameters the round started from; the array
 *     is owned by this record and must not be modified
 * @param metrics what the participant reported about its local training (e.g. {@code loss})
 */
public record FitResult(
    String participantId, long numExamples, double[] delta, Map<String, Double> metrics) {
  public FitResult {
    Objects.requireNonNull(participantId, "participantId");
    Objects.requireNonNull(delta, "delta");
    metrics = Map.copyOf(metrics);
    if (numExamples <= 0) {
      throw new IllegalArgumentException(
          participantId + ": numExamples must be positive: " + numExamples);
    }
  }
}
