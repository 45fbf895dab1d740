package io.fedcredit.core.protocol;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.horizontal.BoostingAggregator;
import io.fedcredit.core.horizontal.BoostingStep;
import io.fedcredit.core.horizontal.FederatedBinning;
import io.fedcredit.core.horizontal.TreeInstruction;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.crypto.CryptoException;
import io.fedcredit.crypto.secagg.SecAggMessages.MaskedInput;
import io.fedcredit.crypto.secagg.SecAggMessages.PublicKeys;
import io.fedcredit.crypto.secagg.SecAggMessages.Roster;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShare;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShares;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskRequest;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskResponse;
import io.fedcredit.crypto.secagg.SecAggServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The coordinator's side of a horizontal histogram-boosting job ({@link BoostingAggregator})
 * over the wire, as a state machine over messages and time, like {@link
 * HorizontalTrainingProtocol} for linear models and with the same secure aggregation (fl-crypto's
 * {@link SecAggServer}, Bonawitz et al.; the banks run {@code SecAggClient}).
 *
 * <p>The banks available when {@code minParticipants} have joined grow every tree; the job then
 * runs one <em>secure sum</em> after another, each a round of four phases with fresh keys:
 * {@code SECAGG_KEYS}, {@code SECAGG_SHARES}, {@code INPUT} (each bank computes the round's
 * {@link BoostingStep} and sends its vector masked over Z/2^64) and {@code SECAGG_UNMASK}. Round
 * 1 sums the coarse binning counts (with rows and positives), round 2 the fine counts; from then
 * on each round sums the gradient histograms of one tree level's nodes. The coordinator reads
 * only the unmasked sums (each goes to {@link Listener#onSum} and then to the aggregator); a
 * masked input is added to the running sum and forgotten.
 *
 * <p>A finished tree travels to the banks with the next round's step, and the last one with the
 * {@link Task.BoostFinished} every bank polls at the end. A bank that misses a phase (its
 * deadline passes, or it leaves) <b>aborts the job</b>: every tree needs every bank's rows, and a
 * sum without one bank would grow other trees than the banks' data give (or, on a later level,
 * fail the aggregator's row-count check). The job does not survive a restart of the coordinator.
 *
 * <p>Every input carries the current time in milliseconds; the protocol never reads a clock,
 * opens a socket or starts a thread. Methods are synchronized; {@link #version()} changes
 * whenever the tasks change, for long polling.
 */
public final class HorizontalBoostingProtocol {

  /** Where the job stands. */
  public enum Phase {
    WAITING,
    /** Secure aggregation, phase 0: banks send fresh public keys. */
    SECAGG_KEYS,
    /** Secure aggregation, phase 1: banks send sealed shares. */
    SECAGG_SHARES,
    /** Secure aggregation, phase 2: banks send their masked vectors of the round's step. */
    INPUT,
    /** Secure aggregation, phase 3: banks reveal the shares that unmask the sum. */
    SECAGG_UNMASK,
    FINISHED,
    ABORTED
  }

  /**
   * Hears about the job, synchronously inside the protocol's lock; must not call back into it.
   */
  public interface Listener {
    /** A phase of secure sum {@code round} began. */
    default void onPhaseStarted(Phase phase, long round, String purpose) {}

    /**
     * A secure sum was unmasked: the only vectors of the banks that the coordinator ever reads
     * (before the aggregator does). The array must not be modified.
     */
    default void onSum(long round, String purpose, long[] sum) {}

    /** A tree was finished; {@code model} holds every tree so far. */
    default void onTree(int tree, BoostedTrees model) {}

    /** The job ended. */
    default void onFinished(BoostedTrees model, String reason, boolean aborted) {}
  }

  private static final long WAIT_RETRY_MILLIS = 250;

  private final BoostingJobConfig config;
  private final Listener listener;
  private final ParticipantRegistry registry;
  private final BoostingAggregator aggregator;

  private Phase phase = Phase.WAITING;
  private long round;
  private long phaseDeadline;
  private final long waitingSince;
  private long version;
  private List<String> banks = List.of();
  private String finishReason;
  // the current secure sum
  private BoostingStep step;
  private String purpose;
  private int length;
  private SecAggServer secagg;
  private Roster roster;
  private Map<String, List<SealedShare>> inboxes = Map.of();
  private UnmaskRequest unmaskRequest;
  private final Set<String> answered = new HashSet<>();
  // the boosting
  private List<BinEdges> edges;
  private boolean edgesSent;
  private TreeInstruction lastTree;

  /** A job waiting for its banks. */
  public HorizontalBoostingProtocol(BoostingJobConfig config, Listener listener, long now) {
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.registry = new ParticipantRegistry(config.livenessMillis());
    this.aggregator = new BoostingAggregator(config.boosting(), config.featureNames());
    this.waitingSince = now;
  }

  // ------------------------------------------------------------------------------------------
  // inputs

  /**
   * Admits a bank before the job starts.
   *
   * @param featureNames the features of the bank's table (any order; extras are ignored)
   * @throws Rejection NOT_ALLOWED; SCHEMA_MISMATCH naming the missing features or the missing
   *     label; WRONG_PHASE when the job already started with other banks; JOB_FINISHED
   */
  public synchronized void join(String participantId, List<String> featureNames,
      boolean hasLabel, long now) {
    Admission.check(config.jobId(), config.allowedParticipants(), config.featureNames(),
        participantId, featureNames, hasLabel, phase == Phase.ABORTED ? finishReason : null,
        "horizontal boosting");
    if (phase != Phase.WAITING && !banks.contains(participantId)) {
      throw new Rejection(Reason.WRONG_PHASE, "boosting job " + config.jobId()
          + " started with banks " + banks + "; every tree grows on the same banks' rows, so '"
          + participantId + "' cannot join mid-job");
    }
    registry.join(participantId, now);
    version++;
    advance(now);
  }

  /**
   * The bank's current task; also records that it is alive.
   *
   * @throws Rejection UNKNOWN_PARTICIPANT if it has not joined
   */
  public synchronized Task poll(String participantId, long now) {
    requireMember(participantId, "poll");
    registry.touch(participantId, now);
    advance(now);
    return taskFor(participantId, now);
  }

  /**
   * Checks an update's header before its words arrive.
   *
   * @throws Rejection WRONG_PHASE for any kind but MASKED_INPUT or outside the input phase;
   *     WRONG_SHAPE naming the expected length; the other reasons of {@link #submitMasked}
   */
  public synchronized void precheck(RoundRef ref, UpdateKind kind, int length, long now) {
    checkExchange(ref, Phase.INPUT, "a masked input", now);
    if (kind != UpdateKind.MASKED_INPUT) {
      throw new Rejection(Reason.WRONG_PHASE, ref + ": job " + config.jobId() + " is a "
          + "horizontal boosting job; its banks send MASKED_INPUT words only, not " + kind);
    }
    if (length != this.length) {
      throw new Rejection(Reason.WRONG_SHAPE, ref + ": masked input has " + length
          + " words; " + purpose + " has " + this.length);
    }
  }

  /** Secure aggregation, phase 2: a bank's masked vector for the round's step. */
  public synchronized void submitMasked(RoundRef ref, long[] masked, long now) {
    exchange(ref, Phase.INPUT, "a masked input", now, () -> {
      precheck(ref, UpdateKind.MASKED_INPUT, masked.length, now);
      secagg.receiveMaskedInput(new MaskedInput(ref.participantId(), masked));
    });
  }

  /** Secure aggregation, phase 0: a bank's public keys. */
  public synchronized void submitKeys(RoundRef ref, PublicKeys keys, long now) {
    exchange(ref, Phase.SECAGG_KEYS, "public keys", now, () -> secagg.receiveKeys(keys));
  }

  /** Secure aggregation, phase 1: a bank's sealed shares. */
  public synchronized void submitShares(RoundRef ref, SealedShares shares, long now) {
    exchange(ref, Phase.SECAGG_SHARES, "sealed shares", now,
        () -> secagg.receiveShares(shares));
  }

  /** Secure aggregation, phase 3: a bank's shares for unmasking. */
  public synchronized void submitUnmask(RoundRef ref, UnmaskResponse response, long now) {
    exchange(ref, Phase.SECAGG_UNMASK, "unmask shares", now,
        () -> secagg.receiveUnmask(response));
  }

  /** The bank leaves; a bank of a running job aborts it at once. */
  public synchronized void leave(String participantId, long now) {
    if (registry.isMember(participantId)) {
      registry.leave(participantId);
      version++;
      advance(now);
    }
  }

  /** Lets time pass: starts the job, and aborts it when a phase's deadline passes. */
  public synchronized void tick(long now) {
    advance(now);
  }

  // ------------------------------------------------------------------------------------------
  // observers

  public synchronized Phase phase() {
    return phase;
  }

  /** The current secure sum (0 before the first). */
  public synchronized long round() {
    return round;
  }

  /** The trees so far. */
  public synchronized BoostedTrees model() {
    return aggregator.model();
  }

  /** The banks growing the trees (empty before the start). */
  public synchronized List<String> banks() {
    return banks;
  }

  public synchronized long version() {
    return version;
  }

  public synchronized boolean isOver() {
    return phase == Phase.FINISHED || phase == Phase.ABORTED;
  }

  /** Why the job ended, or null while it runs. */
  public synchronized String finishReason() {
    return finishReason;
  }

  public BoostingJobConfig config() {
    return config;
  }

  /** Ids of all banks that ever joined. */
  public synchronized List<String> participants() {
    return registry.all();
  }

  public synchronized boolean isMember(String participantId) {
    return registry.isMember(participantId);
  }

  // ------------------------------------------------------------------------------------------
  // validation

  private void exchange(RoundRef ref, Phase expected, String what, long now, Runnable step) {
    checkExchange(ref, expected, what, now);
    try {
      step.run();
    } catch (CryptoException e) {
      throw new Rejection(Reason.INVALID_VALUE, ref + ": " + e.getMessage());
    }
    registry.touch(ref.participantId(), now);
    answered.add(ref.participantId());
    advance(now);
  }

  private void checkExchange(RoundRef ref, Phase expected, String what, long now) {
    if (!config.jobId().equals(ref.jobId())) {
      throw new Rejection(Reason.UNKNOWN_JOB, ref + ": this is job " + config.jobId());
    }
    requireMember(ref.participantId(), "take part in secure aggregation");
    advance(now);
    if (isOver()) {
      throw new Rejection(Reason.JOB_FINISHED, ref + ": the job is over (" + finishReason + ")");
    }
    if (ref.round() < round) {
      throw new Rejection(Reason.STALE_ROUND, ref + ": " + what + " for secure sum "
          + ref.round() + " arrived during secure sum " + round);
    }
    if (ref.round() > round) {
      throw new Rejection(Reason.FUTURE_ROUND, ref + ": " + what + " for secure sum "
          + ref.round() + " arrived during secure sum " + round);
    }
    if (phase != expected) {
      throw new Rejection(phase.ordinal() > expected.ordinal() ? Reason.STALE_ROUND
          : Reason.WRONG_PHASE, ref + ": " + what + " arrived in phase " + phase
          + " of secure sum " + round + ", expected " + expected);
    }
    if (!banks.contains(ref.participantId())) {
      throw new Rejection(Reason.NOT_SELECTED, ref + ": not one of the job's banks " + banks);
    }
    if (answered.contains(ref.participantId())) {
      throw new Rejection(Reason.DUPLICATE, ref + ": " + what + " for this secure sum was "
          + "already accepted");
    }
  }

  private void requireMember(String participantId, String action) {
    Admission.requireMember(registry, config.jobId(), participantId, action);
  }

  // ------------------------------------------------------------------------------------------
  // transitions

  private void advance(long now) {
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
        List<String> available = registry.available(now);
        if (available.size() >= config.minParticipants()) {
          banks = List.copyOf(available);
          beginSum(BoostingStep.coarseCounts(), "secure sum 1 (coarse binning counts)",
              config.featureNames().size() * FederatedBinning.COARSE_CELLS + 2, now);
        } else if (now - waitingSince > config.joinTimeoutMillis()) {
          finish("only " + available.size() + " of the " + config.minParticipants()
              + " banks needed were available after " + config.joinTimeoutMillis() / 1000
              + " s", true);
        }
      }
      case SECAGG_KEYS, SECAGG_SHARES, INPUT, SECAGG_UNMASK -> {
        List<String> missing = banks.stream().filter(b -> !answered.contains(b)).toList();
        if (missing.isEmpty()) {
          next(now);
        } else {
          List<String> left = missing.stream().filter(registry::hasLeft).toList();
          if (!left.isEmpty() || now >= phaseDeadline) {
            List<String> who = left.isEmpty() ? missing : left;
            finish(purpose + ": bank" + (who.size() == 1 ? " " : "s ") + who
                + (left.isEmpty() ? " did not answer the " + phase + " phase within "
                    + config.phaseTimeoutMillis() / 1000.0 + " s" : " left the job in the "
                    + phase + " phase")
                + "; horizontal boosting needs every bank's vector for every node, so the job "
                + "is aborted after " + aggregator.model().trees().size() + " tree(s)", true);
          }
        }
      }
      case FINISHED, ABORTED -> {
        // terminal
      }
    }
  }

  /** Closes the phase in which every bank answered, and opens the next. */
  private void next(long now) {
    try {
      switch (phase) {
        case SECAGG_KEYS -> {
          roster = secagg.closeAdvertise();
          beginPhase(Phase.SECAGG_SHARES, now);
        }
        case SECAGG_SHARES -> {
          inboxes = secagg.closeShares();
          beginPhase(Phase.INPUT, now);
        }
        case INPUT -> {
          unmaskRequest = secagg.closeMaskedInputs();
          beginPhase(Phase.SECAGG_UNMASK, now);
        }
        case SECAGG_UNMASK -> {
          long[] sum = secagg.closeUnmask();
          secagg = null;
          listener.onSum(round, purpose, sum);
          consume(sum, now);
        }
        default -> throw new IllegalStateException("not a secure-aggregation phase: " + phase);
      }
    } catch (CryptoException e) {
      finish(purpose + ": secure aggregation failed: " + e.getMessage(), true);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // the aggregator refused the sum (one class only, counts that do not add up)
      finish(purpose + ": " + e.getMessage(), true);
    }
  }

  /** Hands an unmasked sum to the aggregator and starts the next secure sum. */
  private void consume(long[] sum, long now) {
    switch (step.kind()) {
      case COARSE_COUNTS -> beginSum(BoostingStep.fineCounts(aggregator.ranges(sum)),
          "secure sum 2 (fine binning counts)",
          config.featureNames().size() * FederatedBinning.FINE_CELLS, now);
      case FINE_COUNTS -> {
        edges = aggregator.edges(sum);
        startTree(null, now);
      }
      case TREE -> {
        TreeInstruction next = aggregator.accept(sum);
        if (next.finished() != null) {
          listener.onTree(next.tree(), aggregator.model());
          startTree(next, now);
        } else {
          sendTree(List.of(next), now);
        }
      }
    }
  }

  /** Starts the next tree, delivering the finished one with it; or finishes the job. */
  private void startTree(TreeInstruction finished, long now) {
    if (aggregator.done()) {
      lastTree = finished;
      finish("grew " + config.boosting().trees() + " trees", false);
      return;
    }
    TreeInstruction start = aggregator.startTree();
    sendTree(finished == null ? List.of(start) : List.of(finished, start), now);
  }

  private void sendTree(List<TreeInstruction> instructions, long now) {
    TreeInstruction current = instructions.get(instructions.size() - 1);
    if (current.build().isEmpty()) {
      throw new IllegalStateException("tree " + current.tree() + ": an unfinished level asks "
          + "for no histogram");
    }
    BoostingStep s = BoostingStep.tree(edgesSent ? null : edges, aggregator.baseScore(),
        instructions);
    edgesSent = true;
    beginSum(s, "secure sum " + (round + 1) + " (tree " + current.tree() + ", histograms of "
        + "nodes " + current.build() + ")", aggregator.histogramLength(current.build().size()),
        now);
  }

  private void beginSum(BoostingStep s, String what, int words, long now) {
    round++;
    step = s;
    purpose = what;
    length = words;
    secagg = new SecAggServer(config.secureAggregation().settings(config.jobId(), round), banks,
        words);
    roster = null;
    inboxes = Map.of();
    unmaskRequest = null;
    beginPhase(Phase.SECAGG_KEYS, now);
  }

  private void beginPhase(Phase p, long now) {
    phase = p;
    answered.clear();
    phaseDeadline = now + config.phaseTimeoutMillis();
    version++;
    listener.onPhaseStarted(p, round, purpose);
  }

  private void finish(String reason, boolean aborted) {
    phase = aborted ? Phase.ABORTED : Phase.FINISHED;
    finishReason = reason;
    secagg = null;
    version++;
    listener.onFinished(aggregator.model(), reason, aborted);
  }

  private Task taskFor(String participantId, long now) {
    boolean due = banks.contains(participantId) && !answered.contains(participantId);
    switch (phase) {
      case WAITING:
        return new Task.Wait(WAIT_RETRY_MILLIS, "waiting for banks (" + registry.available(now)
            .size() + " joined, " + config.minParticipants() + " needed)");
      case SECAGG_KEYS:
        if (due) {
          return new Task.SecAggKeys(round, phaseDeadline, config.secureAggregation());
        }
        break;
      case SECAGG_SHARES:
        if (due) {
          return new Task.SecAggShares(round, phaseDeadline, roster);
        }
        break;
      case INPUT:
        if (due) {
          return new Task.Boost(round, phaseDeadline, step,
              inboxes.getOrDefault(participantId, List.of()));
        }
        break;
      case SECAGG_UNMASK:
        if (due) {
          return new Task.SecAggUnmask(round, phaseDeadline, unmaskRequest);
        }
        break;
      case FINISHED:
        return new Task.BoostFinished(round, finishReason, lastTree);
      case ABORTED:
        return new Task.Finished(round, finishReason, true);
      default:
        break;
    }
    return new Task.Wait(WAIT_RETRY_MILLIS, "waiting for other banks in the " + phase
        + " phase of " + purpose);
  }
}
