package io.fedcredit.client;

import io.fedcredit.core.model.FederatedModel.TrainingResult;

/**
 * Hears what a {@link BankClient} does, for progress displays and the bank's own logs. Called on
 * the client's thread; keep it quick. All methods have empty defaults.
 */
public interface ClientListener {
  /** The client joined the job, which runs {@code totalRounds} rounds. */
  default void onJoined(String jobId, int totalRounds) {}

  /** An epoch of local training in a round ended ({@code epoch} of {@code epochs} done). */
  default void onEpoch(long round, int epoch, int epochs) {}

  /** Local training for a round finished and the delta was accepted. */
  default void onTrained(long round, TrainingResult result, long millis) {}

  /** The global model of a round was evaluated on the bank's validation rows. */
  default void onEvaluated(long round, double auc, long rows) {}

  /** The job ended. */
  default void onFinished(long finalRound, String reason, boolean aborted) {}

  /**
   * Horizontal boosting: this bank sent its masked vector for secure sum {@code round}; after it
   * the bank holds {@code trees} finished trees of {@code totalTrees}.
   */
  default void onBoostStep(long round, int trees, int totalTrees) {}
}
