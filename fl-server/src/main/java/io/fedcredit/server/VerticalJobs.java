package io.fedcredit.server;

import io.fedcredit.core.relay.Envelope;
import io.fedcredit.core.relay.Mailboxes;
import io.fedcredit.core.vertical.EnvelopeLink;
import io.fedcredit.core.vertical.HeteroLrMessages.EpochResult;
import io.fedcredit.core.vertical.VerticalArbiter;
import io.fedcredit.core.vertical.VerticalJobConfig;
import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts vertical jobs on the coordinator: the job's mailboxes behind the relay and the arbiter,
 * which holds the Paillier key pair, on its own thread over a direct link into the mailboxes.
 */
public final class VerticalJobs {
  private static final Logger LOG = LoggerFactory.getLogger(VerticalJobs.class);
  /** Largest payload of one envelope: 1 MiB, well below gRPC's 4 MiB message limit. */
  public static final int MAX_PAYLOAD_BYTES = 1 << 20;
  /** Most bytes waiting in one party's mailbox. */
  public static final long MAX_QUEUED_BYTES = 1L << 30;

  private final VerticalRelayService relay;

  VerticalJobs(VerticalRelayService relay) {
    this.relay = relay;
  }

  /** A running vertical job: the arbiter's result and what it decrypted. */
  public record Running(Mailboxes mailboxes, VerticalArbiter arbiter,
      CompletableFuture<List<EpochResult>> result) {}

  /**
   * Serves a vertical job and starts its arbiter.
   *
   * @param keys the arbiter's Paillier key pair (never leaves the coordinator)
   * @param observer sees every envelope the relay accepts (an audit log or a test's transcript)
   * @param onEpoch called with each epoch's result
   */
  public Running start(VerticalJobConfig config, PaillierKeyPair keys,
      Consumer<Envelope> observer, Consumer<EpochResult> onEpoch) {
    Mailboxes boxes = new Mailboxes(config.jobId(), config.parties(), MAX_PAYLOAD_BYTES,
        MAX_QUEUED_BYTES, observer);
    relay.addJob(boxes);
    VerticalArbiter arbiter = new VerticalArbiter(config, keys);
    EnvelopeLink link = new EnvelopeLink(config.jobId(), VerticalJobConfig.ARBITER,
        boxes.transportFor(VerticalJobConfig.ARBITER), new VerticalWire(), Duration.ofHours(2));
    CompletableFuture<List<EpochResult>> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        result.complete(arbiter.run(link, onEpoch));
        LOG.info("vertical job {}: arbiter finished, {} masked values decrypted",
            config.jobId(), arbiter.decryptedValues());
      } catch (Throwable e) {
        LOG.error("vertical job {}: arbiter failed: {}", config.jobId(), e.getMessage());
        result.completeExceptionally(e);
      }
    }, "arbiter-" + config.jobId());
    t.setDaemon(true);
    t.start();
    return new Running(boxes, arbiter, result);
  }
}
