package io.fedcredit.core.vertical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.relay.Envelope;
import io.fedcredit.core.relay.Mailboxes;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
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
 * A whole vertical SecureBoost job (setup, PSI, trees, scoring of the test rows) without
 * sockets: every party serializes its messages into envelopes through one job's {@link
 * Mailboxes}, sealed between guest and host, as over gRPC. The trees are the plaintext twin's.
 */
class SecureBoostJobTest {

  @Test
  @Timeout(600)
  void wholeSecureBoostJobOverEnvelopesGrowsThePlaintextTrees() {
    FeatureTable[] t = TestTables.verticalSplit(500, 41, "e");
    HeteroLrConfig lr = HeteroLrConfig.defaults(9);
    BoostingConfig boost = BoostingConfig.defaults().withTrees(3).withMaxBins(16)
        .withRegularization(1.0, 0.0, 1e-3, 10).withSampling(0.9, 1.0, 3);
    VerticalJobConfig cfg = VerticalJobConfig.of("job-b", "bank", "platform", lr)
        .withTestFraction(0.2).withSecureBoost(boost);
    List<Envelope> relayed = Collections.synchronizedList(new ArrayList<>());
    Mailboxes boxes = new Mailboxes(cfg.jobId(), cfg.parties(), 64 * 1024, 1L << 30,
        relayed::add);
    PaillierKeyPair arbiterKeys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    SecureRandom random = new SecureRandom();
    InProcessLinks failures = new InProcessLinks(HeteroLrTraining.Transcript.none(),
        Duration.ofMinutes(1));
    Map<String, Callable<Object>> tasks = new LinkedHashMap<>();
    tasks.put("arbiter", () -> new VerticalArbiter(cfg, arbiterKeys).run(link(boxes, "arbiter"),
        r -> { }));
    List<Integer> treesSeen = Collections.synchronizedList(new ArrayList<>());
    tasks.put("bank", () -> new VerticalGuest("bank", t[0], random).run(link(boxes, "bank"),
        r -> treesSeen.add(r.epoch())));
    tasks.put("platform", () -> new VerticalHost("platform", t[1], random)
        .run(link(boxes, "platform")));
    Map<String, Object> out = failures.runAll(tasks);
    VerticalGuest.Outcome g = (VerticalGuest.Outcome) out.get("bank");
    VerticalHost.Outcome h = (VerticalHost.Outcome) out.get("platform");

    assertEquals(400, g.intersectionSize());
    assertEquals(List.of(0, 1, 2), treesSeen);
    assertNull(g.half());
    assertTrue(g.trees().hasRemoteSplits(), "no host split");
    assertFalse(Double.isNaN(g.testAuc()));
    assertTrue(g.trainAuc() > 0.7, "AUC " + g.trainAuc());
    assertTrue(g.epochs().get(2).loss() < g.epochs().get(0).loss(), g.epochs().toString());
    assertEquals(List.of("f1", "f2", "f4"), g.hostFeatures().get("platform"));

    // the plaintext twin on the same aligned training rows and bins grows the same trees
    FeatureTable joined = PlaintextSecureBoost.join(g.trainingTable(),
        Map.of("platform", h.trainingTable()));
    BoostedTrees plain = PlaintextSecureBoost.train(joined,
        BinnedFeatures.quantileEdges(g.trainingTable(), boost.maxBins()),
        Map.of("platform", BinnedFeatures.quantileEdges(h.trainingTable(), boost.maxBins())),
        boost);
    assertEquals(plain, PlaintextSecureBoost.resolve(g.trees(), List.of(h.trees())));

    // guest <-> host envelopes are sealed (or key announcements); the gradients travelled in
    // parts; the arbiter only sent the setup
    for (Envelope e : relayed) {
      if (!e.from().equals("arbiter") && !e.to().equals("arbiter")) {
        assertTrue(e.type().equals(EnvelopeLink.SEALED) || e.type().equals("key"), e.type());
      } else {
        assertEquals("arbiter", e.from(), "nothing goes to the arbiter: " + e);
        assertEquals("setup", e.type());
      }
    }
    assertTrue(relayed.stream().anyMatch(e -> e.parts() > 1));
  }

  @Test
  void woeAndSecureBoostDoNotMix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VerticalJobConfig.of("j", "bank", "platform", HeteroLrConfig.defaults(1))
            .withWoe(true, 0).withSecureBoost(BoostingConfig.defaults()));
    assertTrue(e.getMessage().startsWith("woe"), e.getMessage());
  }

  private static PartyLink link(Mailboxes boxes, String party) {
    return new EnvelopeLink(boxes.jobId(), party, boxes.transportFor(party), new VerticalWire(),
        Duration.ofMinutes(2));
  }
}
