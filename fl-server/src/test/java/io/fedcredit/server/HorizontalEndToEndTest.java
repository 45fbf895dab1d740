package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.BankClient;
import io.fedcredit.client.FederationResult;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Predictor;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.wire.GlobalModelFiles;
import io.fedcredit.server.RoundController.RoundRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A coordinator and three banks over real sockets on 127.0.0.1. */
class HorizontalEndToEndTest {

  @Test
  @Timeout(120)
  void threeBanksTrainOneModelOverLoopback(@TempDir Path dataDir) throws Exception {
    GlobalModel plain = run(dataDir, null, null);
    assertEquals("none (plaintext aggregation)", plain.provenance().privacy());
  }

  @Test
  @Timeout(120)
  void secureAggregationGivesTheSameModelToFixedPointPrecision(@TempDir Path dataDir)
      throws Exception {
    GlobalModel secure = run(dataDir.resolve("secure"), SecureAggregationConfig.defaults(), null);
    GlobalModel plain = run(dataDir.resolve("plain"), null, null);
    assertTrue(secure.provenance().privacy().startsWith("secagg("));
    // same data, same seeds: only fixed-point rounding (2^-30 on n*delta) separates the two
    assertArrayEquals(plain.parameters(), secure.parameters(), 1e-6);
  }

  @Test
  @Timeout(180)
  void paillierAggregationGivesTheSameModelToFixedPointPrecision(@TempDir Path dataDir)
      throws Exception {
    GlobalModel paillier = run(dataDir.resolve("paillier"), null,
        PaillierAggregationConfig.defaults().withKeyHolder("bank-b"));
    GlobalModel plain = run(dataDir.resolve("plain"), null, null);
    assertTrue(paillier.provenance().privacy().startsWith("paillier(2048-bit key held by bank-b"),
        paillier.provenance().privacy());
    // same data, same seeds: only fixed-point rounding (2^-15 on n*delta) separates the two
    assertArrayEquals(plain.parameters(), paillier.parameters(), 1e-6);
  }

  private GlobalModel run(Path dataDir, SecureAggregationConfig secagg,
      PaillierAggregationConfig paillier) throws Exception {
    List<String> features = TestTables.features(4);
    // three banks of very different sizes, with shifted feature distributions
    List<FeatureTable> banks = List.of(
        TestTables.logistic(3000, 4, 0.0, 1, "a-"),
        TestTables.logistic(800, 4, 0.5, 2, "b-"),
        TestTables.logistic(150, 4, -0.5, 3, "c-"));
    FeatureTable test = TestTables.logistic(2000, 4, 0.0, 99, "t-");
    int rounds = 4;
    HorizontalJobConfig cfg = new HorizontalJobConfig("e2e", ModelSpec.logreg(4, 5), features,
        rounds, 3, Set.of("bank-a", "bank-b", "bank-c"), true, 60_000, 60_000, 60_000, 2_000,
        secagg, paillier);
    TrainingConfig tc = new TrainingConfig(1, 32, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    FileJobStore store = new FileJobStore(dataDir);
    Coordinator coordinator =
        Coordinator.listening(TransportSecurity.plaintextForTesting(), "127.0.0.1", 0, store);
    RoundController controller =
        coordinator.addJob(cfg, new FedAvg(FedAvg.Config.everyone(3, tc, 11)));
    coordinator.start();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<BankClient> clients = new ArrayList<>();
    try {
      List<Future<FederationResult>> results = new ArrayList<>();
      String[] names = {"bank-a", "bank-b", "bank-c"};
      for (int i = 0; i < 3; i++) {
        BankClient c = BankClient.builder()
            .coordinator("127.0.0.1:" + coordinator.port(),
                TransportSecurity.plaintextForTesting())
            .jobId("e2e")
            .participantId(names[i])
            .trainingData(banks.get(i))
            .callTimeout(Duration.ofSeconds(30))
            .build();
        clients.add(c);
        results.add(pool.submit(c::run));
      }
      List<GlobalModel> finals = new ArrayList<>();
      for (Future<FederationResult> f : results) {
        FederationResult r = f.get(100, TimeUnit.SECONDS);
        assertEquals(List.of(1L, 2L, 3L, 4L), r.roundsTrained());
        finals.add(r.model());
      }
      GlobalModel server = controller.result().get(10, TimeUnit.SECONDS);
      for (GlobalModel m : finals) {
        assertArrayEquals(server.parameters(), m.parameters(), 0.0);
        assertEquals(rounds, m.round());
      }
      double auc = BinaryMetrics.auc(Predictor.of(server).predict(test), test.labels());
      assertTrue(auc > 0.7, "federated AUC " + auc);

      List<RoundRecord> history = controller.history();
      assertEquals(rounds, history.size());
      for (RoundRecord r : history) {
        assertEquals(Set.of("bank-a", "bank-b", "bank-c"), Set.copyOf(r.contributors()));
        assertTrue(r.failures().isEmpty());
        assertTrue(r.evaluation().isPresent());
      }
      // checkpoint and round log on disk
      GlobalModel checkpoint = GlobalModelFiles.read(store.checkpointPath("e2e"));
      assertEquals(rounds, checkpoint.round());
      assertArrayEquals(server.parameters(), checkpoint.parameters(), 0.0);
      assertEquals(rounds,
          Files.readAllLines(dataDir.resolve("jobs/e2e/rounds.jsonl")).size());
      return server;
    } finally {
      pool.shutdownNow();
      clients.forEach(BankClient::close);
      coordinator.stop();
    }
  }
}
