package io.fedcredit.core.protocol;

import io.fedcredit.core.tree.BoostingConfig;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The coordinator's settings for one horizontal histogram-boosting job ({@link
 * HorizontalBoostingProtocol}). Times are in milliseconds. Every vector the banks send is
 * securely aggregated: there is no plaintext mode.
 *
 * @param jobId the job's id
 * @param featureNames features every bank must hold, in model order
 * @param boosting the trees' settings (number, depth, learning rate, L2, bins, sampling, seed)
 * @param minParticipants banks that must be available before the job starts (at least 2); the
 *     banks available then grow every tree, and no bank is admitted later
 * @param allowedParticipants ids allowed to join; empty allows anyone (tests and demo only)
 * @param phaseTimeoutMillis deadline of each secure-aggregation phase
 * @param joinTimeoutMillis how long the job waits for enough banks before it aborts
 * @param livenessMillis how long after its last poll a bank still counts as available
 * @param longPollMillis how long a poll may wait on the server before answering "wait"
 * @param secureAggregation the secure-aggregation settings (threshold, SecAgg+ graph); its
 *     fixed-point ring is not used, as the vectors are integer counts and quantized sums
 */
public record BoostingJobConfig(
    String jobId,
    List<String> featureNames,
    BoostingConfig boosting,
    int minParticipants,
    Set<String> allowedParticipants,
    long phaseTimeoutMillis,
    long joinTimeoutMillis,
    long livenessMillis,
    long longPollMillis,
    SecureAggregationConfig secureAggregation) {

  /** Validates. @throws IllegalArgumentException naming the field at fault */
  public BoostingJobConfig {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(boosting, "boosting");
    Objects.requireNonNull(secureAggregation, "secureAggregation: horizontal boosting always "
        + "aggregates securely");
    featureNames = List.copyOf(featureNames);
    allowedParticipants = Set.copyOf(allowedParticipants);
    if (!jobId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("job id '" + jobId
          + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
    }
    if (featureNames.isEmpty() || Set.copyOf(featureNames).size() != featureNames.size()) {
      throw new IllegalArgumentException("featureNames must be non-empty and distinct: "
          + featureNames);
    }
    if (minParticipants < 2) {
      throw new IllegalArgumentException("minParticipants is " + minParticipants
          + "; secure aggregation needs at least 2 banks");
    }
    if (minParticipants > secureAggregation.maxParties()) {
      throw new IllegalArgumentException("minParticipants " + minParticipants + " exceeds the "
          + "secure aggregation's maxParties " + secureAggregation.maxParties());
    }
    if (phaseTimeoutMillis <= 0 || joinTimeoutMillis <= 0 || livenessMillis <= 0
        || longPollMillis <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }
}
