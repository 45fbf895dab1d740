package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.ModelHalfFiles;
import io.fedcredit.client.VerticalClient;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.relay.Envelope;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.vertical.EnvelopeLink;
import io.fedcredit.core.vertical.HeteroLrConfig;
import io.fedcredit.core.vertical.HeteroLrMessages;
import io.fedcredit.core.vertical.ModelHalf;
import io.fedcredit.core.vertical.PlaintextHeteroLr;
import io.fedcredit.core.vertical.VerticalArbiter;
import io.fedcredit.core.vertical.VerticalGuest;
import io.fedcredit.core.vertical.VerticalHost;
import io.fedcredit.core.vertical.VerticalJobConfig;
import io.fedcredit.core.vertical.VerticalJobMessages;
import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole vertical job (PSI, federated WOE, hetero LR, scorecard) over real gRPC on 127.0.0.1:
 * a coordinator with the relay and the arbiter, a guest and a host client. The federated model
 * matches the same algorithm on the joined plaintext rows; the transcript of every envelope the
 * coordinator relayed or received holds no id, no raw feature value and nothing readable between
 * guest and host, and the arbiter saw only masked values.
 */
class VerticalEndToEndTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(600)
  void wholeJobOverGrpcMatchesPlaintextAndLeaksNothingToTheCoordinator() throws Exception {
    FeatureTable[] t = TestTables.verticalSplit(400, 17, "enterprise-7f3a-");
    HeteroLrConfig lr = new HeteroLrConfig(2, 128, 0.3, 0.5, 1e-3, 1e-6, 5, 10, 24, 40, 128);
    VerticalJobConfig cfg = VerticalJobConfig.of("vertical-e2e", "bank", "platform", lr)
        .withWoe(true, 0.0).withTestFraction(0.2);
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    List<Envelope> transcript = Collections.synchronizedList(new ArrayList<>());
    try (Coordinator coordinator = Coordinator.listening(TransportSecurity.plaintextForTesting(),
        "127.0.0.1", 0, new FileJobStore(dir.resolve("store"))).start()) {
      VerticalJobs.Running job = coordinator.verticalJobs().start(cfg, keys, transcript::add,
          r -> { });
      String target = "127.0.0.1:" + coordinator.port();
      CompletableFuture<VerticalHost.Outcome> host = CompletableFuture.supplyAsync(() -> {
        try (VerticalClient c = VerticalClient.builder()
            .coordinator(target, TransportSecurity.plaintextForTesting())
            .jobId(cfg.jobId()).partyId("platform").build()) {
          return c.runAsHost(t[1]);
        }
      });
      VerticalGuest.Outcome g;
      try (VerticalClient c = VerticalClient.builder()
          .coordinator(target, TransportSecurity.plaintextForTesting())
          .jobId(cfg.jobId()).partyId("bank").build()) {
        g = c.runAsGuest(t[0], r -> { });
      }
      VerticalHost.Outcome h = host.get(5, TimeUnit.MINUTES);
      List<HeteroLrMessages.EpochResult> epochs = job.result().get(1, TimeUnit.MINUTES);

      // (a) PSI found the 320 common ids; the model matches the plaintext algorithm
      assertEquals(320, g.intersectionSize());
      assertEquals(320, h.intersectionSize());
      assertEquals(2, epochs.size());
      assertTrue(g.testRows() > 0 && g.testRows() < 320);
      PlaintextHeteroLr plain = new PlaintextHeteroLr(g.trainingTable(), h.trainingTable(), lr);
      plain.train();
      double ref = BinaryMetrics.auc(plain.predict(), plain.labels());
      assertEquals(ref, g.trainAuc(), 0.003, "federated " + g.trainAuc() + " vs " + ref);
      assertTrue(g.trainAuc() > 0.7, "AUC " + g.trainAuc());
      assertFalse(Double.isNaN(g.testAuc()));
      // the test scores behind testAuc come with the outcome, for ROC and KS curves
      assertEquals(g.testRows(), g.testScores().length);
      assertEquals(g.testRows(), g.testLabels().length);
      assertEquals(g.testAuc(), BinaryMetrics.auc(g.testScores(), g.testLabels()), 1e-12);
      assertEquals(g.testKs(), BinaryMetrics.ks(g.testScores(), g.testLabels()), 1e-12);

      // the halves export and read back
      ModelHalfFiles.write(h.half(), dir.resolve("host.json"));
      ModelHalf back = ModelHalfFiles.read(dir.resolve("host.json"));
      assertEquals(h.half(), back);
      assertEquals(3, back.features().size());

      // (b) the transcript: every envelope the coordinator relayed or received
      assertFalse(transcript.isEmpty());
      Set<String> allIds = new HashSet<>(List.of(t[0].ids()));
      allIds.addAll(List.of(t[1].ids()));
      Set<Long> rawValues = new HashSet<>();
      for (FeatureTable table : t) {
        for (double v : table.values()) {
          rawValues.add(Double.doubleToRawLongBits(v));
          rawValues.add(Long.reverseBytes(Double.doubleToRawLongBits(v)));
        }
      }
      VerticalWire arbiterView = new VerticalWire();
      arbiterView.trust(keys.publicKey());
      int sealed = 0;
      int decrypted = 0;
      for (Envelope e : transcript) {
        byte[] payload = e.payload();
        String text = new String(payload, StandardCharsets.ISO_8859_1);
        for (String id : allIds) {
          assertFalse(text.contains(id), "id " + id + " in " + e);
        }
        ByteBuffer buf = ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i + 8 <= payload.length; i++) {
          assertFalse(rawValues.contains(buf.getLong(i)), "a raw feature value in " + e);
        }
        boolean guestHost = !e.from().equals(VerticalJobConfig.ARBITER)
            && !e.to().equals(VerticalJobConfig.ARBITER);
        if (guestHost) {
          // only the X25519 key announcements travel unsealed between guest and host
          assertTrue(e.type().equals(EnvelopeLink.SEALED) || e.type().equals("key"),
              "guest-host envelope of type " + e.type());
          sealed += e.type().equals(EnvelopeLink.SEALED) ? 1 : 0;
          continue;
        }
        assertEquals(1, e.parts(), "arbiter messages are small: " + e);
        Object m = arbiterView.decode(e.type(), payload);
        if (e.to().equals(VerticalJobConfig.ARBITER)) {
          assertTrue(m instanceof HeteroLrMessages.MaskedGradient
              || m instanceof HeteroLrMessages.GuestEpochEnd
              || m instanceof VerticalArbiter.TrainingShape, "to the arbiter: " + m);
        } else if (m instanceof HeteroLrMessages.Decrypted d) {
          for (BigInteger v : d.maskedScaled()) {
            // masked values are uniform over 48 + residual + mask bits: never small
            assertTrue(v.bitLength() > 40 + 24, "decrypted value looks unmasked: " + v);
            decrypted++;
          }
        } else {
          assertTrue(m instanceof VerticalJobMessages.Setup
              || m instanceof HeteroLrMessages.EpochResult, "from the arbiter: " + m);
        }
      }
      assertTrue(sealed > 10, "sealed envelopes: " + sealed);
      assertEquals(job.arbiter().decryptedValues(), decrypted);
    }
  }
}
