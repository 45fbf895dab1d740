package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.BankClient;
import io.fedcredit.client.ClientListener;
import io.fedcredit.client.FederationResult;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.model.FederatedModel.TrainingResult;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Predictor;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import io.fedcredit.core.strategy.Failure;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.wire.GlobalModelFiles;
import io.fedcredit.server.RoundController.RoundRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A coordinator and three banks over real sockets on 127.0.0.1. */
class HorizontalEndToEndTest {

  @Test
  @Timeout(120)
  void threeBanksTrainOneModelOverLoopback(@TempDir Path dataDir) throws Exception {
    GlobalModel plain = run(dataDir, null, null, null);
    assertEquals("none (plaintext aggregation)", plain.provenance().privacy());
  }

  @Test
  @Timeout(120)
  void secureAggregationGivesTheSameModelToFixedPointPrecision(@TempDir Path dataDir)
      throws Exception {
    GlobalModel secure =
        run(dataDir.resolve("secure"), SecureAggregationConfig.defaults(), null, null);
    GlobalModel plain = run(dataDir.resolve("plain"), null, null, null);
    assertTrue(secure.provenance().privacy().startsWith("secagg("));
    // same data, same seeds: only fixed-point rounding (2^-30 on n*delta) separates the two
    assertArrayEquals(plain.parameters(), secure.parameters(), 1e-6);
  }

  @Test
  @Timeout(180)
  void paillierAggregationGivesTheSameModelToFixedPointPrecision(@TempDir Path dataDir)
      throws Exception {
    GlobalModel paillier = run(dataDir.resolve("paillier"), null,
        PaillierAggregationConfig.defaults().withKeyHolder("bank-b"), null);
    GlobalModel plain = run(dataDir.resolve("plain"), null, null, null);
    assertTrue(paillier.provenance().privacy().startsWith("paillier(2048-bit key held by bank-b"),
        paillier.provenance().privacy());
    // same data, same seeds: only fixed-point rounding (2^-15 on n*delta) separates the two
    assertArrayEquals(plain.parameters(), paillier.parameters(), 1e-6);
  }

  /**
   * bank-c is chosen for round 2 and leaves the job before it sends its input (after bank-a and
   * bank-b sent theirs). The protocol goes on with the survivors: the key holder decrypts the sum
   * of two inputs and FedAvg averages them, exactly as plaintext aggregation does with the same
   * dropout; rounds 3 and 4 run with the two remaining banks.
   */
  @Test
  @Timeout(240)
  void aBankDroppingMidRoundUnderPaillierLeavesTheSameModelAsPlaintext(@TempDir Path dataDir)
      throws Exception {
    GlobalModel paillier = run(dataDir.resolve("paillier"), null,
        PaillierAggregationConfig.defaults().withKeyHolder("bank-b"), "bank-c");
    GlobalModel plain = run(dataDir.resolve("plain"), null, null, "bank-c");
    assertArrayEquals(plain.parameters(), paillier.parameters(), 1e-6);
    assertEquals(Set.of("bank-a", "bank-b"), Set.copyOf(paillier.provenance().participants()));
  }

  /**
   * Runs the job over loopback and checks what every party saw.
   *
   * @param dropper a bank that leaves the job in round 2 after the others sent their inputs, or
   *     null for none
   */
  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(100, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other banks did not train round 2");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private GlobalModel run(Path dataDir, SecureAggregationConfig secagg,
      PaillierAggregationConfig paillier, String dropper) throws Exception {
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
        coordinator.addJob(cfg, new FedAvg(FedAvg.Config.everyone(dropper == null ? 3 : 2, tc,
            11)));
    coordinator.start();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<BankClient> clients = new ArrayList<>();
    try {
      List<Future<FederationResult>> results = new ArrayList<>();
      String[] names = {"bank-a", "bank-b", "bank-c"};
      // the survivors' round-2 inputs are in when this opens
      CountDownLatch othersSentRound2 = new CountDownLatch(2);
      for (int i = 0; i < 3; i++) {
        String name = names[i];
        AtomicReference<BankClient> self = new AtomicReference<>();
        ClientListener listener = new ClientListener() {
          @Override
          public void onTrained(long round, TrainingResult result, long millis) {
            if (round == 2 && !name.equals(dropper)) {
              othersSentRound2.countDown();
            }
          }

          @Override
          public void onEvaluated(long round, double auc, long rows) {
            if (round == 1 && name.equals(dropper)) {
              // chosen for round 2 as soon as round 1 is evaluated; vanish mid-round
              await(othersSentRound2);
              self.get().leave("simulated crash in round 2");
              throw new IllegalStateException(name + " dropped out");
            }
          }
        };
        BankClient c = BankClient.builder()
            .coordinator("127.0.0.1:" + coordinator.port(),
                TransportSecurity.plaintextForTesting())
            .jobId("e2e")
            .participantId(name)
            .trainingData(banks.get(i))
            .callTimeout(Duration.ofSeconds(30))
            .listener(listener)
            .build();
        self.set(c);
        clients.add(c);
        results.add(pool.submit(c::run));
      }
      List<GlobalModel> finals = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Future<FederationResult> f = results.get(i);
        if (names[i].equals(dropper)) {
          ExecutionException e = assertThrows(ExecutionException.class,
              () -> f.get(100, TimeUnit.SECONDS));
          assertEquals(dropper + " dropped out", e.getCause().getMessage());
          continue;
        }
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
        Set<String> expected = new HashSet<>(Set.of("bank-a", "bank-b", "bank-c"));
        if (dropper != null && r.round() >= 2) {
          expected.remove(dropper);
        }
        assertEquals(expected, Set.copyOf(r.contributors()), "round " + r.round());
        assertTrue(r.applied(), "round " + r.round());
        if (dropper != null && r.round() == 2) {
          assertEquals(1, r.failures().size());
          assertEquals(dropper, r.failures().get(0).participantId());
          assertEquals(Failure.Kind.LEFT, r.failures().get(0).kind());
        } else {
          assertTrue(r.failures().isEmpty(), "round " + r.round() + ": " + r.failures());
        }
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
