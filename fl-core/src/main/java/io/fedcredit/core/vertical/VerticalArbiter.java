package io.fedcredit.core.vertical;

import io.fedcredit.core.vertical.HeteroLrMessages.EpochResult;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import java.util.List;
import java.util.function.Consumer;

/**
 * The arbiter's side of a vertical job (run by the coordinator): sends every party the job's
 * settings and its Paillier public key, learns the size of the intersection from the guest, and
 * decrypts the masked gradients and the loss of hetero LR ({@link HeteroLrTraining#arbiterSteps}).
 * In a SecureBoost job it only sends the settings: the guest holds the key.
 * It never receives a guest-host message. Not thread-safe: one job, one thread.
 */
public final class VerticalArbiter {
  private final VerticalJobConfig config;
  private final PaillierKeyPair keys;
  private final PhaseTimes times = new PhaseTimes();
  private HeteroLrArbiter arbiter;

  public VerticalArbiter(VerticalJobConfig config, PaillierKeyPair keys) {
    this.config = config;
    this.keys = keys;
  }

  /**
   * Runs the arbiter's part of the job to its end.
   *
   * @param link the arbiter's link (unsealed: it reads only what is addressed to it)
   * @param onEpoch called with each epoch's result
   * @return the results of the epochs
   */
  public List<EpochResult> run(PartyLink link, Consumer<EpochResult> onEpoch) {
    VerticalJobMessages.Setup setup = new VerticalJobMessages.Setup(config, keys.publicKey());
    for (String p : config.parties()) {
      if (!p.equals(VerticalJobConfig.ARBITER)) {
        link.send(p, setup);
      }
    }
    if (config.boost() != null) {
      return List.of(); // SecureBoost: the guest holds the key; nothing to decrypt here
    }
    TrainingShape shape = link.receive(config.guest(), TrainingShape.class);
    arbiter = new HeteroLrArbiter(keys, config.lr());
    int batches = new BatchPlan(shape.trainRows(), config.lr().batchSize(), config.lr().seed())
        .batches();
    return HeteroLrTraining.arbiterSteps(arbiter, config.guest(), config.hosts(),
        times.timed(link, "arbiter "), config.lr(), batches, onEpoch, times);
  }

  /** The arbiter's time per phase (decryption, waiting, sending). */
  public java.util.Map<String, Double> phaseSeconds() {
    return times.seconds();
  }

  /** How many values the arbiter decrypted (all masked), 0 before training. */
  public long decryptedValues() {
    return arbiter == null ? 0 : arbiter.decryptedValues();
  }

  /**
   * Guest to arbiter before training: the number of aligned training rows (the arbiter needs it
   * for the batch count; it is the intersection size less the test rows).
   */
  public record TrainingShape(int trainRows) {}
}
