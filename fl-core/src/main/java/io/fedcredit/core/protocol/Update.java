package io.fedcredit.core.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * A participant's vector contribution to a round, reassembled from its chunks. The values array
 * is owned by this record once built and must not be modified.
 */
public record Update(
    RoundRef ref, UpdateKind kind, long numExamples, double[] values, Map<String, Double> metrics) {
  public Update {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(values, "values");
    metrics = Map.copyOf(metrics);
  }
}
