package io.fedcredit.client;

import io.fedcredit.core.model.FederatedModel.TrainingResult;

/**
 * Hears what a {@link BankClient} does, for progress displays and the bank's own logs. Called on
 * the client's thread; keep it quick. All methods have empty defaults.
 */
public interface ClientListener {
  /** Local training for a round finished and the delta was accepted. */
  default void onTrained(long round, TrainingResult result, long millis) {}

  /** The global model of a round was evaluated on the bank's validation rows. */
  default void onEvaluated(long round, double auc, long rows) {}

  /** The job ended. */
  default void onFinished(long finalRound, String reason, boolean aborted) {}
}
