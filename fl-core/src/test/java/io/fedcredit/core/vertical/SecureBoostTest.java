package io.fedcredit.core.vertical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.testing.SharedData;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeNode;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Vertical SecureBoost in one process: the federated trees are exactly the plaintext trainer's
 * on the joined rows (same splits, thresholds, leaf values and gains), with one host and with
 * two, with row and feature sampling; bad replies fail naming the part at fault.
 */
class SecureBoostTest {
  private static PaillierKeyPair keys;

  @BeforeAll
  static void keys() {
    keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
  }

  /** Trains federated and plaintext, asserts the same trees; returns the federated guest. */
  static Result trainBoth(FeatureTable guest, Map<String, FeatureTable> hosts,
      BoostingConfig cfg) {
    List<BinEdges> guestEdges = BinnedFeatures.quantileEdges(guest, cfg.maxBins());
    Map<String, List<BinEdges>> hostEdges = new LinkedHashMap<>();
    PhaseTimes times = new PhaseTimes();
    SecureBoostGuest g = new SecureBoostGuest(guest, guestEdges, cfg, keys, times);
    List<SecureBoostHost> hs = new ArrayList<>();
    for (Map.Entry<String, FeatureTable> h : hosts.entrySet()) {
      List<BinEdges> e = BinnedFeatures.quantileEdges(h.getValue(), cfg.maxBins());
      hostEdges.put(h.getKey(), e);
      hs.add(new SecureBoostHost(h.getKey(), h.getValue(), e, new SecureRandom(), times));
    }
    BoostedTrees federated = SecureBoostTraining.run(g, hs,
        HeteroLrTraining.Transcript.none(), times);
    FeatureTable joined = PlaintextSecureBoost.join(guest, hosts);
    BoostedTrees plain = PlaintextSecureBoost.train(joined, guestEdges, hostEdges, cfg);
    BoostedTrees resolved = PlaintextSecureBoost.resolve(federated,
        hs.stream().map(SecureBoostHost::model).toList());
    assertEquals(plain.trees().size(), resolved.trees().size());
    for (int t = 0; t < plain.trees().size(); t++) {
      assertEquals(plain.trees().get(t), resolved.trees().get(t), "tree " + t);
    }
    assertEquals(plain, resolved);
    assertArrayEquals(plain.predictRaw(joined), g.trainingScores(), 1e-9);
    return new Result(g, hs, federated, plain, joined);
  }

  record Result(SecureBoostGuest guest, List<SecureBoostHost> hosts, BoostedTrees federated,
      BoostedTrees plain, FeatureTable joined) {
    long hostSplits() {
      return federated.trees().stream().flatMap(t -> t.nodes().stream())
          .filter(n -> n.rule() instanceof SplitRule.Remote).count();
    }
  }

  @Test
  @Timeout(600)
  void oneHostGrowsExactlyThePlaintextTreesWithSampling() {
    FeatureTable all = TestTables.logistic(400, 5, 0.0, 31, "e");
    FeatureTable guest = all.withFeatures(List.of("f0", "f3"));
    FeatureTable host = all.withFeatures(List.of("f1", "f2", "f4")).withoutLabels();
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(3).withMaxBins(16)
        .withRegularization(1.0, 0.0, 1e-3, 10).withSampling(0.8, 0.8, 5);
    Result r = trainBoth(guest, Map.of("platform", host), cfg);
    assertTrue(r.hostSplits() > 0, "no split on the host's features: the test shows nothing");
    assertTrue(r.federated().trees().stream().flatMap(t -> t.nodes().stream())
        .anyMatch(n -> n.rule() instanceof SplitRule.Threshold), "no guest split");
    double auc = BinaryMetrics.auc(BoostedTrees.probabilities(r.guest().trainingScores()),
        guest.labels());
    assertTrue(auc > 0.7, "AUC " + auc);
  }

  @Test
  @Timeout(600)
  void twoHostsGrowExactlyThePlaintextTrees() {
    FeatureTable all = TestTables.logistic(500, 6, 0.0, 32, "e");
    FeatureTable guest = all.withFeatures(List.of("f3", "f5"));
    Map<String, FeatureTable> hosts = new LinkedHashMap<>();
    hosts.put("platform", all.withFeatures(List.of("f0", "f4")).withoutLabels());
    hosts.put("bureau", all.withFeatures(List.of("f1", "f2")).withoutLabels());
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(3).withMaxBins(8)
        .withRegularization(0.5, 0.0, 1e-3, 8);
    Result r = trainBoth(guest, hosts, cfg);
    long platform = countRemote(r.federated(), "platform");
    long bureau = countRemote(r.federated(), "bureau");
    assertTrue(platform > 0 && bureau > 0, "splits: platform " + platform + ", bureau "
        + bureau);
  }

