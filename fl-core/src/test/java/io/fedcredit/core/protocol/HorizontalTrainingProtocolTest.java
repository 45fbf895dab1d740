package io.fedcredit.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.metrics.ScoreHistogram;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.Phase;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.RoundOutcome;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.strategy.EvaluationResult;
import io.fedcredit.core.strategy.Failure;
import io.fedcredit.core.strategy.FedAvg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The horizontal protocol as a pure state machine: no sockets, no threads, explicit time. */
class HorizontalTrainingProtocolTest {
  private static final String JOB = "job-1";
  private static final List<String> FEATURES = List.of("a", "b");
  private static final ModelSpec SPEC = ModelSpec.logreg(2, 1);
  private static final long PHASE = 1_000;

  private final List<RoundOutcome> rounds = new ArrayList<>();
  private final List<Optional<EvaluationMetrics>> evaluations = new ArrayList<>();
  private final List<String> finished = new ArrayList<>();

  private final HorizontalTrainingProtocol.Listener listener =
      new HorizontalTrainingProtocol.Listener() {
        @Override
        public void onRoundCompleted(RoundOutcome outcome) {
          rounds.add(outcome);
        }

        @Override
        public void onEvaluated(long round, Optional<EvaluationMetrics> metrics,
            List<String> evaluators, List<Failure> failures) {
          evaluations.add(metrics);
        }

        @Override
        public void onFinished(GlobalModel finalModel, String reason, boolean aborted) {
          finished.add((aborted ? "aborted: " : "finished: ") + reason);
        }
      };

  private static GlobalModel initial() {
    return new GlobalModel(SPEC, FEATURES, Standardizer.identity(2), new double[] {0, 0, 0},
        ModelProvenance.now(JOB, 0, "test", "none", List.of()));
  }

  private static FedAvg fedAvg(double fractionFit, int minFit, int minResults) {
    TrainingConfig tc = new TrainingConfig(1, 8, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    return new FedAvg(new FedAvg.Config(fractionFit, minFit, minResults, 1.0, 1, tc, 3));
  }

  private HorizontalTrainingProtocol protocol(int rounds, boolean standardize, FedAvg strategy,
      int minParticipants) {
    HorizontalJobConfig cfg = new HorizontalJobConfig(JOB, SPEC, FEATURES, rounds,
        minParticipants, Set.of(), standardize, PHASE, 10_000, 60_000, 500);
    return new HorizontalTrainingProtocol(cfg, strategy, initial(), listener, 0);
  }

  private static Update delta(String who, long round, long n, double... values) {
    return new Update(new RoundRef(JOB, round, who), UpdateKind.MODEL_DELTA, n, values,
        Map.of("loss", 0.5));
  }

  private static EvaluationResult evaluation(String who, int n) {
    double[] p = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = (i + 1.0) / (n + 1.0);
      y[i] = i % 3 == 0 ? 1 : 0;
    }
    double ll = 0;
    for (int i = 0; i < n; i++) {
      ll -= y[i] == 1 ? Math.log(p[i]) : Math.log(1 - p[i]);
    }
    return new EvaluationResult(who, n, ScoreHistogram.of(p, y), ll);
  }

  private static void joinAll(HorizontalTrainingProtocol p, long now, String... ids) {
    for (String id : ids) {
      p.join(id, FEATURES, true, now);
    }
  }

