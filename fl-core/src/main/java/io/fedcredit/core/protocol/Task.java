package io.fedcredit.core.protocol;

import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.privacy.ClientDpInstruction;
import io.fedcredit.crypto.secagg.SecAggMessages.Roster;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShare;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskRequest;
import java.util.List;

/** What a participant should do next; the answer to a poll. */
public sealed interface Task {

  /** Nothing to do yet; poll again. */
  record Wait(long retryAfterMillis, String reason) implements Task {}

  /** Send the feature moments of the local training table. */
  record Stats(long round, long deadlineAt) implements Task {}

  /**
   * Train the global model of {@code round - 1} locally and send the delta; under secure
   * aggregation, {@code masking} says how to encode and mask it (else null); under differential
   * privacy, {@code dp} says how to clip and noise it and the update weighs 1 (else null).
   */
  record Fit(long round, TrainingConfig config, long deadlineAt, int numParameters,
      Masking masking, ClientDpInstruction dp) implements Task {
    /** A plaintext fit task without differential privacy. */
    public Fit(long round, TrainingConfig config, long deadlineAt, int numParameters) {
      this(round, config, deadlineAt, numParameters, null, null);
    }
  }

  /**
   * How to send a securely aggregated update.
   *
   * @param config the job's secure-aggregation settings (ring, clip, weight cap)
   * @param auxNames scalars to append after the weight, in this order
   * @param inbox shares the party's neighbours sealed for it
   */
  record Masking(SecureAggregationConfig config, List<String> auxNames, List<SealedShare> inbox) {
    public Masking {
      auxNames = List.copyOf(auxNames);
      inbox = List.copyOf(inbox);
    }
  }

  /** Secure aggregation, phase 0: send fresh public keys for this round. */
  record SecAggKeys(long round, long deadlineAt, SecureAggregationConfig config)
      implements Task {}

  /** Secure aggregation, phase 1: share and seal key material for the roster. */
  record SecAggShares(long round, long deadlineAt, Roster roster) implements Task {}

  /** Secure aggregation, phase 3: reveal the shares the coordinator needs to unmask the sum. */
  record SecAggUnmask(long round, long deadlineAt, UnmaskRequest request) implements Task {}

  /** Evaluate the global model of {@code round} on local held-out rows. */
  record Evaluate(long round, long deadlineAt) implements Task {}

  /** The job is over; the final model is the global model of {@code finalRound}. */
  record Finished(long finalRound, String reason, boolean aborted) implements Task {}
}
