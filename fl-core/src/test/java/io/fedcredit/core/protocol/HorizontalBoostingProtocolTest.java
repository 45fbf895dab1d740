package io.fedcredit.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.horizontal.BoostingBank;
import io.fedcredit.core.horizontal.HorizontalBoosting;
import io.fedcredit.core.horizontal.SecAggSum;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.wire.WireCodec;
import io.fedcredit.crypto.secagg.SecAggClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The coordinator's state machine of horizontal boosting, driven without sockets by banks that
 * follow its tasks as the gRPC client does (every task through the wire codec and back): it
 * grows exactly the in-process trees, reads only unmasked sums, aborts when a bank goes missing,
 * and refuses bad input naming the fault.
 */
class HorizontalBoostingProtocolTest {
  private static final String JOB = "hboost";
  private static final long PHASE_MILLIS = 10_000;

  /** One bank as the client runs it: its boosting state machine and secure aggregation. */
  private static final class Bank {
    final String id;
    final BoostingBank boosting;
    SecAggClient secagg;
    final Map<Long, long[]> plain = new LinkedHashMap<>();
    final Map<Long, long[]> masked = new LinkedHashMap<>();
    BoostedTrees result;

    Bank(String id, FeatureTable rows, BoostingConfig cfg) {
      this.id = id;
      this.boosting = new BoostingBank(id, rows, cfg);
    }

    /** Does its current task; returns whether it did something. */
    boolean step(HorizontalBoostingProtocol p, long now) {
      Task t = WireCodec.fromProto(WireCodec.toProto(p.poll(id, now), now), now);
      RoundRef ref = new RoundRef(JOB, t.round(), id);
      if (t instanceof Task.SecAggKeys k) {
        secagg = new SecAggClient(id, k.config().settings(JOB, k.round()), new SecureRandom());
        p.submitKeys(ref, secagg.advertise(), now);
      } else if (t instanceof Task.SecAggShares s) {
        p.submitShares(ref, secagg.shareKeys(s.roster()), now);
      } else if (t instanceof Task.Boost b) {
        long[] v = boosting.answer(b.step());
        long[] m = secagg.maskInput(v, b.inbox()).masked();
        plain.put(b.round(), v);
        masked.put(b.round(), m);
        p.submitMasked(ref, m, now);
      } else if (t instanceof Task.SecAggUnmask u) {
        p.submitUnmask(ref, secagg.unmask(u.request()), now);
      } else if (t instanceof Task.BoostFinished f) {
        if (result == null) {
          boosting.follow(f.last());
          result = boosting.model();
          return true;
        }
        return false;
      } else {
        return false;
      }
      return true;
    }
  }

  private static BoostingJobConfig config(List<String> features, BoostingConfig cfg) {
    return new BoostingJobConfig(JOB, features, cfg, 3, Set.of(), PHASE_MILLIS, 60_000, 600_000,
        1_000, SecureAggregationConfig.defaults());
  }

  /** Records what the coordinator reads. */
  private static final class Recorder implements HorizontalBoostingProtocol.Listener {
    final Map<Long, long[]> sums = new LinkedHashMap<>();
    final List<Integer> trees = new ArrayList<>();

    @Override
    public void onSum(long round, String purpose, long[] sum) {
      sums.put(round, sum.clone());
    }

    @Override
    public void onTree(int tree, BoostedTrees model) {
      trees.add(tree);
    }
  }

  private static List<Bank> join(HorizontalBoostingProtocol p, Map<String, FeatureTable> tables,
      BoostingConfig cfg, long now) {
    List<Bank> banks = new ArrayList<>();
    tables.forEach((id, t) -> {
      p.join(id, t.schema().featureNames(), true, now);
      banks.add(new Bank(id, t, cfg));
    });
    return banks;
  }

  /** Lets every bank do its tasks until {@code stop} holds or nothing moves. */
  private static void drive(HorizontalBoostingProtocol p, List<Bank> banks, long now,
      Predicate<HorizontalBoostingProtocol> stop) {
    boolean moved = true;
    while (moved && !stop.test(p)) {
      moved = false;
      for (Bank b : banks) {
        moved |= b.step(p, now);
      }
    }
  }