  @Test
  void fullJobWithStatsFitAndEvaluate() {
    HorizontalTrainingProtocol p = protocol(2, true, fedAvg(1.0, 2, 2), 2);
    p.join("bank-a", List.of("b", "a", "extra"), true, 0);
    assertEquals(Phase.WAITING, p.phase());
    assertInstanceOf(Task.Wait.class, p.poll("bank-a", 1));
    p.join("bank-b", FEATURES, true, 2);
    assertEquals(Phase.STATS, p.phase());
    assertInstanceOf(Task.Stats.class, p.poll("bank-a", 3));

    // moments: bank-a has rows (1,10),(3,10); bank-b has (5,20),(7,20)
    p.submit(new Update(new RoundRef(JOB, 0, "bank-a"), UpdateKind.FEATURE_MOMENTS, 2,
        new double[] {2, 4, 20, 10, 200}, Map.of()), 4);
    p.submit(new Update(new RoundRef(JOB, 0, "bank-b"), UpdateKind.FEATURE_MOMENTS, 2,
        new double[] {2, 12, 40, 74, 800}, Map.of()), 5);
    assertEquals(Phase.FIT, p.phase());
    assertEquals(1, p.round());
    assertArrayEquals(new double[] {4, 15}, p.model().standardizer().mean(), 1e-12);
    assertArrayEquals(new double[] {Math.sqrt(5), 5}, p.model().standardizer().scale(), 1e-12);

    Task t = p.poll("bank-a", 6);
    Task.Fit fit = assertInstanceOf(Task.Fit.class, t);
    assertEquals(1, fit.round());
    assertEquals(3, fit.numParameters());

    // weighted FedAvg: (100 * [1,1,1] + 300 * [-1, 3, 0]) / 400
    p.submit(delta("bank-a", 1, 100, 1, 1, 1), 7);
    p.submit(delta("bank-b", 1, 300, -1, 3, 0), 8);
    assertEquals(1, rounds.size());
    assertArrayEquals(new double[] {-0.5, 2.5, 0.25}, rounds.get(0).model().parameters(), 1e-12);
    assertTrue(rounds.get(0).applied());
    assertEquals(List.of("bank-a", "bank-b"), rounds.get(0).contributors());
    assertEquals(Phase.EVALUATE, p.phase());

    assertInstanceOf(Task.Evaluate.class, p.poll("bank-b", 9));
    p.submitEvaluation(new RoundRef(JOB, 1, "bank-a"), evaluation("bank-a", 50), 10);
    p.submitEvaluation(new RoundRef(JOB, 1, "bank-b"), evaluation("bank-b", 70), 11);
    assertEquals(1, evaluations.size());
    assertEquals(120, evaluations.get(0).orElseThrow().examples());

    assertEquals(Phase.FIT, p.phase());
    assertEquals(2, p.round());
    p.submit(delta("bank-a", 2, 1, 0, 0, 0), 12);
    p.submit(delta("bank-b", 2, 1, 0, 0, 0), 13);
    p.submitEvaluation(new RoundRef(JOB, 2, "bank-a"), evaluation("bank-a", 50), 14);
    p.submitEvaluation(new RoundRef(JOB, 2, "bank-b"), evaluation("bank-b", 70), 15);
    assertEquals(Phase.FINISHED, p.phase());
    assertEquals(List.of("finished: completed 2 rounds"), finished);
    Task.Finished done = assertInstanceOf(Task.Finished.class, p.poll("bank-a", 16));
    assertEquals(2, done.finalRound());
    assertFalse(done.aborted());
    assertEquals(2, p.model().round());
  }

  private HorizontalTrainingProtocol fitting(String... ids) {
    HorizontalTrainingProtocol p = protocol(3, false, fedAvg(1.0, ids.length, 1), ids.length);
    joinAll(p, 0, ids);
    assertEquals(Phase.FIT, p.phase());
    return p;
  }

  private static Reason rejection(Runnable r) {
    return assertThrows(Rejection.class, r::run).reason();
  }

  @Test
  void rejectsStaleFutureDuplicateMisShapedAndNonFiniteUpdates() {
    HorizontalTrainingProtocol p = fitting("bank-a", "bank-b");
    assertEquals(Reason.FUTURE_ROUND, rejection(() -> p.submit(delta("bank-a", 2, 10, 1, 1, 1), 1)));
    assertEquals(Reason.WRONG_SHAPE, rejection(() -> p.submit(delta("bank-a", 1, 10, 1, 1), 1)));
    Rejection nan = assertThrows(Rejection.class,
        () -> p.submit(delta("bank-a", 1, 10, 1, Double.NaN, 1), 1));
    assertEquals(Reason.NON_FINITE, nan.reason());
    assertTrue(nan.getMessage().contains("value 1"), nan.getMessage());
    assertEquals(Reason.NON_FINITE,
        rejection(() -> p.submit(delta("bank-a", 1, 10, 1, Double.POSITIVE_INFINITY, 1), 1)));
    assertEquals(Reason.INVALID_VALUE, rejection(() -> p.submit(delta("bank-a", 1, 0, 1, 1, 1), 1)));
    assertEquals(Reason.UNKNOWN_PARTICIPANT,
        rejection(() -> p.submit(delta("mallory", 1, 10, 1, 1, 1), 1)));
    assertEquals(Reason.UNKNOWN_JOB, rejection(() -> p.submit(new Update(
        new RoundRef("other-job", 1, "bank-a"), UpdateKind.MODEL_DELTA, 10,
        new double[] {1, 1, 1}, Map.of()), 1)));
    assertEquals(Reason.WRONG_PHASE, rejection(() -> p.submit(new Update(
        new RoundRef(JOB, 1, "bank-a"), UpdateKind.FEATURE_MOMENTS, 10,
        new double[] {10, 1, 1, 1, 1}, Map.of()), 1)));

    p.submit(delta("bank-a", 1, 10, 1, 1, 1), 2);
    assertEquals(Reason.DUPLICATE, rejection(() -> p.submit(delta("bank-a", 1, 10, 1, 1, 1), 3)));
    p.submit(delta("bank-b", 1, 10, 1, 1, 1), 4);
    // round 1 closed; the evaluation phase is open
    assertEquals(Reason.DEADLINE_PASSED,
        rejection(() -> p.submit(delta("bank-a", 1, 10, 1, 1, 1), 5)));
    p.submitEvaluation(new RoundRef(JOB, 1, "bank-a"), evaluation("bank-a", 10), 6);
    p.submitEvaluation(new RoundRef(JOB, 1, "bank-b"), evaluation("bank-b", 10), 6);
    assertEquals(2, p.round());
    assertEquals(Reason.STALE_ROUND, rejection(() -> p.submit(delta("bank-b", 1, 10, 1, 1, 1), 7)));
    assertEquals(Reason.STALE_ROUND, rejection(() -> p.submitEvaluation(
        new RoundRef(JOB, 1, "bank-a"), evaluation("bank-a", 10), 7)));
    // the rejected messages changed nothing: round 1's model is the mean of the two deltas
    assertArrayEquals(new double[] {1, 1, 1}, rounds.get(0).model().parameters(), 1e-12);
  }

