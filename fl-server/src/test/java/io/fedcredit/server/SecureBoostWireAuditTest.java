package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.VerticalClient;
import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.Gradients;
import io.fedcredit.core.vertical.GradientPacking;
import io.fedcredit.core.vertical.HeteroLrConfig;
import io.fedcredit.core.vertical.HeteroLrTraining;
import io.fedcredit.core.vertical.PhaseTimes;
import io.fedcredit.core.vertical.PlaintextSecureBoost;
import io.fedcredit.core.vertical.SecureBoostGuest;
import io.fedcredit.core.vertical.SecureBoostHost;
import io.fedcredit.core.vertical.SecureBoostTraining;
import io.fedcredit.core.vertical.VerticalGuest;
import io.fedcredit.core.vertical.VerticalHost;
import io.fedcredit.core.vertical.VerticalJobConfig;
import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Privacy audit of vertical SecureBoost, in the pattern of {@link WireAuditTest}.
 *
 * <p>(1) A whole job over real gRPC on 127.0.0.1: every message of every RPC, both directions,
 * is recorded at the coordinator and searched for every row id, raw feature value, run of 64
 * labels, every gradient and hessian of every tree (as IEEE doubles, and as the packed plaintext
 * the guest encrypts) and every cut point of the host's bins (doubles and decimal text).
 *
 * <p>(2) Inside the sealed channel: the same training with every guest-host message recorded in
 * its wire form; what the host receives holds no gradient, hessian, packed plaintext or label
 * run, and what the guest receives holds no cut point or feature value of the host.
 */
class SecureBoostWireAuditTest {
  private static final BoostingConfig BOOST = BoostingConfig.defaults().withTrees(3)
      .withMaxBins(16).withRegularization(1.0, 0.0, 1e-3, 10);

