package io.fedcredit.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.Listener;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.Phase;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.RoundOutcome;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.protocol.RoundRef;
import io.fedcredit.core.protocol.Task;
import io.fedcredit.core.protocol.Update;
import io.fedcredit.core.strategy.EvaluationResult;
import io.fedcredit.core.strategy.Failure;
import io.fedcredit.core.strategy.Strategy;
import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.core.logging.LogContext;
import io.fedcredit.crypto.pki.KeyAttestation;
import io.fedcredit.crypto.secagg.SecAggMessages.PublicKeys;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShares;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one job's {@link HorizontalTrainingProtocol} in time: ticks it so deadlines fire, lets
 * polls wait for the next task (long polling), checkpoints the global model and the strategy's
 * state after every round and logs per-round progress. Built on a store that holds a checkpoint,
 * it resumes the job after the checkpoint's round; a round in flight at a crash starts again from
 * its beginning, so no completed round is lost or applied twice. Orchestration only: membership
 * lives in the protocol's registry, the algorithm in the {@link Strategy}.
 */
public final class RoundController extends ServedJob implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoundController.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HorizontalTrainingProtocol protocol;
  private final JobStore store;
  private final Strategy strategy;
  private final LongSupplier clock;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<RoundRecord> history = Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<GlobalModel> result = new CompletableFuture<>();
  private final LongPoll poll;
  private volatile long roundStartedAt;

  /**
   * Creates the controller and starts its ticker.
   *
   * @param initial the initial global model; a checkpoint in {@code store} for the same job wins
   *     and the job resumes after its round
   */
  public RoundController(HorizontalJobConfig config, Strategy strategy, GlobalModel initial,
      JobStore store, LongSupplier clock) throws IOException {
    this.store = store;
    this.strategy = strategy;
    this.clock = clock;
    Listener self = new ProgressListener();
    Optional<GlobalModel> checkpoint = store.loadCheckpoint(config.jobId());
    long now = clock.getAsLong();
    if (checkpoint.isPresent()) {
      GlobalModel cp = checkpoint.get();
      Optional<byte[]> state = store.loadStrategyState(config.jobId(), cp.round());
      state.ifPresent(strategy::restore);
      LOG.info("job {}: resuming from the checkpoint of round {} (strategy state: {})",
          config.jobId(), cp.round(), state.map(b -> b.length + " bytes").orElse("none saved"));
      this.protocol = HorizontalTrainingProtocol.resume(config, strategy, cp, self, now);
    } else {
      this.protocol = new HorizontalTrainingProtocol(config, strategy, initial, self, now);
    }
    this.roundStartedAt = now;
    this.poll = new LongPoll("fl-round-controller-" + config.jobId(), protocol::version,
        this::tick);
    LOG.info("job {}: {} model, {} features, {} rounds, {} participants needed, strategy {}",
        config.jobId(), config.model().kind().wireName(), config.model().numFeatures(),
        config.rounds(), config.minParticipants(), strategy.describe());
  }

  /** Adds a listener (e.g. a simulation harness that evaluates each round's model). */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public HorizontalJobConfig config() {
    return protocol.config();
  }

  public String jobId() {
    return protocol.config().jobId();
  }

  /** Completes with the final global model, or exceptionally when the job is aborted. */
  public CompletableFuture<GlobalModel> result() {
    return result;
  }

  /** What each fit round did, in order. */
  public List<RoundRecord> history() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  public GlobalModel model() {
    return protocol.model();
  }

  public Phase phase() {
    return protocol.phase();
  }

  /** Ids of all participants that ever joined, in join order. */
  public List<String> participants() {
    return protocol.participants();
  }

  // -------------------------------------------------------------------------------------------
  // calls from the gRPC adapter

  void join(String participantId, List<String> features, boolean hasLabel) {
    signalling(() -> protocol.join(participantId, features, hasLabel, clock.getAsLong()));
  }

  /**
   * The participant's next task, waiting up to {@code maxWaitMillis} for one other than
   * {@link Task.Wait}.
   */
  Task awaitTask(String participantId, long maxWaitMillis) throws InterruptedException {
    return poll.await(clock, maxWaitMillis,
        () -> protocol.poll(participantId, clock.getAsLong()));
  }

  void precheck(RoundRef ref, io.fedcredit.core.protocol.UpdateKind kind, int length,
      long numExamples) {
    protocol.precheck(ref, kind, length, numExamples, clock.getAsLong());
  }

  void submit(Update update) {
    signalling(() -> protocol.submit(update, clock.getAsLong()));
  }

  void submitEvaluation(RoundRef ref, EvaluationResult result) {
    signalling(() -> protocol.submitEvaluation(ref, result, clock.getAsLong()));
  }

  void submitMasked(RoundRef ref, long[] masked) {
    signalling(() -> protocol.submitMasked(ref, masked, clock.getAsLong()));
  }

  void submitKeys(RoundRef ref, PublicKeys keys) {
    signalling(() -> protocol.submitKeys(ref, keys, clock.getAsLong()));
  }

  void submitShares(RoundRef ref, SealedShares shares) {
    signalling(() -> protocol.submitShares(ref, shares, clock.getAsLong()));
  }

  void submitUnmask(RoundRef ref, UnmaskResponse response) {
    signalling(() -> protocol.submitUnmask(ref, response, clock.getAsLong()));
  }

  void submitPaillierKey(RoundRef ref, PaillierPublicKey key, KeyAttestation attestation) {
    signalling(() -> protocol.submitPaillierKey(ref, key, attestation, clock.getAsLong()));
  }

  /**
   * The job's Paillier key, to read an encrypted input with.
   *
   * @throws Rejection WRONG_PHASE when the job has none (not a Paillier job, or no key yet)
   */
  PaillierPublicKey paillierKey(RoundRef ref) {
    return protocol.paillierKey().orElseThrow(() -> new Rejection(Reason.WRONG_PHASE, ref
        + ": job " + jobId() + " has no Paillier key" + (protocol.config().isPaillier()
            ? " yet" : "; it does not use Paillier aggregation")));
  }

  void submitEncrypted(RoundRef ref, PackedCiphertext input) {
    signalling(() -> protocol.submitEncrypted(ref, input, clock.getAsLong()));
  }

  PackedCiphertext encryptedSum(RoundRef ref) {
    return protocol.encryptedSum(ref, clock.getAsLong());
  }

  void submitDecryptedSum(RoundRef ref, long[] sums) {
    signalling(() -> protocol.submitDecryptedSum(ref, sums, clock.getAsLong()));
  }

  GlobalModel download(RoundRef ref) {
    return protocol.download(ref, clock.getAsLong());
  }

  void leave(String participantId) {
    poll.signalling(() -> protocol.leave(participantId, clock.getAsLong()));
  }

  boolean isMember(String participantId) {
    return protocol.isMember(participantId);
  }

  long longPollMillis() {
    return protocol.config().longPollMillis();
  }

  // -------------------------------------------------------------------------------------------

  private void signalling(Runnable input) {
    poll.signalling(input);
  }

  private void tick() {
    try (LogContext scope = LogContext.of(jobId(), protocol.round(), null)) {
      protocol.tick(clock.getAsLong());
    }
  }

  @Override
  public void close() {
    poll.close();
    stopped(result, jobId());
  }

  /**
   * One fit round as the coordinator saw it.
   *
   * @param evaluation pooled federated evaluation of the round's model, when it ran
   */
  public record RoundRecord(
      long round,
      boolean applied,
      List<String> contributors,
      List<Failure> failures,
      double meanTrainLoss,
      Optional<EvaluationMetrics> evaluation,
      long millis) {}

  /** Persists, logs and fans out; runs inside the protocol's lock, so it does no waiting. */
  private final class ProgressListener implements Listener {
    private RoundOutcome pending;
    private long pendingMillis;
    private long timedRound = -1;

    @Override
    public void onPhaseStarted(Phase phase, long round, List<String> participants) {
      // a round's time runs from its first phase (see Phase.canStartRound)
      if (round != timedRound && phase.canStartRound()) {
        roundStartedAt = clock.getAsLong();
        timedRound = round;
      }
      if (phase == Phase.PAILLIER_KEY) {
        boolean named = protocol.config().paillierAggregation().keyHolder() != null;
        LOG.info("job {} round {}: {} generates the job's Paillier key ({})", jobId(), round,
            participants.get(0), named ? "named in the job configuration" : "the first participant to join");
      }
      LOG.debug("job {}: {} phase of round {} with {}", jobId(), phase, round, participants);
      listeners.forEach(l -> l.onPhaseStarted(phase, round, participants));
    }

    @Override
    public void onRoundCompleted(RoundOutcome outcome) {
      try {
        // the state first: the model's atomic replacement commits the round
        store.saveStrategyState(jobId(), outcome.round(), strategy.snapshot());
        store.saveCheckpoint(outcome.model());
      } catch (IOException e) {
        throw new UncheckedIOException("job " + jobId() + ": cannot checkpoint round "
            + outcome.round(), e);
      }
      for (Failure f : outcome.failures()) {
        LOG.warn("job {} round {}: {} failed ({}): {}", jobId(), outcome.round(),
            f.participantId(), f.kind(), f.detail());
      }
      if (outcome.abortReason() != null) {
        LOG.error("job {} round {}: {}; the global model is unchanged", jobId(),
            outcome.round(), outcome.abortReason());
      } else if (!outcome.applied()) {
        LOG.warn("job {} round {}: too few results ({}); the global model is unchanged",
            jobId(), outcome.round(), outcome.contributors().size());
      }
      String privacy = outcome.model().provenance().privacy();
      if (privacy.contains("dp(")) {
        LOG.info("job {} round {}: privacy {}", jobId(), outcome.round(), privacy);
      }
      pending = outcome;
      pendingMillis = clock.getAsLong() - roundStartedAt;
      listeners.forEach(l -> l.onRoundCompleted(outcome));
    }

    @Override
    public void onEvaluated(long round, Optional<EvaluationMetrics> metrics,
        List<String> evaluators, List<Failure> failures) {
      listeners.forEach(l -> l.onEvaluated(round, metrics, evaluators, failures));
      record(metrics);
    }

    private void record(Optional<EvaluationMetrics> metrics) {
      RoundOutcome o = pending;
      if (o == null) {
        return;
      }
      pending = null;
      RoundRecord rec = new RoundRecord(o.round(), o.applied(), o.contributors(), o.failures(),
          o.meanTrainLoss(), metrics, pendingMillis);
      history.add(rec);
      LOG.info("job {} round {}/{}: {} updates{}, train loss {}{} ({} ms)", jobId(), o.round(),
          protocol.config().rounds(), o.contributors().size(),
          o.failures().isEmpty() ? "" : ", " + o.failures().size() + " failures",
          fmt(o.meanTrainLoss()),
          metrics.map(m -> String.format(" | federated eval: auc %.4f ks %.4f log-loss %.4f on %d"
              + " rows", m.auc(), m.ks(), m.logLoss(), m.examples())).orElse(""),
          pendingMillis);
      try {
        store.appendRoundLog(jobId(), toJson(rec));
      } catch (IOException e) {
        LOG.error("job {}: cannot append to the round log", jobId(), e);
      }
    }

    @Override
    public void onFinished(GlobalModel finalModel, String reason, boolean aborted) {
      record(Optional.empty());
      listeners.forEach(l -> l.onFinished(finalModel, reason, aborted));
      settle(result, LOG, jobId(), finalModel, reason, aborted);
    }
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format("%.4f", v);
  }

  private static String toJson(RoundRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("round", r.round());
    n.put("applied", r.applied());
    ArrayNode c = n.putArray("contributors");
    r.contributors().forEach(c::add);
    ArrayNode f = n.putArray("failures");
    for (Failure x : r.failures()) {
      f.addObject().put("participant", x.participantId()).put("kind", x.kind().name())
          .put("detail", x.detail());
    }
    if (!Double.isNaN(r.meanTrainLoss())) {
      n.put("train_loss", r.meanTrainLoss());
    }
    r.evaluation().ifPresent(m -> n.putObject("evaluation").put("auc", m.auc())
        .put("ks", m.ks()).put("gini", m.gini()).put("log_loss", m.logLoss())
        .put("examples", m.examples()));
    n.put("millis", r.millis());
    return n.toString();
  }
}
