package io.fedcredit.server;

import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.protocol.RoundRef;
import io.fedcredit.core.protocol.Task;
import io.fedcredit.core.protocol.Update;
import io.fedcredit.core.protocol.UpdateKind;
import io.fedcredit.core.strategy.EvaluationResult;
import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.crypto.pki.KeyAttestation;
import io.fedcredit.crypto.secagg.SecAggMessages.PublicKeys;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShares;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskResponse;
import java.util.List;

/**
 * A job as {@link CoordinatorService} serves it: the calls every horizontal job answers (join,
 * long poll, secure aggregation, leave), and the ones only a linear job ({@link RoundController})
 * answers, which another kind of job ({@link BoostingController}) refuses with WRONG_PHASE
 * naming what it accepts instead. Orchestration lives in the subclasses.
 */
abstract class ServedJob {

  abstract String jobId();

  abstract void join(String participantId, List<String> features, boolean hasLabel);

  /** The participant's next task, waiting up to {@code maxWaitMillis} for one that is not WAIT. */
  abstract Task awaitTask(String participantId, long maxWaitMillis) throws InterruptedException;

  abstract long longPollMillis();

  /** Checks an update's header before its values arrive. */
  abstract void precheck(RoundRef ref, UpdateKind kind, int length, long numExamples);

  abstract void submitMasked(RoundRef ref, long[] masked);

  abstract void submitKeys(RoundRef ref, PublicKeys keys);

  abstract void submitShares(RoundRef ref, SealedShares shares);

  abstract void submitUnmask(RoundRef ref, UnmaskResponse response);

  abstract void leave(String participantId);

  /** Completes a job's result with its final model, or with why it was aborted, and logs it. */
  static <T> void settle(java.util.concurrent.CompletableFuture<T> result, org.slf4j.Logger log,
      String jobId, T model, String reason, boolean aborted) {
    if (aborted) {
      log.error("job {} aborted: {}", jobId, reason);
      result.completeExceptionally(new JobAbortedException(jobId, reason));
    } else {
      log.info("job {} finished: {}", jobId, reason);
      result.complete(model);
    }
  }

  /** Fails a job's result that is still open when the coordinator stops. */
  static void stopped(java.util.concurrent.CompletableFuture<?> result, String jobId) {
    if (!result.isDone()) {
      result.completeExceptionally(new IllegalStateException("coordinator stopped before job "
          + jobId + " finished"));
    }
  }

  /** What this kind of job accepts, for refusals of what it does not. */
  String accepts() {
    return "";
  }

  private Rejection refuse(RoundRef ref, String what) {
    return new Rejection(Reason.WRONG_PHASE, ref + ": job " + jobId() + " takes no " + what
        + accepts());
  }

  void submit(Update update) {
    throw refuse(update.ref(), update.kind() + " update");
  }

  void submitEvaluation(RoundRef ref, EvaluationResult result) {
    throw refuse(ref, "evaluation report");
  }

  GlobalModel download(RoundRef ref) {
    throw refuse(ref, "model download");
  }

  void submitPaillierKey(RoundRef ref, PaillierPublicKey key, KeyAttestation attestation) {
    throw refuse(ref, "Paillier key");
  }

  PaillierPublicKey paillierKey(RoundRef ref) {
    throw refuse(ref, "Paillier-encrypted input");
  }

  void submitEncrypted(RoundRef ref, PackedCiphertext input) {
    throw refuse(ref, "Paillier-encrypted input");
  }

  PackedCiphertext encryptedSum(RoundRef ref) {
    throw refuse(ref, "encrypted-sum download");
  }

  void submitDecryptedSum(RoundRef ref, long[] sums) {
    throw refuse(ref, "decrypted sum");
  }
}