  private static long countRemote(BoostedTrees m, String party) {
    return m.trees().stream().flatMap(t -> t.nodes().stream())
        .filter(n -> n.rule() instanceof SplitRule.Remote rs && rs.party().equals(party))
        .count();
  }

  /**
   * default_credit_hetero, the first 2,000 aligned rows, 2 trees of depth 3 with 32 bins: the
   * federated trees are the plaintext trees. All 30,000 rows: {@link
   * SecureBoostSharedDataTest} (slow suite).
   */
  @Test
  @Timeout(900)
  void defaultCreditHeteroSubsetGrowsThePlaintextTrees() throws Exception {
    FeatureTable[] t = defaultCreditHetero();
    int[] first = IntStream.range(0, 2_000).toArray();
    Result r = trainBoth(t[0].select(first), Map.of("platform", t[1].select(first)),
        BoostingConfig.defaults().withTrees(2));
    assertTrue(r.hostSplits() > 0, "no host split");
  }

  /** default_credit_hetero's guest and host tables (skips the test when absent). */
  static FeatureTable[] defaultCreditHetero() throws java.io.IOException {
    FeatureTable guest = new CsvTableReader(CsvOptions.labelled("y"))
        .read(SharedData.file(SharedData.DEFAULT_CREDIT_HETERO_GUEST));
    FeatureTable host = new CsvTableReader(CsvOptions.unlabelled())
        .read(SharedData.file(SharedData.DEFAULT_CREDIT_HETERO_HOST));
    return new FeatureTable[] {guest, host};
  }

  @Test
  @Timeout(300)
  void scoringRoutesHostSplitsInOneRoundTrip() {
    FeatureTable all = TestTables.logistic(400, 4, 0.0, 33, "s");
    FeatureTable guest = all.withFeatures(List.of("f0"));
    FeatureTable host = all.withFeatures(List.of("f1", "f2", "f3")).withoutLabels();
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(3).withMaxBins(8)
        .withRegularization(1.0, 0.0, 1e-3, 10);
    Result r = trainBoth(guest, Map.of("platform", host), cfg);
    SecureBoostHost h = r.hosts().get(0);
    InProcessLinks links = new InProcessLinks(HeteroLrTraining.Transcript.none(),
        java.time.Duration.ofMinutes(1));
    List<String> ids = List.of(all.ids()).subList(0, 50);
    FeatureTable guestRows = guest.select(IntStream.range(0, 50).toArray());
    Map<String, java.util.concurrent.Callable<double[]>> tasks = new LinkedHashMap<>();
    tasks.put("guest", () -> r.federated().predictRaw(guestRows,
        SecureBoostTraining.requestRoutes(links.link("guest"), List.of("platform"),
            r.federated(), ids)));
    tasks.put("platform", () -> {
      SecureBoostTraining.serveRoutes(h, "guest", links.link("platform"), host);
      return null;
    });
    double[] scored = links.runAll(tasks).get("guest");
    double[] expected = r.plain().predictRaw(r.joined().select(IntStream.range(0, 50)
        .toArray()));
    assertArrayEquals(expected, scored, 1e-12);
  }

  @Test
  void aForgedHistogramSumIsRejectedNamingTheCell() {
    GradientPacking p = GradientPacking.forRows(100);
    java.math.BigInteger ok = p.pack(-3, 7).add(p.pack(5, 1));
    assertArrayEquals(new long[] {2, 8, 2}, p.unpack(ok, 100));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.unpack(ok, 1));
    assertTrue(e.getMessage().contains("2 rows"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> p.unpack(java.math.BigInteger.ONE.shiftLeft(p.valueBits() + 3), 100));
  }

  @Test
  void treeNodesAreChecked() {
    assertThrows(IllegalArgumentException.class,
        () -> new TreeModel(List.of(new TreeNode(0, 1, new SplitRule.Remote("h", 1), 0, 0, 1))));
  }
}