  @Test
  @Timeout(120)
  void overTheProtocolItGrowsTheInProcessTreesAndReadsOnlySums() {
    FeatureTable all = TestTables.logistic(1_500, 5, 0.3, 61, "h");
    Map<String, FeatureTable> tables = TestTables.deal(all, 3);
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(4).withMaxBins(16)
        .withSampling(0.8, 0.8, 5);
    BoostedTrees expected = HorizontalBoosting.train(tables, cfg,
        new SecAggSum("in-process", new SecureRandom()), null, t -> { }).model();

    Recorder seen = new Recorder();
    HorizontalBoostingProtocol p = new HorizontalBoostingProtocol(
        config(all.schema().featureNames(), cfg), seen, 0);
    List<Bank> banks = join(p, tables, cfg, 0);
    drive(p, banks, 1, q -> banks.stream().allMatch(b -> b.result != null));

    assertEquals(HorizontalBoostingProtocol.Phase.FINISHED, p.phase(), p.finishReason());
    assertEquals(expected, p.model());
    for (Bank b : banks) {
      assertEquals(expected, b.result, b.id);
      assertArrayEquals(expected.predictRaw(tables.get(b.id)), b.boosting.scores(), 1e-9);
    }
    assertEquals(List.of(0, 1, 2, 3), seen.trees);
    // one unmasked sum per secure round, and it is the sum of the banks' plain vectors
    assertEquals(p.round(), seen.sums.size());
    for (Map.Entry<Long, long[]> s : seen.sums.entrySet()) {
      long[] total = new long[s.getValue().length];
      for (Bank b : banks) {
        long[] v = b.plain.get(s.getKey());
        long[] m = b.masked.get(s.getKey());
        assertEquals(total.length, v.length);
        int same = 0;
        for (int i = 0; i < v.length; i++) {
          total[i] += v[i];
          same += v[i] == m[i] ? 1 : 0;
        }
        assertTrue(same <= v.length / 100, b.id + " round " + s.getKey() + ": " + same + " of "
            + v.length + " masked words equal the plain ones");
      }
      assertArrayEquals(total, s.getValue(), "secure sum " + s.getKey());
    }
    // round 1: the pooled row count and positives are the last two values
    long[] first = seen.sums.get(1L);
    assertEquals(all.rows(), first[first.length - 2]);
    assertEquals(all.positives(), first[first.length - 1]);
  }

  @Test
  @Timeout(60)
  void aBankThatStopsAnsweringMidTreeAbortsTheJobAtTheDeadline() {
    FeatureTable all = TestTables.logistic(900, 3, 0.0, 62, "d");
    Map<String, FeatureTable> tables = TestTables.deal(all, 3);
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(3).withMaxBins(8);
    HorizontalBoostingProtocol p = new HorizontalBoostingProtocol(
        config(all.schema().featureNames(), cfg), new Recorder(), 0);
    List<Bank> banks = join(p, tables, cfg, 0);
    // secure sum 4 is the second level of the first tree
    drive(p, banks, 1, q -> q.round() == 4 && q.phase() == HorizontalBoostingProtocol.Phase.INPUT);
    assertEquals(HorizontalBoostingProtocol.Phase.INPUT, p.phase());
    drive(p, banks.subList(0, 2), 2, q -> false); // bank-c is gone
    assertEquals(HorizontalBoostingProtocol.Phase.INPUT, p.phase(), "waits for bank-c");
    p.tick(1 + PHASE_MILLIS);
    assertEquals(HorizontalBoostingProtocol.Phase.ABORTED, p.phase());
    assertTrue(p.finishReason().contains("[bank-c]") && p.finishReason().contains("INPUT")
        && p.finishReason().contains("tree 0"), p.finishReason());
    Task t = p.poll("bank-a", 2 + PHASE_MILLIS);
    Task.Finished f = assertInstanceOf(Task.Finished.class, t);
    assertTrue(f.aborted());
    Rejection late = assertThrows(Rejection.class, () -> p.submitMasked(
        new RoundRef(JOB, 4, "bank-c"), new long[3], 3 + PHASE_MILLIS));
    assertEquals(Reason.JOB_FINISHED, late.reason());
  }

  @Test
  void aBankLeavingAbortsTheJobAtOnce() {
    FeatureTable all = TestTables.logistic(600, 3, 0.0, 63, "l");
    Map<String, FeatureTable> tables = TestTables.deal(all, 3);
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(2).withMaxBins(8);
    HorizontalBoostingProtocol p = new HorizontalBoostingProtocol(
        config(all.schema().featureNames(), cfg), new Recorder(), 0);
    List<Bank> banks = join(p, tables, cfg, 0);
    drive(p, banks, 1, q -> q.round() == 3);
    p.leave("bank-b", 2);
    assertEquals(HorizontalBoostingProtocol.Phase.ABORTED, p.phase());
    assertTrue(p.finishReason().contains("[bank-b] left the job"), p.finishReason());
  }

