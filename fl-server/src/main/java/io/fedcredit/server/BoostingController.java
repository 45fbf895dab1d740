package io.fedcredit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.logging.LogContext;
import io.fedcredit.core.protocol.BoostingJobConfig;
import io.fedcredit.core.protocol.HorizontalBoostingProtocol;
import io.fedcredit.core.protocol.HorizontalBoostingProtocol.Listener;
import io.fedcredit.core.protocol.HorizontalBoostingProtocol.Phase;
import io.fedcredit.core.protocol.RoundRef;
import io.fedcredit.core.protocol.Task;
import io.fedcredit.core.protocol.UpdateKind;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.crypto.secagg.SecAggMessages.PublicKeys;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShares;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one horizontal histogram-boosting job's {@link HorizontalBoostingProtocol} in time: ticks
 * it so deadlines fire, lets polls wait for the next task and logs each tree. Orchestration only:
 * the algorithm is fl-core's {@code BoostingAggregator}, the secure aggregation fl-crypto's.
 *
 * <p>Such a job does <b>not</b> survive a restart of the coordinator: its state (the pooled bin
 * edges, the trees so far, the banks' row partitions) is not checkpointed. It appends a line to
 * the job's round log when it starts, and a coordinator that finds that log at start refuses to
 * serve the job again ({@link FedCreditException} naming the job and the fix) rather than
 * starting it over behind the banks' backs.
 */
public final class BoostingController extends ServedJob implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BoostingController.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The model kind a boosting job announces at join. */
  public static final String MODEL_KIND = "gbdt";

  private final HorizontalBoostingProtocol protocol;
  private final JobStore store;
  private final LongSupplier clock;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<BoostedTrees> result = new CompletableFuture<>();
  private final LongPoll poll;

  /**
   * Creates the controller and starts its ticker.
   *
   * @throws FedCreditException when the store already holds a log of this job (a restart)
   * @throws IOException when the store cannot be read or written
   */
  public BoostingController(BoostingJobConfig config, JobStore store, LongSupplier clock)
      throws IOException {
    this.store = store;
    this.clock = clock;
    if (store.hasHistory(config.jobId())) {
      throw new FedCreditException("job " + config.jobId() + " is a horizontal boosting job "
          + "that already ran on this coordinator (its round log exists); boosting jobs cannot "
          + "resume after a restart: give the job a new id, or remove its directory from the "
          + "coordinator's data directory to start it over");
    }
    this.protocol = new HorizontalBoostingProtocol(config, new ProgressListener(),
        clock.getAsLong());
    this.poll = new LongPoll("fl-boosting-controller-" + config.jobId(), protocol::version,
        () -> {
          try (LogContext scope = LogContext.of(jobId(), protocol.round(), null)) {
            protocol.tick(clock.getAsLong());
          }
        });
    store.appendRoundLog(jobId(), JSON.createObjectNode().put("event", "boosting job served")
        .put("trees", config.boosting().trees()).put("min_banks", config.minParticipants())
        .toString());
    LOG.info("job {}: horizontal boosting, {} features, {} trees of depth {}, {} bins, {} banks "
        + "needed", jobId(), config.featureNames().size(), config.boosting().trees(),
        config.boosting().maxDepth(), config.boosting().maxBins(), config.minParticipants());
  }

  /** Adds a listener (e.g. a test that records what the coordinator reads). */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public BoostingJobConfig config() {
    return protocol.config();
  }

  @Override
  public String jobId() {
    return protocol.config().jobId();
  }

  /** Completes with the final model, or exceptionally when the job is aborted. */
  public CompletableFuture<BoostedTrees> result() {
    return result;
  }

  /** The trees so far. */
  public BoostedTrees model() {
    return protocol.model();
  }

  public Phase phase() {
    return protocol.phase();
  }

  /** Ids of all banks that ever joined, in join order. */
  public List<String> participants() {
    return protocol.participants();
  }

  /** Secure sums so far. */
  public long secureRounds() {
    return protocol.round();
  }

  // -------------------------------------------------------------------------------------------
  // calls from the gRPC adapter

  @Override
  void join(String participantId, List<String> features, boolean hasLabel) {
    poll.signalling(() -> protocol.join(participantId, features, hasLabel, clock.getAsLong()));
  }

  @Override
  Task awaitTask(String participantId, long maxWaitMillis) throws InterruptedException {
    return poll.await(clock, maxWaitMillis,
        () -> protocol.poll(participantId, clock.getAsLong()));
  }

  @Override
  long longPollMillis() {
    return protocol.config().longPollMillis();
  }

  @Override
  void precheck(RoundRef ref, UpdateKind kind, int length, long numExamples) {
    protocol.precheck(ref, kind, length, clock.getAsLong());
  }

  @Override
  void submitMasked(RoundRef ref, long[] masked) {
    poll.signalling(() -> protocol.submitMasked(ref, masked, clock.getAsLong()));
  }

  @Override
  void submitKeys(RoundRef ref, PublicKeys keys) {
    poll.signalling(() -> protocol.submitKeys(ref, keys, clock.getAsLong()));
  }

  @Override
  void submitShares(RoundRef ref, SealedShares shares) {
    poll.signalling(() -> protocol.submitShares(ref, shares, clock.getAsLong()));
  }

  @Override
  void submitUnmask(RoundRef ref, UnmaskResponse response) {
    poll.signalling(() -> protocol.submitUnmask(ref, response, clock.getAsLong()));
  }

  @Override
  void leave(String participantId) {
    poll.signalling(() -> protocol.leave(participantId, clock.getAsLong()));
  }

  @Override
  String accepts() {
    return ": it is a horizontal boosting job, whose banks send only secure-aggregation "
        + "messages and MASKED_INPUT words, and receive the trees in their tasks";
  }

  @Override
  public void close() {
    poll.close();
    stopped(result, jobId());
  }

  /** Logs and fans out; runs inside the protocol's lock, so it does no waiting. */
  private final class ProgressListener implements Listener {
    @Override
    public void onPhaseStarted(Phase phase, long round, String purpose) {
      LOG.debug("job {}: {} phase of {}", jobId(), phase, purpose);
      listeners.forEach(l -> l.onPhaseStarted(phase, round, purpose));
    }

    @Override
    public void onSum(long round, String purpose, long[] sum) {
      LOG.debug("job {}: unmasked {} ({} values)", jobId(), purpose, sum.length);
      listeners.forEach(l -> l.onSum(round, purpose, sum));
    }

    @Override
    public void onTree(int tree, BoostedTrees model) {
      LOG.info("job {}: tree {}/{} grown ({} secure sums so far)", jobId(), tree + 1,
          protocol.config().boosting().trees(), protocol.round());
      ObjectNode line = JSON.createObjectNode().put("tree", tree)
          .put("secure_rounds", protocol.round())
          .put("nodes", model.trees().get(tree).nodes().size());
      try {
        store.appendRoundLog(jobId(), line.toString());
      } catch (IOException e) {
        LOG.error("job {}: cannot append to the round log", jobId(), e);
      }
      listeners.forEach(l -> l.onTree(tree, model));
    }

    @Override
    public void onFinished(BoostedTrees model, String reason, boolean aborted) {
      listeners.forEach(l -> l.onFinished(model, reason, aborted));
      settle(result, LOG, jobId(), model, reason, aborted);
    }
  }
}
