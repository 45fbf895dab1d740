package io.fedcredit.core.vertical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.relay.Envelope;
import io.fedcredit.core.relay.Mailboxes;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A whole vertical job (keys, PSI, WOE, hetero LR, scorecard) without sockets: every party
 * serializes its messages into envelopes through one job's {@link Mailboxes}, as over gRPC.
 */
class VerticalJobTest {

  @Test
  @Timeout(300)
  void wholeJobOverEnvelopesMatchesThePlaintextAlgorithm() {
    FeatureTable[] t = TestTables.verticalSplit(400, 31, "e");
    HeteroLrConfig lr = new HeteroLrConfig(2, 128, 0.3, 0.5, 1e-3, 1e-6, 5, 10, 24, 40, 128);
    VerticalJobConfig cfg = VerticalJobConfig.of("job-v", "bank", "platform", lr)
        .withWoe(true, 0.0);
    List<Envelope> relayed = Collections.synchronizedList(new ArrayList<>());
    Mailboxes boxes = new Mailboxes(cfg.jobId(), cfg.parties(), 64 * 1024, 1L << 30,
        relayed::add);
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    SecureRandom random = new SecureRandom();
    InProcessLinks failures = new InProcessLinks(HeteroLrTraining.Transcript.none(),
        Duration.ofMinutes(1));
    Map<String, Callable<Object>> tasks = new LinkedHashMap<>();
    tasks.put("arbiter", () -> new VerticalArbiter(cfg, keys).run(link(boxes, "arbiter"),
        r -> { }));
    tasks.put("bank", () -> new VerticalGuest("bank", t[0], random).run(link(boxes, "bank"),
        r -> { }));
    tasks.put("platform", () -> new VerticalHost("platform", t[1], random)
        .run(link(boxes, "platform")));
    Map<String, Object> out = failures.runAll(tasks);
    VerticalGuest.Outcome g = (VerticalGuest.Outcome) out.get("bank");
    VerticalHost.Outcome h = (VerticalHost.Outcome) out.get("platform");

    assertEquals(320, g.intersectionSize()); // rows with i % 10 not in {3, 7}
    assertEquals(320, h.intersectionSize());
    assertEquals(5, g.informationValues().size());
    PlaintextHeteroLr plain = new PlaintextHeteroLr(g.trainingTable(), h.trainingTable(), lr);
    plain.train();
    double ref = BinaryMetrics.auc(plain.predict(), plain.labels());
    assertEquals(ref, g.trainAuc(), 0.003, "federated " + g.trainAuc() + " vs " + ref);
    assertTrue(g.trainAuc() > 0.7, "AUC " + g.trainAuc());
    // the halves' points add up to the scorecard's, the host's half has its real cut points
    assertEquals(g.scorecard().features().size(),
        g.half().features().size() + h.half().features().size());
    assertFalse(h.half().features().get(0).bins().get(0).label().startsWith("bin"));
    assertEquals(g.half().modelId(), h.half().modelId());
    // large messages travelled in parts
    assertTrue(relayed.stream().anyMatch(e -> e.parts() > 1));
  }

  private static PartyLink link(Mailboxes boxes, String party) {
    return new EnvelopeLink(boxes.jobId(), party, boxes.transportFor(party), new VerticalWire(),
        Duration.ofMinutes(2));
  }

  @Test
  void mailboxesKeepOrderIgnoreRepeatsAndRefuseGapsAndOversizedPayloads() throws Exception {
    Mailboxes boxes = new Mailboxes("j", List.of("a", "b"), 4, 10, e -> { });
    boxes.deposit(new Envelope("j", "a", "b", "t", 0, 0, 1, new byte[] {1}));
    boxes.deposit(new Envelope("j", "a", "b", "t", 0, 0, 1, new byte[] {1})); // a retry
    boxes.deposit(new Envelope("j", "a", "b", "t", 1, 0, 1, new byte[] {2}));
    Rejection gap = assertThrows(Rejection.class, () -> boxes.deposit(
        new Envelope("j", "a", "b", "t", 5, 0, 1, new byte[] {3})));
    assertEquals(Rejection.Reason.WRONG_PHASE, gap.reason());
    Rejection big = assertThrows(Rejection.class, () -> boxes.deposit(
        new Envelope("j", "a", "b", "t", 2, 0, 1, new byte[5])));
    assertTrue(big.getMessage().contains("envelope.payload"), big.getMessage());
    Rejection stranger = assertThrows(Rejection.class, () -> boxes.deposit(
        new Envelope("j", "a", "c", "t", 0, 0, 1, new byte[1])));
    assertTrue(stranger.getMessage().contains("envelope.to"), stranger.getMessage());
    assertEquals(1, boxes.take("a", "b", Duration.ofMillis(10)).payload()[0]);
    assertEquals(2, boxes.take("a", "b", Duration.ofMillis(10)).payload()[0]);
    assertEquals(null, boxes.take("a", "b", Duration.ofMillis(10)));
  }

  @Test
  void aMailboxHoldsAtMostMaxQueuedEnvelopesEvenOfEmptyPayloads() throws Exception {
    Mailboxes boxes = new Mailboxes("j", List.of("a", "b"), 4, 10, e -> { });
    int max = io.fedcredit.core.wire.WireLimits.MAX_QUEUED_ENVELOPES;
    for (int i = 0; i < max; i++) {
      boxes.deposit(new Envelope("j", "a", "b", "t", i, 0, 1, new byte[0]));
    }
    Rejection full = assertThrows(Rejection.class, () -> boxes.deposit(
        new Envelope("j", "a", "b", "t", max, 0, 1, new byte[0])));
    assertEquals(Rejection.Reason.TOO_LARGE, full.reason());
    assertTrue(full.getMessage().contains("envelopes"), full.getMessage());
    boxes.take("a", "b", Duration.ofMillis(10));
    boxes.deposit(new Envelope("j", "a", "b", "t", max, 0, 1, new byte[0]));
  }
}
