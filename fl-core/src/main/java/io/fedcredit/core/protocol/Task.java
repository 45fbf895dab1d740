package io.fedcredit.core.protocol;

import io.fedcredit.core.model.TrainingConfig;

/** What a participant should do next; the answer to a poll. */
public sealed interface Task {

  /** Nothing to do yet; poll again. */
  record Wait(long retryAfterMillis, String reason) implements Task {}

  /** Send the feature moments of the local training table. */
  record Stats(long round, long deadlineAt) implements Task {}

  /** Train the global model of {@code round - 1} locally and send the delta. */
  record Fit(long round, TrainingConfig config, long deadlineAt, int numParameters)
      implements Task {}

  /** Evaluate the global model of {@code round} on local held-out rows. */
  record Evaluate(long round, long deadlineAt) implements Task {}

  /** The job is over; the final model is the global model of {@code finalRound}. */
  record Finished(long finalRound, String reason, boolean aborted) implements Task {}
}
