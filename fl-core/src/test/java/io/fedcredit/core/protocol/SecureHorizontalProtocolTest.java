package io.fedcredit.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.Phase;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.RoundOutcome;
import io.fedcredit.core.strategy.FitResults;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.crypto.secagg.FixedPointRing;
import io.fedcredit.crypto.secagg.SecAggClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The horizontal protocol with secure aggregation, as a pure state machine driven by ten
 * {@link SecAggClient}s: what the strategy receives is the plaintext fixed-point sum, bit for
 * bit, whoever drops out, and nothing else.
 */
class SecureHorizontalProtocolTest {
  private static final String JOB = "secure-job";
  private static final int P = 200; // parameters
  private static final List<String> FEATURES = TestTables.features(P - 1);
  private static final long PHASE = 1_000;

  private final SecureRandom random = new SecureRandom();
  private List<FitResults> seen = List.of();
  private final List<RoundOutcome> rounds = new ArrayList<>();

  private HorizontalTrainingProtocol protocol(int n, int numRounds) {
    ModelSpec spec = ModelSpec.logreg(P - 1, 1); // P - 1 weights and a bias
    HorizontalJobConfig cfg = new HorizontalJobConfig(JOB, spec, FEATURES, numRounds, n, Set.of(),
        false, PHASE, 10_000, 60_000, 500).withSecureAggregation(
            SecureAggregationConfig.defaults());
    RecordingFedAvg strategy = new RecordingFedAvg(n);
    seen = strategy.seen();
    return strategy.protocol(cfg, rounds);
  }