  @Test
  void badInputIsRefusedNamingTheFault() {
    FeatureTable all = TestTables.logistic(600, 3, 0.0, 64, "b");
    List<String> features = all.schema().featureNames();
    Map<String, FeatureTable> tables = TestTables.deal(all, 3);
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(2).withMaxBins(8);
    HorizontalBoostingProtocol p = new HorizontalBoostingProtocol(config(features, cfg),
        new Recorder(), 0);

    Rejection schema = assertThrows(Rejection.class,
        () -> p.join("bank-x", features.subList(1, features.size()), true, 0));
    assertEquals(Reason.SCHEMA_MISMATCH, schema.reason());
    assertTrue(schema.getMessage().contains(features.get(0)), schema.getMessage());
    Rejection unlabelled = assertThrows(Rejection.class,
        () -> p.join("bank-x", features, false, 0));
    assertTrue(unlabelled.getMessage().contains("no label column"), unlabelled.getMessage());

    List<Bank> banks = join(p, tables, cfg, 0);
    Rejection late = assertThrows(Rejection.class, () -> p.join("bank-z", features, true, 1));
    assertEquals(Reason.WRONG_PHASE, late.reason());
    assertTrue(late.getMessage().contains("cannot join mid-job"), late.getMessage());
    Rejection stranger = assertThrows(Rejection.class, () -> p.poll("bank-z", 1));
    assertEquals(Reason.UNKNOWN_PARTICIPANT, stranger.reason());

    drive(p, banks, 1, q -> q.phase() == HorizontalBoostingProtocol.Phase.INPUT);
    RoundRef ref = new RoundRef(JOB, 1, "bank-a");
    int expected = 3 * 2048 + 2;
    Rejection shape = assertThrows(Rejection.class,
        () -> p.precheck(ref, UpdateKind.MASKED_INPUT, 7, 1));
    assertEquals(Reason.WRONG_SHAPE, shape.reason());
    assertTrue(shape.getMessage().contains("has " + expected), shape.getMessage());
    assertThrows(Rejection.class, () -> p.submitMasked(ref, new long[7], 1));
    Rejection kind = assertThrows(Rejection.class,
        () -> p.precheck(ref, UpdateKind.MODEL_DELTA, expected, 1));
    assertEquals(Reason.WRONG_PHASE, kind.reason());
    assertTrue(kind.getMessage().contains("MASKED_INPUT"), kind.getMessage());
    Rejection phase = assertThrows(Rejection.class, () -> p.submitUnmask(ref,
        new io.fedcredit.crypto.secagg.SecAggMessages.UnmaskResponse("bank-a", Map.of(),
            Map.of()), 1));
    assertEquals(Reason.WRONG_PHASE, phase.reason());
    Rejection future = assertThrows(Rejection.class,
        () -> p.precheck(new RoundRef(JOB, 2, "bank-a"), UpdateKind.MASKED_INPUT, expected, 1));
    assertEquals(Reason.FUTURE_ROUND, future.reason());
    Rejection otherJob = assertThrows(Rejection.class,
        () -> p.precheck(new RoundRef("other", 1, "bank-a"), UpdateKind.MASKED_INPUT, expected,
            1));
    assertEquals(Reason.UNKNOWN_JOB, otherJob.reason());
    // the refusals changed nothing: the job still completes
    drive(p, banks, 2, q -> banks.stream().allMatch(b -> b.result != null));
    assertEquals(HorizontalBoostingProtocol.Phase.FINISHED, p.phase(), p.finishReason());
    assertFalse(p.model().trees().isEmpty());
  }

  @Test
  void configurationIsValidated() {
    BoostingConfig cfg = BoostingConfig.defaults();
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
        () -> new BoostingJobConfig(JOB, List.of("x"), cfg, 1, Set.of(), 1, 1, 1, 1,
            SecureAggregationConfig.defaults()));
    assertTrue(one.getMessage().contains("minParticipants"), one.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> new BoostingJobConfig(JOB, List.of("x", "x"), cfg, 2, Set.of(), 1, 1, 1, 1,
            SecureAggregationConfig.defaults()));
    assertTrue(twice.getMessage().contains("featureNames"), twice.getMessage());
  }
}