  @Test
  void rejectedContributionIsReportedAsFailure() {
    HorizontalTrainingProtocol p = fitting("bank-a", "bank-b");
    p.submit(delta("bank-a", 1, 10, 2, 2, 2), 1);
    assertThrows(Rejection.class, () -> p.submit(delta("bank-b", 1, 10, Double.NaN, 0, 0), 2));
    p.tick(PHASE + 1);
    RoundOutcome r = rounds.get(0);
    assertEquals(List.of("bank-a"), r.contributors());
    assertEquals(1, r.failures().size());
    assertEquals(Failure.Kind.REJECTED, r.failures().get(0).kind());
    assertTrue(r.failures().get(0).detail().contains("NaN"));
    assertArrayEquals(new double[] {2, 2, 2}, r.model().parameters(), 1e-12);
  }

  @Test
  void stragglerBecomesTimeoutFailureNotHang() {
    HorizontalTrainingProtocol p = fitting("bank-a", "bank-b", "bank-c");
    p.submit(delta("bank-a", 1, 10, 1, 0, 0), 10);
    p.submit(delta("bank-b", 1, 30, 0, 1, 0), 20);
    p.tick(PHASE - 1);
    assertEquals(Phase.FIT, p.phase());
    p.tick(PHASE);
    assertEquals(1, rounds.size());
    RoundOutcome r = rounds.get(0);
    assertEquals(List.of("bank-a", "bank-b"), r.contributors());
    assertEquals(List.of(new Failure("bank-c", Failure.Kind.TIMEOUT,
        "missed the FIT deadline of round 1")), r.failures());
    assertArrayEquals(new double[] {0.25, 0.75, 0}, r.model().parameters(), 1e-12);
  }

  @Test
  void tooFewResultsKeepTheModel() {
    HorizontalTrainingProtocol p = protocol(3, false, fedAvg(1.0, 3, 2), 3);
    joinAll(p, 0, "bank-a", "bank-b", "bank-c");
    p.submit(delta("bank-a", 1, 10, 5, 5, 5), 1);
    p.tick(PHASE + 1);
    assertFalse(rounds.get(0).applied());
    assertArrayEquals(new double[] {0, 0, 0}, rounds.get(0).model().parameters());
    assertEquals(1, rounds.get(0).model().round());
  }

  @Test
  void leavingParticipantFailsAtOnce() {
    HorizontalTrainingProtocol p = fitting("bank-a", "bank-b");
    p.submit(delta("bank-a", 1, 10, 1, 1, 1), 1);
    p.leave("bank-b", 2);
    assertEquals(1, rounds.size());
    assertEquals(Failure.Kind.LEFT, rounds.get(0).failures().get(0).kind());
  }

  @Test
  void samplingChoosesAFractionAndRefusesOthers() {
    HorizontalTrainingProtocol p = protocol(1, false, fedAvg(0.5, 1, 1), 4);
    joinAll(p, 0, "b1", "b2", "b3", "b4");
    int fitting = 0;
    String outsider = null;
    for (String id : List.of("b1", "b2", "b3", "b4")) {
      if (p.poll(id, 1) instanceof Task.Fit) {
        fitting++;
      } else {
        outsider = id;
      }
    }
    assertEquals(2, fitting);
    String out = outsider;
    assertEquals(Reason.NOT_SELECTED, rejection(() -> p.submit(delta(out, 1, 1, 0, 0, 0), 2)));
  }

