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
 * @param secureAggregation how updates are securely aggregated, or {@code null}
 * @param paillierAggregation how updates are aggregated under Paillier encryption, or
 *     {@code null}; at most one of the two is set, and with neither the coordinator aggregates in
 *     plaintext (it sees each update)
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
    SecureAggregationConfig secureAggregation,
    PaillierAggregationConfig paillierAggregation) {

  /** A job with plaintext aggregation. */
  public HorizontalJobConfig(String jobId, ModelSpec model, List<String> featureNames, int rounds,
      int minParticipants, Set<String> allowedParticipants, boolean standardize,
      long phaseTimeoutMillis, long joinTimeoutMillis, long livenessMillis, long longPollMillis) {
    this(jobId, model, featureNames, rounds, minParticipants, allowedParticipants, standardize,
        phaseTimeoutMillis, joinTimeoutMillis, livenessMillis, longPollMillis, null, null);
  }

  /** A job with secure aggregation ({@code null}: plaintext aggregation). */
  public HorizontalJobConfig(String jobId, ModelSpec model, List<String> featureNames, int rounds,
      int minParticipants, Set<String> allowedParticipants, boolean standardize,
      long phaseTimeoutMillis, long joinTimeoutMillis, long livenessMillis, long longPollMillis,
      SecureAggregationConfig secureAggregation) {
    this(jobId, model, featureNames, rounds, minParticipants, allowedParticipants, standardize,
        phaseTimeoutMillis, joinTimeoutMillis, livenessMillis, longPollMillis, secureAggregation,
        null);
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
    if (secureAggregation != null && paillierAggregation != null) {
      throw new IllegalArgumentException("secure aggregation and Paillier aggregation are "
          + "mutually exclusive: enable one of them");
    }
    if (paillierAggregation != null && paillierAggregation.keyHolder() != null
        && !allowedParticipants.isEmpty()
        && !allowedParticipants.contains(paillierAggregation.keyHolder())) {
      throw new IllegalArgumentException("the Paillier key holder '"
          + paillierAggregation.keyHolder() + "' is not among the allowed participants "
          + new java.util.TreeSet<>(allowedParticipants));
    }
  }

  /** The same job with secure aggregation (and without Paillier aggregation). */
  public HorizontalJobConfig withSecureAggregation(SecureAggregationConfig secagg) {
    return new HorizontalJobConfig(jobId, model, featureNames, rounds, minParticipants,
        allowedParticipants, standardize, phaseTimeoutMillis, joinTimeoutMillis, livenessMillis,
        longPollMillis, secagg, null);
  }

  /** The same job with Paillier aggregation (and without secure aggregation). */
  public HorizontalJobConfig withPaillierAggregation(PaillierAggregationConfig paillier) {
    return new HorizontalJobConfig(jobId, model, featureNames, rounds, minParticipants,
        allowedParticipants, standardize, phaseTimeoutMillis, joinTimeoutMillis, livenessMillis,
        longPollMillis, null, paillier);
  }

  /** Whether updates are securely aggregated (masked). */
  public boolean isSecure() {
    return secureAggregation != null;
  }

  /** Whether updates are aggregated under Paillier encryption. */
  public boolean isPaillier() {
    return paillierAggregation != null;
  }
}
