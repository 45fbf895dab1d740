package io.fedcredit.core.protocol;

import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.metrics.ScoreHistogram;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.LibraryVersion;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.strategy.EvaluationResult;
import io.fedcredit.core.strategy.Failure;
import io.fedcredit.core.strategy.FitInstruction;
import io.fedcredit.core.strategy.FitResult;
import io.fedcredit.core.strategy.FitResults;
import io.fedcredit.core.strategy.Strategy;
import io.fedcredit.crypto.CryptoException;
import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.crypto.pki.KeyAttestation;
import io.fedcredit.crypto.secagg.BelowThresholdException;
import io.fedcredit.crypto.secagg.SecAggMessages.MaskedInput;
import io.fedcredit.crypto.secagg.SecAggMessages.PublicKeys;
import io.fedcredit.crypto.secagg.SecAggMessages.Roster;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShare;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShares;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskRequest;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskResponse;
import io.fedcredit.crypto.secagg.SecAggServer;
import io.fedcredit.crypto.secagg.SecureAggregationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The coordinator's side of a horizontal job, as a state machine over messages and time.
 *
 * <p>Phases: {@code WAITING} for enough participants, an optional {@code STATS} round (round 0)
 * in which participants send feature moments for a shared standardizer, then for each round
 * {@code r = 1..R} a {@code FIT} phase (the strategy picks participants, each trains from the
 * global model of round {@code r-1} and sends its delta) and an {@code EVALUATE} phase (the
 * strategy picks evaluators, each sends score histograms of the global model of round {@code r}),
 * then {@code FINISHED}. Any phase ends when every chosen participant has delivered or left, or at
 * its deadline; participants that did not deliver become {@link Failure}s handed to the strategy,
 * never a hang. A round with too few results keeps the previous global model.
 *
 * <p>Two ways of aggregating let the coordinator learn only the sum of the updates. Secure
 * aggregation ({@link SecureAggregationConfig}) wraps {@code FIT} in the {@code SECAGG_*}
 * sub-phases. Paillier aggregation ({@link PaillierAggregationConfig}, which documents its trust
 * model) adds {@code PAILLIER_KEY}, once per job before the first fit round that needs a key (the
 * key holder sends a fresh public key, which every fit task then carries), and
 * {@code PAILLIER_DECRYPT} after each {@code FIT} (the key holder decrypts the sum of the
 * encrypted inputs, which the coordinator adds up as they arrive). A key holder that is missing
 * at {@code PAILLIER_KEY} or does not decrypt by the deadline aborts the round, and the previous
 * global model stands; after a failed decryption the next round asks for a fresh key. A bank
 * that misses the fit phase is left out of the encrypted sum: the round goes on with the
 * survivors (at least two inputs; fewer abort the round) and the strategy, which gets the
 * failures, decides whether they are enough.
 *
 * <p><b>Trust model of Paillier aggregation.</b> The coordinator never holds the private key: the
 * key holder (a participating bank, named in the job or else the first to join) generates it and
 * sends only the public key. The coordinator sees ciphertexts and, after decryption, the sum; the
 * key holder sees only the decrypted sum of at least two inputs (the weighted deltas and the
 * round's total example count), like the coordinator under secure aggregation. The coordinator
 * and the key holder together break it: the coordinator could forward one bank's ciphertext as a
 * "sum" and the key holder decrypt it. Details in {@link PaillierAggregationConfig}.
 *
 * <p>Every input carries the current time in milliseconds; the protocol never reads a clock,
 * opens a socket or starts a thread. Methods are synchronized so an adapter may call them from
 * several threads; {@link #version()} changes whenever the tasks change, for long polling.
 */
public final class HorizontalTrainingProtocol {

  /** Where the job stands. */
  public enum Phase {
    WAITING,
    STATS,
    /** Paillier aggregation: the key holder sends the job's public key (once per job). */
    PAILLIER_KEY,
    /** Secure aggregation, phase 0: parties send public keys. */
    SECAGG_KEYS,
    /** Secure aggregation, phase 1: parties send sealed shares. */
    SECAGG_SHARES,
    /**
     * Parties train and send updates (masked under secure aggregation: phase 2; encrypted under
     * Paillier aggregation).
     */
    FIT,
    /** Secure aggregation, phase 3: survivors reveal shares to unmask the sum. */
    SECAGG_UNMASK,
    /** Paillier aggregation: the key holder decrypts the round's encrypted sum. */
    PAILLIER_DECRYPT,
    EVALUATE,
    FINISHED,
    ABORTED;

    /**
     * Whether a round can begin with this phase: a round's time runs from the first of these to
     * start in it (the key phase under secure aggregation, the Paillier key phase when the round
     * needs a new key, else the fit phase; the stats phase is round 0).
     */
    public boolean canStartRound() {
      return this == STATS || this == PAILLIER_KEY || this == SECAGG_KEYS || this == FIT;
    }
  }

  /**
   * Hears about the job's progress, synchronously, inside the protocol's lock. Implementations
   * persist checkpoints and write logs; they must not call back into the protocol.
   */
  public interface Listener {
    /** A phase began with these participants. */
    default void onPhaseStarted(Phase phase, long round, List<String> participants) {}

    /** A fit round ended; {@code outcome.model()} is the global model after it. */
    default void onRoundCompleted(RoundOutcome outcome) {}

    /** An evaluation phase ended, or was skipped (no evaluators, empty metrics). */
    default void onEvaluated(long round, Optional<EvaluationMetrics> metrics,
        List<String> evaluators, List<Failure> failures) {}

    /** The job ended. */
    default void onFinished(GlobalModel finalModel, String reason, boolean aborted) {}
  }

  /**
   * How a fit round ended.
   *
   * @param round the round number
   * @param model the global model after the round
   * @param applied whether the aggregate changed the model (false: too few results)
   * @param contributors participants whose updates were aggregated
   * @param failures participants that were instructed but did not deliver
   * @param meanTrainLoss example-weighted mean of the reported local losses, or NaN (always NaN
   *     under secure or Paillier aggregation, where the coordinator sees no individual metric)
   * @param abortReason why the round's aggregation was abandoned, or null
   */
  public record RoundOutcome(
      long round,
      GlobalModel model,
      boolean applied,
      List<String> contributors,
      List<Failure> failures,
      double meanTrainLoss,
      String abortReason) {}

  private static final long WAIT_RETRY_MILLIS = 250;
  /** Fewest encrypted inputs whose sum the key holder is asked to decrypt. */
  static final int MIN_PAILLIER_INPUTS = 2;

  private final HorizontalJobConfig config;
  private final Strategy strategy;
  private final Listener listener;
  private final ParticipantRegistry registry;

  private Phase phase = Phase.WAITING;
  private long round;
  private long phaseDeadline;
  private long waitingSince;
  private long version;
  private boolean standardized;
  private GlobalModel model;
  private String finishReason;

  // current phase
  private final Map<String, FitInstruction> fitSelected = new LinkedHashMap<>();
  private final List<String> selected = new ArrayList<>();
  private final Map<String, Update> updates = new LinkedHashMap<>();
  private final Map<String, EvaluationResult> evaluations = new LinkedHashMap<>();
  private final Map<String, Rejection> rejections = new LinkedHashMap<>();
  private long lastNow;
  // secure aggregation of the current round
  private SecAggServer secagg;
  private Roster roster;
  private Map<String, List<SealedShare>> inboxes = Map.of();
  private UnmaskRequest unmaskRequest;
  private final Set<String> answered = new HashSet<>();
  private final List<Failure> roundFailures = new ArrayList<>();
  private List<String> auxNames = List.of();
  // Paillier aggregation: the job's key and its holder, and the current round's encrypted sum
  private PaillierPublicKey paillierKey;
  private long paillierKeyRound;
  private KeyAttestation paillierKeyAttestation; // null: unauthenticated
  private String keyHolder;
  private PaillierAggregator paillier;

  /**
   * Starts a job in the waiting phase.
   *
   * @param initial the initial global model (round 0); when {@code config.standardize()} is set
   *     its standardizer is replaced by the pooled one after the stats round
   */
  public HorizontalTrainingProtocol(
      HorizontalJobConfig config, Strategy strategy, GlobalModel initial, Listener listener,
      long now) {
    this(config, strategy, initial, listener, now, false);
  }

  private HorizontalTrainingProtocol(
      HorizontalJobConfig config, Strategy strategy, GlobalModel initial, Listener listener,
      long now, boolean resumed) {
    this.config = Objects.requireNonNull(config, "config");
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.model = Objects.requireNonNull(initial, "initial");
    if (!initial.spec().equals(config.model())) {
      throw new IllegalArgumentException(
          "initial model spec " + initial.spec() + " differs from the job's " + config.model());
    }
    if (!initial.featureNames().equals(config.featureNames())) {
      throw new IllegalArgumentException("initial model features " + initial.featureNames()
          + " differ from the job's " + config.featureNames());
    }
    this.registry = new ParticipantRegistry(config.livenessMillis());
    this.waitingSince = now;
    this.round = initial.round();
    this.standardized = resumed || !config.standardize();
  }

  /**
   * Resumes a job from a checkpointed global model: the next fit round is
   * {@code checkpoint.round() + 1}; the checkpoint's standardizer is kept. A checkpoint of the
   * last round finishes the job at the first tick. The strategy must already carry the state
   * it had after the checkpoint's round ({@link Strategy#restore}).
   */
  public static HorizontalTrainingProtocol resume(
      HorizontalJobConfig config, Strategy strategy, GlobalModel checkpoint, Listener listener,
      long now) {
    return new HorizontalTrainingProtocol(config, strategy, checkpoint, listener, now, true);
  }

  // ------------------------------------------------------------------------------------------
  // inputs

  /**
   * Admits a participant.
   *
   * @param featureNames the features of the participant's table (any order; extras are ignored)
   * @param hasLabel whether the participant's table is labelled (horizontal training needs it)
   * A participant may join a finished job, to download its final model (a bank that lost the
   * coordinator to a restart in the job's last round rejoins this way).
   *
   * @throws Rejection NOT_ALLOWED, SCHEMA_MISMATCH, or JOB_FINISHED when the job was aborted
   */
  public synchronized void join(
      String participantId, List<String> featureNames, boolean hasLabel, long now) {
    Admission.check(config.jobId(), config.allowedParticipants(), config.featureNames(),
        participantId, featureNames, hasLabel, phase == Phase.ABORTED ? finishReason : null,
        "horizontal training");
    registry.join(participantId, now);
    version++;
    advance(now);
  }

  /**
   * The participant's current task. Also records that it is alive.
   *
   * @throws Rejection UNKNOWN_PARTICIPANT if it has not joined
   */
  public synchronized Task poll(String participantId, long now) {
    requireMember(participantId, "poll");
    registry.touch(participantId, now);
    advance(now);
    return taskFor(participantId);
  }

  /**
   * Checks an update's header before its values arrive, so an adapter can refuse a large
   * stream early. {@link #submit} repeats these checks.
   *
   * @throws Rejection with the reason at fault
   */
  public synchronized void precheck(
      RoundRef ref, UpdateKind kind, int length, long numExamples, long now) {
    checkHeader(ref, kind, length, numExamples, now);
  }

  /**
   * Accepts one update.
   *
   * @throws Rejection STALE_ROUND, FUTURE_ROUND, WRONG_PHASE, DEADLINE_PASSED, NOT_SELECTED,
   *     DUPLICATE, WRONG_SHAPE, NON_FINITE, INVALID_VALUE, UNKNOWN_JOB, UNKNOWN_PARTICIPANT or
   *     JOB_FINISHED, with a message naming the job, round, participant and the fault
   */
  public synchronized void submit(Update update, long now) {
    RoundRef ref = update.ref();
    try {
      checkHeader(ref, update.kind(), update.values().length, update.numExamples(), now);
      checkValues(update);
    } catch (Rejection r) {
      noteRejection(ref.participantId(), r);
      throw r;
    }
    registry.touch(ref.participantId(), now);
    updates.put(ref.participantId(), update);
    rejections.remove(ref.participantId());
    advance(now);
  }

  /**
   * Accepts one evaluation report.
   *
   * @throws Rejection as for {@link #submit}; WRONG_SHAPE when the histogram's binning differs
   *     from the others'; INVALID_VALUE when its counts do not add up to the example count
   */
  public synchronized void submitEvaluation(RoundRef ref, EvaluationResult result, long now) {
    try {
      checkEvaluation(ref, result, now);
    } catch (Rejection r) {
      noteRejection(ref.participantId(), r);
      throw r;
    }
    registry.touch(ref.participantId(), now);
    evaluations.put(ref.participantId(), result);
    rejections.remove(ref.participantId());
    advance(now);
  }

  /**
   * Secure aggregation, phase 0: a party's public keys.
   *
   * @throws Rejection as for {@link #submit}; INVALID_VALUE when the keys are malformed
   */
  public synchronized void submitKeys(RoundRef ref, PublicKeys keys, long now) {
    secureStep(ref, Phase.SECAGG_KEYS, "public keys", now, () -> secagg.receiveKeys(keys));
  }

  /** Secure aggregation, phase 1: a party's sealed shares. */
  public synchronized void submitShares(RoundRef ref, SealedShares shares, long now) {
    secureStep(ref, Phase.SECAGG_SHARES, "sealed shares", now,
        () -> secagg.receiveShares(shares));
  }

  /**
   * Secure aggregation, phase 2: a party's masked input (its trained, encoded update).
   *
   * @throws Rejection WRONG_SHAPE when the length is wrong
   */
  public synchronized void submitMasked(RoundRef ref, long[] masked, long now) {
    checkHeader(ref, UpdateKind.MASKED_INPUT, masked.length, 1, now);
    secureStep(ref, Phase.FIT, "a masked input", now,
        () -> secagg.receiveMaskedInput(new MaskedInput(ref.participantId(), masked)));
  }

  /** Secure aggregation, phase 3: a survivor's shares. */
  public synchronized void submitUnmask(RoundRef ref, UnmaskResponse response, long now) {
    secureStep(ref, Phase.SECAGG_UNMASK, "unmask shares", now,
        () -> secagg.receiveUnmask(response));
  }

  private void secureStep(RoundRef ref, Phase expected, String what, long now, Runnable step) {
    exchangeStep(ref, expected, what, config.isSecure(), "secure aggregation", now, step);
  }

  /**
   * Paillier aggregation: the key holder's public key for the job.
   *
   * @throws Rejection as for {@link #submit}; NOT_SELECTED when the sender is not the key holder;
   *     INVALID_VALUE when the key's size differs from the job's {@code modulusBits}
   */
  public synchronized void submitPaillierKey(RoundRef ref, PaillierPublicKey key, long now) {
    submitPaillierKey(ref, key, null, now);
  }

  /**
   * Paillier aggregation: the key holder's public key for the job, with its signature binding
   * the key to the key holder's certificate ({@link PaillierAggregationConfig#keyBinding}), which
   * every fit task then carries so banks can check it. The protocol does not verify it: the
   * adapter does, and the banks do.
   *
   * @param attestation the key holder's signature, or null when unauthenticated
   * @throws Rejection as for {@link #submitPaillierKey(RoundRef, PaillierPublicKey, long)}
   */
  public synchronized void submitPaillierKey(RoundRef ref, PaillierPublicKey key,
      KeyAttestation attestation, long now) {
    paillierStep(ref, Phase.PAILLIER_KEY, "a Paillier public key", now, () -> {
      int bits = key.parameters().modulusBits();
      if (bits != config.paillierAggregation().modulusBits()) {
        throw new Rejection(Reason.INVALID_VALUE, ref + ": the Paillier key has " + bits
            + " bits, the job asks for " + config.paillierAggregation().modulusBits());
      }
      paillierKey = key;
      paillierKeyRound = ref.round();
      paillierKeyAttestation = attestation;
    });
  }

  /**
   * Paillier aggregation: a party's encrypted input (its trained, encoded, packed update), added
   * at once to the round's encrypted sum.
   *
   * @throws Rejection as for {@link #submit}; INVALID_VALUE when it is under another key, packed
   *     with another scheme or not one fresh encryption; WRONG_SHAPE when its length is wrong
   */
  public synchronized void submitEncrypted(RoundRef ref, PackedCiphertext input, long now) {
    paillierStep(ref, Phase.FIT, "an encrypted input", now, () -> {
      checkHeader(ref, UpdateKind.ENCRYPTED_INPUT, input.ciphertextCount(), 0, now);
      paillier.add(ref, input);
    });
  }

  /**
   * Paillier aggregation: the round's encrypted sum, for the key holder to decrypt. No one else
   * is given it, and only during {@code PAILLIER_DECRYPT}.
   *
   * @throws Rejection WRONG_PHASE, STALE_ROUND, FUTURE_ROUND, NOT_SELECTED (not the key holder) or
   *     DUPLICATE (the sums were already accepted)
   */
  public synchronized PackedCiphertext encryptedSum(RoundRef ref, long now) {
    try {
      checkExchange(ref, Phase.PAILLIER_DECRYPT, "a download of the encrypted sum",
          config.isPaillier(), "Paillier aggregation", now);
    } catch (Rejection r) {
      noteRejection(ref.participantId(), r);
      throw r;
    }
    registry.touch(ref.participantId(), now);
    return paillier.sum();
  }

  /**
   * Paillier aggregation: the key holder's decryption of the round's encrypted sum, as exact
   * quantized sums.
   *
   * @throws Rejection as for {@link #submit}; INVALID_VALUE when a sum is out of range or the
   *     total weight is impossible
   */
  public synchronized void submitDecryptedSum(RoundRef ref, long[] sums, long now) {
    paillierStep(ref, Phase.PAILLIER_DECRYPT, "decrypted sums", now,
        () -> paillier.receiveSums(ref, sums));
  }

  private void paillierStep(RoundRef ref, Phase expected, String what, long now, Runnable step) {
    exchangeStep(ref, expected, what, config.isPaillier(), "Paillier aggregation", now, step);
  }

  /**
   * One message of a sub-protocol whose phases wait for every chosen party's answer (secure or
   * Paillier aggregation): checks, runs {@code step}, records the answer and moves on.
   */
  private void exchangeStep(RoundRef ref, Phase expected, String what, boolean enabled,
      String mode, long now, Runnable step) {
    try {
      checkExchange(ref, expected, what, enabled, mode, now);
      try {
        step.run();
      } catch (CryptoException e) {
        throw new Rejection(Reason.INVALID_VALUE, ref + ": " + e.getMessage());
      }
    } catch (Rejection r) {
      noteRejection(ref.participantId(), r);
      throw r;
    }
    registry.touch(ref.participantId(), now);
    answered.add(ref.participantId());
    advance(now);
  }

  private void checkExchange(RoundRef ref, Phase expected, String what, boolean enabled,
      String mode, long now) {
    checkJob(ref);
    requireMember(ref.participantId(), "take part in " + mode);
    advance(now);
    if (isOver()) {
      throw new Rejection(Reason.JOB_FINISHED, ref + ": the job is over (" + finishReason
          + ")");
    }
    if (!enabled) {
      throw new Rejection(Reason.WRONG_PHASE, ref + ": job " + config.jobId()
          + " does not use " + mode + "; send " + expectedInput());
    }
    checkExchangePhase(ref, expected, what);
  }

  private void checkExchangePhase(RoundRef ref, Phase expected, String what) {
    if (phase != expected) {
      boolean past = ref.round() < round || (ref.round() == round
          && phase.ordinal() > expected.ordinal());
      throw new Rejection(past ? Reason.STALE_ROUND : Reason.WRONG_PHASE, ref + ": " + what
          + " arrived in phase " + phase + " of round " + round + ", expected " + expected);
    }
    checkRound(ref, what);
    checkSelectedAndFresh(ref, answered.contains(ref.participantId()), what);
  }

  /** What a fit participant of this job sends. */
  private String expectedInput() {
    return config.isSecure() ? "a MASKED_INPUT" : config.isPaillier() ? "an ENCRYPTED_INPUT"
        : "a MODEL_DELTA";
  }

  /**
   * The global model a participant may download: the model after {@code ref.round()} completed
   * rounds, which must be the current one.
   *
   * @throws Rejection STALE_ROUND or FUTURE_ROUND when another round is asked for
   */
  public synchronized GlobalModel download(RoundRef ref, long now) {
    checkJob(ref);
    requireMember(ref.participantId(), "download the model");
    registry.touch(ref.participantId(), now);
    if (ref.round() < model.round()) {
      throw new Rejection(Reason.STALE_ROUND, ref + ": the model of round " + ref.round()
          + " is no longer served; the current global model is round " + model.round());
    }
    if (ref.round() > model.round()) {
      throw new Rejection(Reason.FUTURE_ROUND, ref + ": round " + ref.round()
          + " has not completed; the current global model is round " + model.round());
    }
    return model;
  }

  /** The participant leaves; if it was chosen in this phase it becomes a failure at once. */
  public synchronized void leave(String participantId, long now) {
    if (registry.isMember(participantId)) {
      registry.leave(participantId);
      version++;
      advance(now);
    }
  }

  /** Lets time pass: starts the job when enough participants are available, ends phases at
   * their deadline, aborts a job that waited too long. */
  public synchronized void tick(long now) {
    advance(now);
  }

  // ------------------------------------------------------------------------------------------
  // observers

  public synchronized Phase phase() {
    return phase;
  }

  /** Current round: 0 during waiting and stats, {@code r} during fit and evaluate of round r. */
  public synchronized long round() {
    return round;
  }

  /** The current global model. */
  public synchronized GlobalModel model() {
    return model;
  }

  /** Changes whenever any participant's task may have changed. */
  public synchronized long version() {
    return version;
  }

  public synchronized boolean isOver() {
    return phase == Phase.FINISHED || phase == Phase.ABORTED;
  }

  /** The job's Paillier public key, once the key holder sent it (empty otherwise). */
  public synchronized Optional<PaillierPublicKey> paillierKey() {
    return Optional.ofNullable(paillierKey);
  }

  /** The Paillier key holder of the job, once the first key phase named it, or null. */
  public synchronized String paillierKeyHolder() {
    return keyHolder;
  }

  /** Why the job ended, or null while it runs. */
  public synchronized String finishReason() {
    return finishReason;
  }

  public HorizontalJobConfig config() {
    return config;
  }

  public Strategy strategy() {
    return strategy;
  }

  /** Ids of all participants that ever joined. */
  public synchronized List<String> participants() {
    return registry.all();
  }

  /** Participants currently available. */
  public synchronized List<String> available(long now) {
    return registry.available(now);
  }

  /** Whether the participant has joined and not left. */
  public synchronized boolean isMember(String participantId) {
    return registry.isMember(participantId);
  }

  // ------------------------------------------------------------------------------------------
  // validation

  private void checkJob(RoundRef ref) {
    if (!config.jobId().equals(ref.jobId())) {
      throw new Rejection(Reason.UNKNOWN_JOB, ref + ": this is job " + config.jobId());
    }
  }

  private void requireMember(String participantId, String action) {
    Admission.requireMember(registry, config.jobId(), participantId, action);
  }

  private void checkHeader(RoundRef ref, UpdateKind kind, int length, long numExamples,
      long now) {
    checkJob(ref);
    requireMember(ref.participantId(), "submit updates");
    advance(now);
    if (isOver()) {
      throw new Rejection(Reason.JOB_FINISHED, ref + ": the job is over (" + finishReason + ")");
    }
    if (kind == UpdateKind.FEATURE_MOMENTS) {
      if (phase != Phase.STATS) {
        if (!config.standardize()) {
          throw new Rejection(Reason.WRONG_PHASE, ref + ": job " + config.jobId()
              + " has no feature-statistics round");
        }
        throw new Rejection(standardized ? Reason.STALE_ROUND : Reason.WRONG_PHASE,
            ref + ": feature statistics are " + (standardized ? "no longer" : "not yet")
                + " accepted (phase " + phase + ")");
      }
      checkRound(ref, "feature statistics");
      int expected = 1 + 2 * config.model().numFeatures();
      checkSelectedAndFresh(ref, updates.containsKey(ref.participantId()), "feature statistics");
      if (length != expected) {
        throw new Rejection(Reason.WRONG_SHAPE, ref + ": feature statistics have " + length
            + " values, expected " + expected + " (count, " + config.model().numFeatures()
            + " sums, " + config.model().numFeatures() + " sums of squares)");
      }
    } else if (kind == UpdateKind.MASKED_INPUT) {
      if (!config.isSecure()) {
        throw new Rejection(Reason.WRONG_PHASE, ref + ": job " + config.jobId()
            + " does not use secure aggregation; send " + expectedInput());
      }
      checkExchangePhase(ref, Phase.FIT, "a masked input");
      int expected = SecureAggregationConfig.vectorLength(model.numParameters(), auxNames);
      if (length != expected) {
        throw new Rejection(Reason.WRONG_SHAPE, ref + ": masked input has " + length
            + " words, expected " + expected);
      }
      return;
    } else if (kind == UpdateKind.ENCRYPTED_INPUT || kind == UpdateKind.DECRYPTED_SUM) {
      if (!config.isPaillier()) {
        throw new Rejection(Reason.WRONG_PHASE, ref + ": job " + config.jobId()
            + " does not use Paillier aggregation; send " + expectedInput());
      }
      boolean input = kind == UpdateKind.ENCRYPTED_INPUT;
      checkExchangePhase(ref, input ? Phase.FIT : Phase.PAILLIER_DECRYPT,
          input ? "an encrypted input" : "decrypted sums");
      int expected = input ? paillier.ciphertextCount() : paillier.length();
      if (length != expected) {
        throw new Rejection(Reason.WRONG_SHAPE, ref + ": " + (input
            ? "encrypted input has " + length + " ciphertexts"
            : "decrypted sums have " + length + " values") + ", expected " + expected);
      }
      return;
    } else {
      if (config.isSecure() || config.isPaillier()) {
        throw new Rejection(Reason.WRONG_PHASE, ref + ": job " + config.jobId() + " uses "
            + (config.isSecure() ? "secure" : "Paillier") + " aggregation; send "
            + expectedInput() + ", not a plaintext delta");
      }
      if (phase == Phase.EVALUATE && ref.round() == round) {
        throw new Rejection(Reason.DEADLINE_PASSED, ref + ": the fit phase of round " + round
            + " has closed");
      }
      if (phase != Phase.FIT) {
        throw new Rejection(ref.round() <= model.round() ? Reason.STALE_ROUND
            : Reason.FUTURE_ROUND, ref + ": no fit phase is open for round " + ref.round()
            + " (phase " + phase + ", round " + round + ")");
      }
      checkRound(ref, "updates");
      checkSelectedAndFresh(ref, updates.containsKey(ref.participantId()), "an update");
      if (length != model.numParameters()) {
        throw new Rejection(Reason.WRONG_SHAPE, ref + ": update has " + length
            + " values, the model has " + model.numParameters() + " parameters");
      }
      FitInstruction in = fitSelected.get(ref.participantId());
      if (in.dp().isPresent() && numExamples != 1) {
        throw new Rejection(Reason.INVALID_VALUE, ref + ": under differential privacy an "
            + "update weighs 1 (num_examples = 1), got " + numExamples);
      }
    }
    if (numExamples <= 0) {
      throw new Rejection(Reason.INVALID_VALUE, ref + ": num_examples must be positive, got "
          + numExamples);
    }
  }

  private void checkRound(RoundRef ref, String what) {
    if (ref.round() < round) {
      throw new Rejection(Reason.STALE_ROUND, ref + ": " + what + " for round " + ref.round()
          + " arrived during round " + round);
    }
    if (ref.round() > round) {
      throw new Rejection(Reason.FUTURE_ROUND, ref + ": " + what + " for round " + ref.round()
          + " arrived during round " + round);
    }
  }

  private void checkSelectedAndFresh(RoundRef ref, boolean alreadyReceived, String what) {
    if (!selected.contains(ref.participantId())) {
      throw new Rejection(Reason.NOT_SELECTED, ref + ": participant was not chosen for the "
          + phase + " phase of round " + round);
    }
    if (alreadyReceived) {
      throw new Rejection(Reason.DUPLICATE, ref + ": " + what + " for this round was already "
          + "accepted");
    }
  }

  private void checkValues(Update update) {
    double[] v = update.values();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new Rejection(Reason.NON_FINITE, update.ref() + ": value " + i + " of the "
            + update.kind() + " is " + v[i]);
      }
    }
    for (Map.Entry<String, Double> m : update.metrics().entrySet()) {
      if (!Double.isFinite(m.getValue())) {
        throw new Rejection(Reason.NON_FINITE, update.ref() + ": metric '" + m.getKey()
            + "' is " + m.getValue());
      }
    }
    if (update.kind() == UpdateKind.FEATURE_MOMENTS) {
      int d = config.model().numFeatures();
      if (v[0] != update.numExamples()) {
        throw new Rejection(Reason.INVALID_VALUE, update.ref() + ": moment count " + v[0]
            + " differs from num_examples " + update.numExamples());
      }
      for (int j = 0; j < d; j++) {
        if (v[1 + d + j] < 0) {
          throw new Rejection(Reason.INVALID_VALUE, update.ref() + ": sum of squares of feature '"
              + config.featureNames().get(j) + "' is negative");
        }
      }
    }
  }

  private void checkEvaluation(RoundRef ref, EvaluationResult result, long now) {
    checkJob(ref);
    requireMember(ref.participantId(), "submit evaluations");
    advance(now);
    if (isOver()) {
      throw new Rejection(Reason.JOB_FINISHED, ref + ": the job is over (" + finishReason + ")");
    }
    if (phase != Phase.EVALUATE) {
      throw new Rejection(ref.round() <= model.round() ? Reason.STALE_ROUND : Reason.FUTURE_ROUND,
          ref + ": no evaluation phase is open (phase " + phase + ", round " + round + ")");
    }
    checkRound(ref, "evaluations");
    checkSelectedAndFresh(ref, evaluations.containsKey(ref.participantId()), "an evaluation");
    ScoreHistogram h = result.histogram();
    for (EvaluationResult other : evaluations.values()) {
      ScoreHistogram o = other.histogram();
      if (o.bins() != h.bins() || o.logitMin() != h.logitMin() || o.logitMax() != h.logitMax()) {
        throw new Rejection(Reason.WRONG_SHAPE, ref + ": histogram has " + h.bins() + " bins on ["
            + h.logitMin() + ", " + h.logitMax() + "], others have " + o.bins() + " on ["
            + o.logitMin() + ", " + o.logitMax() + "]");
      }
      break;
    }
    if (h.positives() + h.negatives() != result.numExamples()) {
      throw new Rejection(Reason.INVALID_VALUE, ref + ": histogram counts "
          + (h.positives() + h.negatives()) + " examples, report says " + result.numExamples());
    }
  }

  private void noteRejection(String participantId, Rejection r) {
    // a chosen participant's refused contribution is recorded so its failure says why
    if (selected.contains(participantId) && r.reason() != Reason.DUPLICATE
        && r.reason() != Reason.STALE_ROUND && r.reason() != Reason.FUTURE_ROUND) {
      rejections.put(participantId, r);
    }
  }

  // ------------------------------------------------------------------------------------------
  // transitions

  private void advance(long now) {
    lastNow = Math.max(lastNow, now);
    // loop: one input may complete several steps (e.g. a phase with no one selected)
    for (int guard = 0; guard < 8; guard++) {
      Phase before = phase;
      long roundBefore = round;
      step(now);
      if (phase == before && round == roundBefore) {
        return;
      }
    }
  }

  private void step(long now) {
    switch (phase) {
      case WAITING -> {
        if (standardized && model.round() >= config.rounds()) {
          // resumed from the checkpoint of the last round: the job is complete
          finish("completed " + config.rounds() + " rounds", false);
          return;
        }
        List<String> avail = registry.available(now);
        if (avail.size() >= config.minParticipants()) {
          if (!standardized) {
            startStats(avail, now);
          } else {
            startFit(model.round() + 1, now);
          }
        } else if (now - waitingSince > config.joinTimeoutMillis()) {
          finish("only " + avail.size() + " of the " + config.minParticipants()
              + " participants needed were available after "
              + config.joinTimeoutMillis() / 1000 + " s", true);
        }
      }
      case STATS -> {
        if (phaseDone(updates.keySet(), now)) {
          completeStats(now);
        }
      }
      case SECAGG_KEYS, SECAGG_SHARES, SECAGG_UNMASK -> {
        if (phaseDone(answered, now)) {
          advanceSecure(now);
        }
      }
      case PAILLIER_KEY -> {
        // a key holder that has not joined yet may still join before the deadline
        if (paillierKey != null || now >= phaseDeadline || registry.hasLeft(keyHolder)) {
          advancePaillier(now);
        }
      }
      case PAILLIER_DECRYPT -> {
        if (phaseDone(answered, now)) {
          advancePaillier(now);
        }
      }
      case FIT -> {
        if (config.isSecure()) {
          if (phaseDone(answered, now)) {
            advanceSecure(now);
          }
        } else if (config.isPaillier()) {
          if (phaseDone(answered, now)) {
            advancePaillier(now);
          }
        } else if (phaseDone(updates.keySet(), now)) {
          completeFit(now);
        }
      }
      case EVALUATE -> {
        if (phaseDone(evaluations.keySet(), now)) {
          completeEvaluate(now);
        }
      }
      case FINISHED, ABORTED -> {
        // terminal
      }
    }
  }

  private boolean phaseDone(Set<String> delivered, long now) {
    if (now >= phaseDeadline) {
      return true;
    }
    for (String id : selected) {
      if (!delivered.contains(id) && registry.isMember(id)) {
        return false;
      }
    }
    return true;
  }

  private void beginPhase(Phase p, long r, List<String> participants, long now) {
    phase = p;
    round = r;
    selected.clear();
    selected.addAll(participants);
    updates.clear();
    evaluations.clear();
    rejections.clear();
    answered.clear();
    phaseDeadline = now + config.phaseTimeoutMillis();
    version++;
    listener.onPhaseStarted(p, r, List.copyOf(participants));
  }

  private void startStats(List<String> participants, long now) {
    beginPhase(Phase.STATS, 0, participants, now);
  }

  private void completeStats(long now) {
    if (updates.isEmpty()) {
      finish("no participant sent feature statistics before the deadline", true);
      return;
    }
    // summed in participant order, not arrival order: reproducible to the last bit
    double[] momentsSum = new double[1 + 2 * config.model().numFeatures()];
    for (Update u : new java.util.TreeMap<>(updates).values()) {
      double[] v = u.values();
      for (int i = 0; i < v.length; i++) {
        momentsSum[i] += v[i];
      }
    }
    Standardizer s = Standardizer.fromMoments(momentsSum);
    model = model.withStandardizer(s);
    standardized = true;
    startFit(model.round() + 1, now);
  }

  private void startFit(long r, long now) {
    Optional<String> stop = strategy.stopReason();
    if (stop.isPresent()) {
      finish(stop.get(), false);
      return;
    }
    List<FitInstruction> instructions =
        strategy.configureFit(r, model, registry.available(now));
    stop = strategy.stopReason();
    if (instructions.isEmpty() && stop.isPresent()) {
      finish(stop.get(), false);
      return;
    }
    if (instructions.isEmpty()) {
      if (phase != Phase.WAITING) {
        phase = Phase.WAITING;
        waitingSince = now;
        version++;
      } else if (now - waitingSince > config.joinTimeoutMillis()) {
        finish("too few participants available to start round " + r + " after "
            + config.joinTimeoutMillis() / 1000 + " s", true);
      }
      return;
    }
    fitSelected.clear();
    List<String> ids = new ArrayList<>();
    for (FitInstruction in : instructions) {
      if (!registry.isMember(in.participantId())) {
        throw new IllegalStateException(strategy.describe() + " chose '" + in.participantId()
            + "', which is not a participant");
      }
      fitSelected.put(in.participantId(), in);
      ids.add(in.participantId());
    }
    roundFailures.clear();
    auxNames = strategy.auxiliaryNames();
    if (config.isSecure()) {
      SecureAggregationConfig sa = config.secureAggregation();
      secagg = new SecAggServer(sa.settings(config.jobId(), r), ids,
          SecureAggregationConfig.vectorLength(model.numParameters(), auxNames));
      beginPhase(Phase.SECAGG_KEYS, r, ids, now);
    } else if (config.isPaillier() && paillierKey == null) {
      PaillierAggregationConfig pa = config.paillierAggregation();
      keyHolder = pa.keyHolder() != null ? pa.keyHolder() : registry.available(now).get(0);
      beginPhase(Phase.PAILLIER_KEY, r, List.of(keyHolder), now);
    } else {
      startFitPhase(r, now);
    }
  }

  /** Begins the fit phase with the participants the strategy chose for round {@code r}. */
  private void startFitPhase(long r, long now) {
    List<String> ids = new ArrayList<>(fitSelected.keySet());
    if (config.isPaillier()) {
      paillier = new PaillierAggregator(config.paillierAggregation(), paillierKey,
          model.numParameters(), auxNames, ids.size());
    }
    beginPhase(Phase.FIT, r, ids, now);
  }

  /**
   * Ends a Paillier sub-phase or the fit phase under Paillier aggregation: records who missed it,
   * then moves on or aborts the round.
   */
  private void advancePaillier(long now) {
    roundFailures.addAll(failures(answered));
    switch (phase) {
      case PAILLIER_KEY -> {
        if (paillierKey != null) {
          startFitPhase(round, now);
        } else {
          abortRound("Paillier aggregation aborted: the key holder '" + keyHolder + "' "
              + (registry.hasLeft(keyHolder) ? "left the job"
                  : registry.isMember(keyHolder) ? "sent no public key"
                  : "has not joined the job")
              + " before the key deadline", now);
        }
      }
      case FIT -> {
        int inputs = paillier.contributors().size();
        if (inputs < MIN_PAILLIER_INPUTS) {
          abortRound("Paillier aggregation aborted: " + inputs + " encrypted input"
              + (inputs == 1 ? "" : "s") + " arrived; the key holder decrypts only sums of at "
              + "least " + MIN_PAILLIER_INPUTS + ", so no single bank's update is decrypted", now);
        } else {
          beginPhase(Phase.PAILLIER_DECRYPT, round, List.of(keyHolder), now);
        }
      }
      case PAILLIER_DECRYPT -> {
        if (paillier.decoded() != null) {
          completeSumsOnlyFit(paillier.decoded(), paillier.contributors(), now);
        } else {
          // the key holder may have lost its private key: the next round asks for a fresh one
          paillierKey = null;
          paillierKeyAttestation = null;
          abortRound("Paillier aggregation aborted: the key holder '" + keyHolder + "' "
              + (registry.isMember(keyHolder) ? "did not decrypt the sum" : "left the job")
              + " before the decryption deadline; the next round starts with a fresh key", now);
        }
      }
      default -> throw new IllegalStateException("not a Paillier phase: " + phase);
    }
  }

  /** Ends a secure-aggregation sub-phase: records who missed it, then moves on or aborts. */
  private void advanceSecure(long now) {
    roundFailures.addAll(failures(answered));
    try {
      switch (phase) {
        case SECAGG_KEYS -> {
          roster = secagg.closeAdvertise();
          beginPhase(Phase.SECAGG_SHARES, round, roster.ids(), now);
        }
        case SECAGG_SHARES -> {
          inboxes = secagg.closeShares();
          beginPhase(Phase.FIT, round, new ArrayList<>(inboxes.keySet()), now);
        }
        case FIT -> {
          unmaskRequest = secagg.closeMaskedInputs();
          beginPhase(Phase.SECAGG_UNMASK, round, unmaskRequest.survivors(), now);
        }
        case SECAGG_UNMASK -> completeSecureFit(secagg.closeUnmask(), now);
        default -> throw new IllegalStateException("not a secure-aggregation phase: " + phase);
      }
    } catch (BelowThresholdException e) {
      abortRound("secure aggregation aborted: " + e.getMessage(), now);
    }
  }

  private void completeSecureFit(long[] sum, long now) {
    completeSumsOnlyFit(config.secureAggregation().ring().decode(sum),
        unmaskRequest.survivors(), now);
  }

  /** Hands the strategy a decoded sum of {@link WeightedInput}s, and nothing else. */
  private void completeSumsOnlyFit(double[] decodedSum, List<String> participants, long now) {
    FitResults results = WeightedInput.sumsOnly(decodedSum, model.numParameters(), auxNames,
        participants);
    List<Failure> failures = new ArrayList<>(roundFailures);
    Optional<double[]> next = strategy.aggregateFit(round, model, results, failures);
    applyRound(next, results.participants(), failures, Double.NaN, null, now);
  }

  private void abortRound(String reason, long now) {
    applyRound(Optional.empty(), List.of(), new ArrayList<>(roundFailures), Double.NaN, reason,
        now);
  }

  private void completeFit(long now) {
    List<FitResult> results = new ArrayList<>();
    double lossSum = 0;
    double lossWeight = 0;
    for (String id : selected) {
      Update u = updates.get(id);
      if (u != null) {
        results.add(new FitResult(id, u.numExamples(), u.values(), u.metrics()));
        Double loss = u.metrics().get("loss");
        if (loss != null) {
          lossSum += loss * u.numExamples();
          lossWeight += u.numExamples();
        }
      }
    }
    List<Failure> failures = failures(updates.keySet());
    FitResults fitResults = FitResults.plaintext(results, model.numParameters());
    Optional<double[]> next = fitResults.isEmpty()
        ? Optional.empty()
        : strategy.aggregateFit(round, model, fitResults, failures);
    applyRound(next, fitResults.participants(), failures,
        lossWeight > 0 ? lossSum / lossWeight : Double.NaN, null, now);
  }

  /** Installs the round's model (or keeps the old one), tells the listener, moves on. */
  private void applyRound(Optional<double[]> next, List<String> aggregated,
      List<Failure> failures, double meanLoss, String abortReason, long now) {
    List<String> contributors = next.isPresent() ? aggregated : List.of();
    String aggregation = config.isSecure() ? config.secureAggregation().describe()
        : config.isPaillier() ? config.paillierAggregation().describe(keyHolder)
        : "none (plaintext aggregation)";
    String dp = strategy.privacy();
    String privacy = "none".equals(dp) ? aggregation : aggregation + "; " + dp;
    ModelProvenance prov = new ModelProvenance(config.jobId(), round, strategy.describe(),
        privacy, contributors, LibraryVersion.get(), LibraryVersion.runtime(),
        Instant.ofEpochMilli(now));
    model = model.withParameters(next.orElseGet(model::parameters), prov);
    listener.onRoundCompleted(new RoundOutcome(round, model, next.isPresent(), contributors,
        failures, meanLoss, abortReason));
    if (abortReason != null) {
      // the model did not change: nothing new to evaluate
      listener.onEvaluated(round, Optional.empty(), List.of(), List.of());
      afterRound(now);
    } else {
      startEvaluate(now);
    }
  }

  private void startEvaluate(long now) {
    List<String> evaluators = strategy.configureEvaluate(round, model, registry.available(now));
    if (evaluators.isEmpty()) {
      listener.onEvaluated(round, Optional.empty(), List.of(), List.of());
      afterRound(now);
      return;
    }
    beginPhase(Phase.EVALUATE, round, evaluators, now);
  }

  private void completeEvaluate(long now) {
    List<EvaluationResult> results = new ArrayList<>();
    for (String id : selected) {
      EvaluationResult e = evaluations.get(id);
      if (e != null) {
        results.add(e);
      }
    }
    List<Failure> failures = failures(evaluations.keySet());
    Optional<EvaluationMetrics> metrics = strategy.aggregateEvaluate(round, results, failures);
    listener.onEvaluated(round, metrics,
        results.stream().map(EvaluationResult::participantId).toList(), failures);
    afterRound(now);
  }

  private void afterRound(long now) {
    if (round >= config.rounds()) {
      finish("completed " + config.rounds() + " rounds", false);
    } else {
      startFit(round + 1, now);
    }
  }

  private List<Failure> failures(Set<String> delivered) {
    List<Failure> out = new ArrayList<>();
    for (String id : selected) {
      if (delivered.contains(id)) {
        continue;
      }
      Rejection r = rejections.get(id);
      if (r != null) {
        out.add(new Failure(id, Failure.Kind.REJECTED, r.getMessage()));
      } else if (registry.hasLeft(id)) {
        out.add(new Failure(id, Failure.Kind.LEFT, "left the job during the " + phase
            + " phase of round " + round));
      } else {
        out.add(new Failure(id, Failure.Kind.TIMEOUT, "missed the " + phase
            + " deadline of round " + round));
      }
    }
    return out;
  }

  private void finish(String reason, boolean aborted) {
    phase = aborted ? Phase.ABORTED : Phase.FINISHED;
    finishReason = reason;
    selected.clear();
    version++;
    listener.onFinished(model, reason, aborted);
  }

  private Task taskFor(String participantId) {
    switch (phase) {
      case WAITING:
        return new Task.Wait(WAIT_RETRY_MILLIS, "waiting for participants ("
            + registry.available(lastNow).size() + " available, "
            + config.minParticipants() + " needed)");
      case STATS:
        if (selected.contains(participantId) && !updates.containsKey(participantId)) {
          return new Task.Stats(round, phaseDeadline);
        }
        break;
      case SECAGG_KEYS:
        if (selected.contains(participantId) && !answered.contains(participantId)) {
          return new Task.SecAggKeys(round, phaseDeadline, config.secureAggregation());
        }
        break;
      case SECAGG_SHARES:
        if (selected.contains(participantId) && !answered.contains(participantId)) {
          return new Task.SecAggShares(round, phaseDeadline, roster);
        }
        break;
      case FIT:
        if (selected.contains(participantId) && !updates.containsKey(participantId)
            && !answered.contains(participantId)) {
          Task.Masking masking = config.isSecure()
              ? new Task.Masking(config.secureAggregation(), auxNames,
                  inboxes.getOrDefault(participantId, List.of()))
              : null;
          Task.Encryption encryption = config.isPaillier()
              ? new Task.Encryption(config.paillierAggregation(), paillier.key(),
                  paillier.scheme(), auxNames, keyHolder, paillierKeyRound,
                  paillierKeyAttestation)
              : null;
          FitInstruction in = fitSelected.get(participantId);
          return new Task.Fit(round, in.config(), phaseDeadline, model.numParameters(), masking,
              in.dp().orElse(null), encryption);
        }
        break;
      case PAILLIER_KEY:
        if (selected.contains(participantId) && !answered.contains(participantId)) {
          return new Task.PaillierKey(round, phaseDeadline,
              config.paillierAggregation().modulusBits());
        }
        break;
      case PAILLIER_DECRYPT:
        if (selected.contains(participantId) && !answered.contains(participantId)) {
          return new Task.PaillierDecrypt(round, phaseDeadline);
        }
        break;
      case SECAGG_UNMASK:
        if (selected.contains(participantId) && !answered.contains(participantId)) {
          return new Task.SecAggUnmask(round, phaseDeadline, unmaskRequest);
        }
        break;
      case EVALUATE:
        if (selected.contains(participantId) && !evaluations.containsKey(participantId)) {
          return new Task.Evaluate(round, phaseDeadline);
        }
        break;
      case FINISHED:
      case ABORTED:
        return new Task.Finished(model.round(), finishReason, phase == Phase.ABORTED);
      default:
        break;
    }
    return new Task.Wait(WAIT_RETRY_MILLIS, "waiting for others in the " + phase
        + " phase of round " + round);
  }
}