  @Test
  void schemaAndMembershipChecksAtJoin() {
    HorizontalTrainingProtocol p = protocol(1, false, fedAvg(1, 1, 1), 2);
    Rejection r = assertThrows(Rejection.class, () -> p.join("bank-a", List.of("a"), true, 0));
    assertEquals(Reason.SCHEMA_MISMATCH, r.reason());
    assertTrue(r.getMessage().contains("[b]"), r.getMessage());
    assertEquals(Reason.SCHEMA_MISMATCH,
        rejection(() -> p.join("bank-a", FEATURES, false, 0)));
    assertEquals(Reason.UNKNOWN_PARTICIPANT, rejection(() -> p.poll("bank-a", 0)));

    HorizontalJobConfig closed = new HorizontalJobConfig(JOB, SPEC, FEATURES, 1, 1,
        Set.of("bank-a"), false, PHASE, 10_000, 60_000, 500);
    HorizontalTrainingProtocol q =
        new HorizontalTrainingProtocol(closed, fedAvg(1, 1, 1), initial(), listener, 0);
    assertEquals(Reason.NOT_ALLOWED, rejection(() -> q.join("bank-z", FEATURES, true, 0)));
  }

  @Test
  void abortsWhenTooFewParticipantsJoinInTime() {
    HorizontalTrainingProtocol p = protocol(1, false, fedAvg(1, 1, 1), 3);
    p.join("bank-a", FEATURES, true, 0);
    p.tick(10_001);
    assertEquals(Phase.ABORTED, p.phase());
    assertTrue(finished.get(0).startsWith("aborted: only 1 of the 3"), finished.get(0));
    Task.Finished f = assertInstanceOf(Task.Finished.class, p.poll("bank-a", 10_002));
    assertTrue(f.aborted());
    assertEquals(Reason.JOB_FINISHED, rejection(() -> p.join("bank-b", FEATURES, true, 10_003)));
  }

  @Test
  void downloadServesOnlyTheCurrentModel() {
    HorizontalTrainingProtocol p = fitting("bank-a");
    assertEquals(0, p.download(new RoundRef(JOB, 0, "bank-a"), 1).round());
    assertEquals(Reason.FUTURE_ROUND,
        rejection(() -> p.download(new RoundRef(JOB, 1, "bank-a"), 1)));
    p.submit(delta("bank-a", 1, 1, 1, 1, 1), 2);
    assertEquals(Reason.STALE_ROUND,
        rejection(() -> p.download(new RoundRef(JOB, 0, "bank-a"), 3)));
  }

  /** A 3-round job resumed from the checkpoint of {@code round}, parameters {1, 2, 3}. */
  private HorizontalTrainingProtocol resumed(long round, int minParticipants) {
    GlobalModel cp = initial().withParameters(new double[] {1, 2, 3},
        ModelProvenance.now(JOB, round, "test", "none", List.of("bank-a")));
    HorizontalJobConfig cfg = new HorizontalJobConfig(JOB, SPEC, FEATURES, 3, minParticipants,
        Set.of(), true, PHASE, 10_000, 60_000, 500);
    return HorizontalTrainingProtocol.resume(cfg,
        fedAvg(1, minParticipants, minParticipants), cp, listener, 0);
  }

  @Test
  void resumeContinuesAfterTheCheckpointRound() {
    HorizontalTrainingProtocol p = resumed(2, 1);
    p.join("bank-a", FEATURES, true, 0);
    Task.Fit f = assertInstanceOf(Task.Fit.class, p.poll("bank-a", 1));
    assertEquals(3, f.round());
  }

  /**
   * A coordinator killed after checkpointing the last round, before the banks fetched the final
   * model: the resumed job is finished at once, and a bank that joins again gets the final model.
   */
  @Test
  void resumeFromTheLastRoundFinishesTheJobAndLetsABankFetchTheFinalModel() {
    HorizontalTrainingProtocol p = resumed(3, 2);
    p.tick(1);
    assertEquals(Phase.FINISHED, p.phase());
    assertEquals(List.of("finished: completed 3 rounds"), finished);
    assertTrue(rounds.isEmpty(), "no round runs again");
    p.join("bank-a", FEATURES, true, 2);
    Task.Finished f = assertInstanceOf(Task.Finished.class, p.poll("bank-a", 3));
    assertEquals(3, f.finalRound());
    assertArrayEquals(new double[] {1, 2, 3},
        p.download(new RoundRef(JOB, 3, "bank-a"), 4).parameters());
  }
}