  @Test
  @Timeout(600)
  void aSecureBoostJobSendsNoGradientHessianLabelOrHostThresholdInTheClear() throws Exception {
    FeatureTable[] t = TestTables.verticalSplit(400, 61, "sb-audit-");
    VerticalJobConfig cfg = VerticalJobConfig.of("sb-audit", "bank", "platform",
        HeteroLrConfig.defaults(3)).withSecureBoost(BOOST);
    WireAuditTest.WireRecorder recorder = new WireAuditTest.WireRecorder();
    PaillierKeyPair arbiterKeys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    VerticalGuest.Outcome g;
    VerticalHost.Outcome h;
    try (Coordinator coordinator = new Coordinator(
        TransportSecurity.plaintextForTesting().serverBuilder("127.0.0.1", 0).intercept(recorder),
        JobStore.none(), System::currentTimeMillis)) {
      coordinator.start();
      VerticalJobs.Running job = coordinator.verticalJobs().start(cfg, arbiterKeys, e -> { },
          r -> { });
      String target = "127.0.0.1:" + coordinator.port();
      CompletableFuture<VerticalHost.Outcome> host = CompletableFuture.supplyAsync(() -> {
        try (VerticalClient c = client(target, cfg.jobId(), "platform")) {
          return c.runAsHost(t[1]);
        }
      });
      try (VerticalClient c = client(target, cfg.jobId(), "bank")) {
        g = c.runAsGuest(t[0], r -> { });
      }
      h = host.get(5, TimeUnit.MINUTES);
      job.result().get(1, TimeUnit.MINUTES);
    }
    assertEquals(3, g.trees().trees().size());
    assertTrue(g.trees().hasRemoteSplits(), "no host split: the audit would show little");

    byte[] wire = recorder.bytes();
    WireAuditTest.Windows windows = new WireAuditTest.Windows(wire);
    long checked = 0;
    for (FeatureTable table : t) {
      for (int r = 0; r < table.rows(); r++) {
        assertFalse(windows.contains(table.id(r).getBytes(StandardCharsets.UTF_8)),
            "row id " + table.id(r) + " crossed the wire");
        for (int j = 0; j < table.numFeatures(); j++) {
          checked += assertAbsent(windows, WireAuditTest.encodings(table.value(r, j)),
              "feature value of " + table.id(r));
        }
      }
    }
    checked += assertAbsent(windows, WireAuditTest.labelRuns(t[0].labels()), "labels");
    List<BinEdges> hostEdges = BinnedFeatures.quantileEdges(h.trainingTable(), BOOST.maxBins());
    checked += assertAbsent(windows, thresholds(hostEdges), "a host cut point");
    checked += assertAbsent(windows, gradientEncodings(g.trainingTable(), h.trainingTable(),
        BinnedFeatures.quantileEdges(g.trainingTable(), BOOST.maxBins()), hostEdges),
        "a gradient or hessian");
    System.out.printf("SecureBoost wire audit: %d messages, %d bytes, %d encodings checked%n",
        recorder.messages(), wire.length, checked);
    // the audit can see what it looks for: the job id does cross the wire
    assertTrue(windows.contains("sb-audit".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @Timeout(600)
  void insideTheSealedChannelTheHostSeesNoGradientAndTheGuestNoThreshold() {
    FeatureTable all = TestTables.logistic(400, 5, 0.0, 62, "in-");
    FeatureTable guest = all.withFeatures(List.of("f0", "f3"));
    FeatureTable host = all.withFeatures(List.of("f1", "f2", "f4")).withoutLabels();
    List<BinEdges> guestEdges = BinnedFeatures.quantileEdges(guest, BOOST.maxBins());
    List<BinEdges> hostEdges = BinnedFeatures.quantileEdges(host, BOOST.maxBins());
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    PhaseTimes times = new PhaseTimes();
    SecureBoostGuest g = new SecureBoostGuest(guest, guestEdges, BOOST, keys, times);
    SecureBoostHost hs = new SecureBoostHost("platform", host, hostEdges, new SecureRandom(),
        times);
    VerticalWire wire = new VerticalWire();
    ByteArrayOutputStream toHost = new ByteArrayOutputStream();
    ByteArrayOutputStream toGuest = new ByteArrayOutputStream();
    List<String> types = new ArrayList<>();
    BoostedTrees model = SecureBoostTraining.run(g, List.of(hs), (from, to, m) -> {
      VerticalWire.Encoded e = wire.encode(m);
      synchronized (types) {
        types.add(from + ">" + to + ":" + e.type());
        (to.equals("platform") ? toHost : toGuest).writeBytes(e.bytes());
      }
    }, times);
    assertTrue(model.hasRemoteSplits() && types.size() > 10, types.toString());

    WireAuditTest.Windows hostView = new WireAuditTest.Windows(toHost.toByteArray());
    long checked = assertAbsent(hostView, gradientEncodings(guest, host, guestEdges, hostEdges),
        "a gradient, hessian or packed plaintext received by the host");
    checked += assertAbsent(hostView, WireAuditTest.labelRuns(guest.labels()),
        "labels received by the host");
    WireAuditTest.Windows guestView = new WireAuditTest.Windows(toGuest.toByteArray());
    checked += assertAbsent(guestView, thresholds(hostEdges),
        "a host cut point received by the guest");
    for (int r = 0; r < host.rows(); r++) {
      for (int j = 0; j < host.numFeatures(); j++) {
        checked += assertAbsent(guestView, WireAuditTest.encodings(host.value(r, j)),
            "a host feature value received by the guest");
      }
    }
    // the audit can see what it looks for: the host's feature names reach the guest
    assertTrue(guestView.contains("f2".getBytes(StandardCharsets.UTF_8)));
    System.out.printf("SecureBoost peer audit: %d bytes to the host, %d to the guest, %d "
        + "encodings checked%n", toHost.size(), toGuest.size(), checked);
  }

  private static long assertAbsent(WireAuditTest.Windows windows, List<byte[]> needles,
      String what) {
    for (byte[] n : needles) {
      assertFalse(windows.contains(n), what + " crossed the wire");
    }
    return needles.size();
  }

  private static List<byte[]> thresholds(List<BinEdges> edges) {
    List<byte[]> out = new ArrayList<>();
    for (BinEdges e : edges) {
      for (double c : e.cuts()) {
        out.addAll(WireAuditTest.encodings(c));
      }
    }
    return out;
  }

  /**
   * Every row's gradient and hessian of every tree of the plaintext twin (the same as the
   * federated job's): as little- and big-endian doubles, quantized as the packed plaintext the
   * guest encrypts (its big-endian bytes).
   */
  private static List<byte[]> gradientEncodings(FeatureTable guest, FeatureTable host,
      List<BinEdges> guestEdges, List<BinEdges> hostEdges) {
    FeatureTable joined = PlaintextSecureBoost.join(guest, Map.of("platform", host));
    BoostedTrees plain = PlaintextSecureBoost.train(joined, guestEdges,
        Map.of("platform", hostEdges), BOOST);
    GradientPacking packing = GradientPacking.forRows(guest.rows());
    double[] y = guest.labels();
    List<byte[]> out = new ArrayList<>();
    for (int t = 0; t < plain.trees().size(); t++) {
      double[] raw = new BoostedTrees(plain.featureNames(), plain.baseScore(),
          plain.trees().subList(0, t)).predictRaw(joined);
      Gradients q = Gradients.logistic(y, raw);
      for (int i = 0; i < y.length; i++) {
        double p = Gradients.sigmoid(raw[i]);
        for (double v : new double[] {p - y[i], p * (1 - p)}) {
          out.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
          out.add(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(v).array());
        }
        out.add(packing.pack(q.gradient(i), q.hessian(i)).toByteArray());
      }
    }
    return out;
  }

  private static VerticalClient client(String target, String jobId, String party) {
    return VerticalClient.builder().coordinator(target, TransportSecurity.plaintextForTesting())
        .jobId(jobId).partyId(party).build();
  }
}
