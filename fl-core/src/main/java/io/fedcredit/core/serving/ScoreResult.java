package io.fedcredit.core.serving;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One applicant's result: who, under which model, the outcome, and where the time went.
 *
 * @param time when the result was decided
 * @param enterpriseId the applicant
 * @param modelId the bank's model id
 * @param modelVersion its version
 * @param outcome the score and decision, or the typed failure
 * @param micros microseconds per hop, in order: {@code bank} (the bank's own part and combining),
 *     each data node's round trip by party id, and {@code total}
 */
public record ScoreResult(Instant time, String enterpriseId, String modelId, long modelVersion,
    ScoreOutcome outcome, Map<String, Long> micros) {

  public ScoreResult {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(enterpriseId, "enterpriseId");
    Objects.requireNonNull(outcome, "outcome");
    micros = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(micros));
  }

  /** The score, when the applicant was scored. */
  public Optional<ScoreOutcome.Scored> scored() {
    return outcome instanceof ScoreOutcome.Scored s ? Optional.of(s) : Optional.empty();
  }
}