  private static List<String> banks(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("bank-%02d", i));
    }
    return ids;
  }

  private static double[] delta(int i) {
    SplittableRandom r = new SplittableRandom(i);
    double[] d = new double[P];
    for (int j = 0; j < P; j++) {
      d[j] = (r.nextDouble() - 0.5) * 0.2;
    }
    return d;
  }

  /**
   * One secure round with {@code n} banks: the first {@code dropBeforeInput} vanish after
   * sharing keys, the last {@code dropBeforeUnmask} after sending their masked input.
   *
   * @return the expected weighted sum (decoded plaintext fixed-point sum) and total weight
   */
  private double[] runRound(HorizontalTrainingProtocol p, List<String> ids, long round,
      int dropBeforeInput, int dropBeforeUnmask, long now) {
    Map<String, SecAggClient> clients = new LinkedHashMap<>();
    for (String id : ids) {
      Task.SecAggKeys k = assertInstanceOf(Task.SecAggKeys.class, p.poll(id, now));
      SecAggClient c = new SecAggClient(id, k.config().settings(JOB, round), random);
      clients.put(id, c);
      p.submitKeys(new RoundRef(JOB, round, id), c.advertise(), now);
    }
    assertEquals(Phase.SECAGG_SHARES, p.phase());
    for (String id : ids) {
      Task.SecAggShares t = assertInstanceOf(Task.SecAggShares.class, p.poll(id, now));
      p.submitShares(new RoundRef(JOB, round, id), clients.get(id).shareKeys(t.roster()), now);
    }
    assertEquals(Phase.FIT, p.phase());
    FixedPointRing ring = SecureAggregationConfig.defaults().ring();
    long[] plainSum = new long[P + 1];
    for (int i = dropBeforeInput; i < ids.size(); i++) {
      String id = ids.get(i);
      Task.Fit f = assertInstanceOf(Task.Fit.class, p.poll(id, now));
      SecureAggregationConfig.Encoded enc =
          f.masking().config().encode(delta(i), 100 + i, new double[0]);
      for (int j = 0; j <= P; j++) {
        plainSum[j] += enc.words()[j];
      }
      p.submitMasked(new RoundRef(JOB, round, id),
          clients.get(id).maskInput(enc.words(), f.masking().inbox()).masked(), now);
    }
    if (dropBeforeInput > 0) {
      p.tick(now + PHASE); // the dropped never send: the phase ends at its deadline
      now += PHASE;
    }
    if (p.phase() == Phase.SECAGG_UNMASK) {
      List<String> survivors = ids.subList(dropBeforeInput, ids.size());
      for (int i = 0; i < survivors.size() - dropBeforeUnmask; i++) {
        String id = survivors.get(i);
        Task.SecAggUnmask u = assertInstanceOf(Task.SecAggUnmask.class, p.poll(id, now));
        p.submitUnmask(new RoundRef(JOB, round, id), clients.get(id).unmask(u.request()), now);
      }
      if (dropBeforeUnmask > 0) {
        p.tick(now + PHASE);
      }
    }
    double[] expected = ring.decode(plainSum);
    return expected;
  }

  @ParameterizedTest(name = "10 banks, {0} drop after sharing, {1} after their masked input")
  @CsvSource({"0, 0", "0, 1", "0, 3", "1, 0", "3, 0"})
  void strategyGetsThePlaintextFixedPointSumBitForBit(int beforeInput, int beforeUnmask) {
    List<String> ids = banks(10);
    HorizontalTrainingProtocol p = protocol(10, 2);
    for (String id : ids) {
      p.join(id, FEATURES, true, 0);
    }
    double[] expected = runRound(p, ids, 1, beforeInput, beforeUnmask, 1);
    assertEquals(1, seen.size());
    FitResults r = seen.get(0);
    assertArrayEquals(java.util.Arrays.copyOf(expected, P), r.weightedSum(), 0.0);
    assertEquals(expected[P], r.totalWeight(), 0.0);
    assertFalse(r.individual().isPresent(), "no individual update is visible");
    assertEquals(10 - beforeInput, r.count());
    RoundOutcome o = rounds.get(0);
    assertTrue(o.applied());
    assertNull(o.abortReason());
    assertEquals(beforeInput + beforeUnmask, o.failures().size());
    assertTrue(Double.isNaN(o.meanTrainLoss()), "no individual metric is visible");
    assertTrue(o.model().provenance().privacy().startsWith("secagg("));
    // the next round starts with fresh keys
    assertEquals(Phase.SECAGG_KEYS, p.phase());
    assertEquals(2, p.round());
  }

  @Test
  void belowThresholdAbortsTheRoundAndKeepsTheModel() {
    List<String> ids = banks(10);
    HorizontalTrainingProtocol p = protocol(10, 2);
    for (String id : ids) {
      p.join(id, FEATURES, true, 0);
    }
    double[] before = p.model().parameters();
    runRound(p, ids, 1, 4, 0, 1); // threshold 7, only 6 inputs
    assertTrue(seen.isEmpty(), "the strategy never sees a partial sum");
    RoundOutcome o = rounds.get(0);
    assertFalse(o.applied());
    assertTrue(o.abortReason().contains("only 6 parties remain, the threshold is 7"),
        o.abortReason());
    assertArrayEquals(before, o.model().parameters());
    assertEquals(1, p.model().round());
    assertEquals(Phase.SECAGG_KEYS, p.phase());
    assertEquals(2, p.round());
  }

  @Test
  void plaintextDeltasAndWrongPhasesAreRefused() {
    List<String> ids = banks(3);
    HorizontalTrainingProtocol p = protocol(3, 1);
    for (String id : ids) {
      p.join(id, FEATURES, true, 0);
    }
    Rejection r = assertThrows(Rejection.class, () -> p.submit(new Update(
        new RoundRef(JOB, 1, ids.get(0)), UpdateKind.MODEL_DELTA, 10, new double[P], Map.of()),
        1));
    assertEquals(Rejection.Reason.WRONG_PHASE, r.reason());
    assertTrue(r.getMessage().contains("secure aggregation"), r.getMessage());
    Rejection early = assertThrows(Rejection.class,
        () -> p.submitMasked(new RoundRef(JOB, 1, ids.get(0)), new long[P + 1], 1));
    assertEquals(Rejection.Reason.WRONG_PHASE, early.reason());
    Rejection malformed = assertThrows(Rejection.class, () -> p.submitShares(
        new RoundRef(JOB, 1, ids.get(0)), new io.fedcredit.crypto.secagg.SecAggMessages
            .SealedShares(ids.get(0), Map.of()), 1));
    assertEquals(Rejection.Reason.WRONG_PHASE, malformed.reason());
  }
}
