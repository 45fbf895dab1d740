package io.fedcredit.core.protocol;

import io.fedcredit.core.model.ModelSpec;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The coordinator's settings for one horizontal job. Times are in milliseconds.
 *
 * @param jobId the job's id
 * @param model model family and layout
 * @param featureNames features every participant must provide, in model order
 * @param rounds number of fit rounds, at least 1
 * @param minParticipants participants that must be available before the job starts
 * @param allowedParticipants ids allowed to join; empty allows anyone (tests and demo only)
 * @param standardize whether to run a feature-statistics round first and standardize with the
 *     pooled moments
 * @param phaseTimeoutMillis deadline of each stats, fit and evaluate phase
 * @param joinTimeoutMillis how long the job waits for enough participants before it aborts
 * @param livenessMillis how long after its last poll a participant still counts as available
 * @param longPollMillis how long a poll may wait on the server before answering "wait"
 * @param secureAggregation how updates are securely aggregated, or {@code null} for plaintext
 *     aggregation (the coordinator sees each update)
 */
public record HorizontalJobConfig(
    String jobId,
    ModelSpec model,
    List<String> featureNames,
    int rounds,
    int minParticipants,
    Set<String> allowedParticipants,
    boolean standardize,
    long phaseTimeoutMillis,
    long joinTimeoutMillis,
    long livenessMillis,
    long longPollMillis,
    SecureAggregationConfig secureAggregation) {

  /** A job with plaintext aggregation. */
  public HorizontalJobConfig(String jobId, ModelSpec model, List<String> featureNames, int rounds,
      int minParticipants, Set<String> allowedParticipants, boolean standardize,
      long phaseTimeoutMillis, long joinTimeoutMillis, long livenessMillis, long longPollMillis) {
    this(jobId, model, featureNames, rounds, minParticipants, allowedParticipants, standardize,
        phaseTimeoutMillis, joinTimeoutMillis, livenessMillis, longPollMillis, null);
  }

  public HorizontalJobConfig {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(model, "model");
    featureNames = List.copyOf(featureNames);
    allowedParticipants = Set.copyOf(allowedParticipants);
    if (!jobId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("job id '" + jobId
          + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
    }
    if (featureNames.size() != model.numFeatures()) {
      throw new IllegalArgumentException("job lists " + featureNames.size()
          + " features but the model expects " + model.numFeatures());
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1: " + rounds);
    }
    if (minParticipants < 1) {
      throw new IllegalArgumentException("minParticipants must be >= 1: " + minParticipants);
    }
    if (phaseTimeoutMillis <= 0 || joinTimeoutMillis <= 0 || livenessMillis <= 0
        || longPollMillis <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** The same job with secure aggregation. */
  public HorizontalJobConfig withSecureAggregation(SecureAggregationConfig secagg) {
    return new HorizontalJobConfig(jobId, model, featureNames, rounds, minParticipants,
        allowedParticipants, standardize, phaseTimeoutMillis, joinTimeoutMillis, livenessMillis,
        longPollMillis, secagg);
  }

  public boolean isSecure() {
    return secureAggregation != null;
  }
}
