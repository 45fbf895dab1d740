package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.BankClient;
import io.fedcredit.client.ClientCli;
import io.fedcredit.client.FederationException;
import io.fedcredit.client.FederationResult;
import io.fedcredit.client.scoring.CreditScorer;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.CsvTableWriter;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.horizontal.FederatedBinning;
import io.fedcredit.core.horizontal.HorizontalBoosting;
import io.fedcredit.core.horizontal.SecAggSum;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.protocol.BoostingJobConfig;
import io.fedcredit.core.protocol.HorizontalBoostingProtocol;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.RoundRef;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import io.fedcredit.core.serving.CutOff;
import io.fedcredit.core.serving.ModelTrust;
import io.fedcredit.core.serving.ScoreResult;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.testing.SharedData;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.GradientBoosting;
import io.fedcredit.core.wire.HorizontalBoostWire;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.proto.CoordinatorGrpc;
import io.fedcredit.server.provision.TestFederation;
import io.fedcredit.proto.UpdateChunk;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Horizontal histogram boosting between a coordinator and three bank clients over real sockets on
 * 127.0.0.1 (plaintext transport, as tests may): the trees equal the in-process {@link
 * HorizontalBoosting}'s, the coordinator receives only masked words and reads only their sums, a
 * bank that dies mid-tree aborts the job for everyone before any deadline of the test, and a
 * restarted coordinator refuses to start the job over.
 */
class HorizontalBoostingEndToEndTest {
  private static final String JOB = "hboost-e2e";

  /** What crossed the wire and what the coordinator read. */
  private static final class Observed {
    /** round -> participant -> the masked words it uploaded. */
    final Map<Long, Map<String, long[]>> uploads = new ConcurrentHashMap<>();
    /** round -> the unmasked sum the coordinator read. */
    final Map<Long, long[]> sums = new ConcurrentHashMap<>();
  }

  /** Records every update the coordinator receives, reassembled per participant and round. */
  private static ServerInterceptor recorder(Observed seen) {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        ServerCall.Listener<Q> inner = next.startCall(call, headers);
        if (!call.getMethodDescriptor().getFullMethodName()
            .equals(CoordinatorGrpc.getSubmitUpdateMethod().getFullMethodName())) {
          return inner;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(inner) {
          private long round;
          private String party;
          private final List<Long> words = new ArrayList<>();

          @Override
          public void onMessage(Q message) {
            UpdateChunk c = (UpdateChunk) message;
            if (c.hasHeader()) {
              round = c.getHeader().getRef().getRound();
              party = c.getHeader().getRef().getParticipantId();
            } else {
              words.addAll(c.getValues().getWordsList());
            }
            super.onMessage(message);
          }

          @Override
          public void onHalfClose() {
            seen.uploads.computeIfAbsent(round, r -> new ConcurrentHashMap<>()).put(party,
                words.stream().mapToLong(Long::longValue).toArray());
            super.onHalfClose();
          }
        };
      }
    };
  }

  private static BoostingJobConfig config(List<String> features, BoostingConfig cfg,
      long phaseMillis) {
    return new BoostingJobConfig(JOB, features, cfg, 3, Set.of("bank-a", "bank-b", "bank-c"),
        phaseMillis, 60_000, 60_000, 2_000, SecureAggregationConfig.defaults());
  }

  /** Runs the job over loopback; {@code channels} may replace a bank's channel. */
  private static Map<String, Future<FederationResult>> runBanks(Coordinator coordinator,
      Map<String, FeatureTable> tables, Map<String, Channel> channels, ExecutorService pool,
      List<BankClient> clients) {
    return runBanks(coordinator, tables, channels, id -> TransportSecurity.plaintextForTesting(),
        pool, clients);
  }

  /** Runs the job over loopback, each bank with its transport unless it has a channel. */
  private static Map<String, Future<FederationResult>> runBanks(Coordinator coordinator,
      Map<String, FeatureTable> tables, Map<String, Channel> channels,
      Function<String, TransportSecurity> transport, ExecutorService pool,
      List<BankClient> clients) {
    Map<String, Future<FederationResult>> results = new LinkedHashMap<>();
    tables.forEach((id, rows) -> {
      BankClient.Builder b = BankClient.builder().jobId(JOB).participantId(id)
          .trainingData(rows).callTimeout(Duration.ofSeconds(30));
      if (channels.containsKey(id)) {
        b.channel(channels.get(id)).retryBudget(Duration.ofSeconds(1));
      } else {
        b.coordinator("127.0.0.1:" + coordinator.port(), transport.apply(id));
      }
      BankClient c = b.build();
      clients.add(c);
      results.put(id, pool.submit(c::run));
    });
    return results;
  }

  @Test
  @Timeout(180)
  void threeBanksOverLoopbackGrowTheInProcessTrees(@TempDir Path dataDir) throws Exception {
    FeatureTable all = TestTables.logistic(1_800, 5, 0.3, 71, "g");
    Map<String, FeatureTable> tables = TestTables.deal(all, 3);
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(5).withMaxBins(16)
        .withSampling(0.8, 0.8, 3);
    BoostedTrees expected = HorizontalBoosting.train(tables, cfg,
        new SecAggSum("in-process", new SecureRandom()), null, t -> { }).model();

    Observed seen = new Observed();
    FileJobStore store = new FileJobStore(dataDir);
    Coordinator coordinator = new Coordinator(TransportSecurity.plaintextForTesting()
        .serverBuilder("127.0.0.1", 0).intercept(recorder(seen)), store,
        System::currentTimeMillis);
    BoostingController job = coordinator.addBoostingJob(
        config(all.schema().featureNames(), cfg, 60_000));
    CoordinatorMetrics metrics = new CoordinatorMetrics(System::nanoTime);
    metrics.watch(job);
    job.addListener(new HorizontalBoostingProtocol.Listener() {
      @Override
      public void onSum(long round, String purpose, long[] sum) {
        seen.sums.put(round, sum.clone());
      }
    });
    coordinator.start();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<BankClient> clients = new ArrayList<>();
    try {
      Map<String, Future<FederationResult>> results =
          runBanks(coordinator, tables, Map.of(), pool, clients);
      for (Map.Entry<String, Future<FederationResult>> r : results.entrySet()) {
        FederationResult fr = r.getValue().get(150, TimeUnit.SECONDS);
        assertEquals(expected, fr.boostedTrees(), r.getKey());
        assertEquals(job.secureRounds(), fr.roundsTrained().size());
      }
      assertEquals(expected, job.result().get(10, TimeUnit.SECONDS));
      String scraped = metrics.scrape();
      assertTrue(scraped.contains("fedcredit_rounds_completed_total{job=\"" + JOB + "\"} 5.0")
          && scraped.contains("fedcredit_round{job=\"" + JOB + "\"} " + job.secureRounds()
              + ".0")
          && scraped.contains("fedcredit_phase_seconds_count{job=\"" + JOB
              + "\",phase=\"SECAGG_UNMASK\"} " + job.secureRounds() + "\n"), scraped);

      // the model file a bank saves reads back to the same trees
      Path file = dataDir.resolve("bank-a-model.pb");
      HorizontalBoostWire.write(expected, JOB, file);
      assertEquals(expected, HorizontalBoostWire.read(file));

      // the coordinator got one masked vector per bank and round, and read only their sums
      assertEquals(job.secureRounds(), seen.uploads.size());
      assertEquals(job.secureRounds(), seen.sums.size());
      List<String> features = all.schema().featureNames();
      long[] coarse = new long[features.size() * FederatedBinning.COARSE_CELLS + 2];
      long[] fine = new long[features.size() * FederatedBinning.FINE_CELLS];
      FederatedBinning.Ranges ranges = FederatedBinning.ranges(seen.sums.get(1L), features.size());
      for (Map.Entry<String, FeatureTable> t : tables.entrySet()) {
        long[] c = FederatedBinning.coarseCounts(t.getValue());
        long[] f = FederatedBinning.fineCounts(t.getValue(), ranges);
        assertMasked(c, seen.uploads.get(1L).get(t.getKey()), t.getKey());
        assertMasked(f, seen.uploads.get(2L).get(t.getKey()), t.getKey());
        IntStream.range(0, c.length).forEach(i -> coarse[i] += c[i]);
        IntStream.range(0, f.length).forEach(i -> fine[i] += f[i]);
      }
      assertArrayEquals(coarse, seen.sums.get(1L));
      assertArrayEquals(fine, seen.sums.get(2L));
      for (Map.Entry<Long, Map<String, long[]>> u : seen.uploads.entrySet()) {
        assertEquals(Set.of("bank-a", "bank-b", "bank-c"), u.getValue().keySet());
        assertEquals(seen.sums.get(u.getKey()).length,
            u.getValue().get("bank-a").length, "round " + u.getKey());
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(BankClient::close);
      coordinator.stop();
    }

    // a restarted coordinator refuses to start the job over
    Coordinator restarted = Coordinator.listening(TransportSecurity.plaintextForTesting(),
        "127.0.0.1", 0, new FileJobStore(dataDir));
    FedCreditException again = assertThrows(FedCreditException.class,
        () -> restarted.addBoostingJob(config(all.schema().featureNames(), cfg, 60_000)));
    assertTrue(again.getMessage().contains("cannot resume after a restart"), again.getMessage());
  }

  /** A masked vector has the plain one's length and shares (almost) none of its words. */
  private static void assertMasked(long[] plain, long[] masked, String bank) {
    assertEquals(plain.length, masked.length, bank);
    int same = 0;
    for (int i = 0; i < plain.length; i++) {
      same += plain[i] == masked[i] ? 1 : 0;
    }
    assertTrue(same <= plain.length / 100, bank + ": " + same + " of " + plain.length
        + " uploaded words equal its plain counts");
  }

  /** Fails every call once {@code afterUploads} updates went through: a crashed bank. */
  private static ClientInterceptor crashAfter(int afterUploads) {
    AtomicInteger uploads = new AtomicInteger();
    return new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method,
          CallOptions options, Channel next) {
        if (method.getFullMethodName().equals(
            CoordinatorGrpc.getSubmitUpdateMethod().getFullMethodName())) {
          uploads.incrementAndGet();
        }
        if (uploads.get() <= afterUploads) {
          return next.newCall(method, options);
        }
        return new ClientCall<>() {
          @Override
          public void start(Listener<A> listener, Metadata headers) {
            listener.onClose(Status.UNAVAILABLE.withDescription("test: the bank crashed"),
                new Metadata());
          }

          @Override
          public void request(int n) {}

          @Override
          public void cancel(String message, Throwable cause) {}

          @Override
          public void halfClose() {}

          @Override
          public void sendMessage(Q message) {}
        };
      }
    };
  }

  @Test
  @Timeout(90)
  void aBankDyingMidTreeAbortsTheJobForEveryBank(@TempDir Path dataDir) throws Exception {
    FeatureTable all = TestTables.logistic(1_200, 4, 0.0, 72, "k");
    Map<String, FeatureTable> tables = TestTables.deal(all, 3);
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(3).withMaxBins(8);
    Coordinator coordinator = Coordinator.listening(TransportSecurity.plaintextForTesting(),
        "127.0.0.1", 0, new FileJobStore(dataDir));
    BoostingController job = coordinator.addBoostingJob(
        config(all.schema().featureNames(), cfg, 3_000));
    coordinator.start();
    ManagedChannel raw = TransportSecurity.plaintextForTesting()
        .channel("127.0.0.1:" + coordinator.port());
    // bank-c sends the binning counts and the root histograms, then dies (tree 0, level 1)
    Channel dying = ClientInterceptors.intercept(raw, crashAfter(3));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<BankClient> clients = new ArrayList<>();
    try {
      Map<String, Future<FederationResult>> results =
          runBanks(coordinator, tables, Map.of("bank-c", dying), pool, clients);
      for (Map.Entry<String, Future<FederationResult>> r : results.entrySet()) {
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> r.getValue().get(60, TimeUnit.SECONDS));
        FederationException f = assertInstanceOf(FederationException.class, e.getCause());
        if (r.getKey().equals("bank-c")) {
          assertTrue(f.getMessage().contains("UNAVAILABLE"), f.getMessage());
        } else {
          assertTrue(f.getMessage().contains("aborted by the coordinator")
              && f.getMessage().contains("[bank-c]") && f.getMessage().contains("tree 0"),
              f.getMessage());
        }
      }
      ExecutionException aborted = assertThrows(ExecutionException.class,
          () -> job.result().get(10, TimeUnit.SECONDS));
      assertInstanceOf(JobAbortedException.class, aborted.getCause());
      assertEquals(HorizontalBoostingProtocol.Phase.ABORTED, job.phase());
      assertEquals(4, job.secureRounds(), "died in the second level of the first tree");
      assertTrue(job.model().trees().isEmpty());
    } finally {
      pool.shutdownNow();
      clients.forEach(BankClient::close);
      raw.shutdownNow();
      coordinator.stop();
    }
  }

  /**
   * Under mutual TLS (the default outside tests) every bank's secure-aggregation keys of every
   * secure sum are bound to its certificate and checked by the coordinator and the other banks:
   * the job completes with the in-process trees. Bank A runs {@code bin/fl client} with its kit
   * and {@code --serving-output}: its signed serving file loads with the federation's CA and a
   * {@link CreditScorer} (whole model, no data node) scores every row as the trees predict.
   */
  @Test
  @Timeout(180)
  void overMutualTlsTheBanksGrowTheSameTrees(@TempDir Path dir) throws Exception {
    Path kits = TestFederation.provision(dir.resolve("fed"));
    FeatureTable all = TestTables.logistic(900, 3, 0.2, 73, "m");
    Map<String, FeatureTable> tables = TestTables.deal(all, 3);
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(3).withMaxBins(8);
    BoostedTrees expected = HorizontalBoosting.train(tables, cfg,
        new SecAggSum("in-process", new SecureRandom()), null, t -> { }).model();
    TransportSecurity serverTls = TransportSecurity.mutualTls(
        StartupKit.load(kits.resolve("coordinator")));
    Coordinator coordinator = Coordinator.listening(serverTls, "127.0.0.1", 0,
        new FileJobStore(dir.resolve("data")));
    BoostingController job = coordinator.addBoostingJob(
        config(all.schema().featureNames(), cfg, 60_000));
    coordinator.restrictParties(JOB, Map.of("bank-a", PartyRole.BANK, "bank-b", PartyRole.BANK,
        "bank-c", PartyRole.BANK));
    coordinator.start();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<BankClient> clients = new ArrayList<>();
    try {
      FeatureTable bankA = tables.get("bank-a");
      Path csv = dir.resolve("bank-a.csv");
      new CsvTableWriter().write(bankA, csv);
      Path fcm = dir.resolve("bank-a-gbdt.fcm");
      Future<Integer> cli = pool.submit(() -> new CommandLine(new ClientCli()).execute(
          "--kit", kits.resolve("bank-a").toString(), "--coordinator",
          "127.0.0.1:" + coordinator.port(), "--job", JOB, "--data", csv.toString(),
          "--output", dir.resolve("bank-a-trees.pb").toString(), "--serving-output",
          fcm.toString()));
      Map<String, FeatureTable> others = new LinkedHashMap<>(tables);
      others.remove("bank-a");
      Map<String, Future<FederationResult>> results = runBanks(coordinator, others, Map.of(),
          id -> TransportSecurity.mutualTls(StartupKit.load(kits.resolve(id))), pool, clients);
      for (Map.Entry<String, Future<FederationResult>> r : results.entrySet()) {
        assertEquals(expected, r.getValue().get(150, TimeUnit.SECONDS).boostedTrees(),
            r.getKey());
      }
      assertEquals(0, cli.get(150, TimeUnit.SECONDS));
      assertEquals(expected, HorizontalBoostWire.read(dir.resolve("bank-a-trees.pb")));
      assertEquals(expected, job.result().get(10, TimeUnit.SECONDS));

      // the serving file: signed by bank A, trusted through the federation's CA
      ServingModel served = ServingModelFiles.read(fcm,
          ModelTrust.of(StartupKit.load(kits.resolve("bank-b"))));
      assertEquals(JOB + "/gbdt", served.modelId());
      assertEquals(1, served.version());
      assertEquals(ServingModel.Kind.TREES, served.kind());
      assertEquals(ServingModel.Part.WHOLE, served.part());
      assertEquals("bank-a", served.party());
      assertEquals(expected, served.trees().trees());
      double[] predicted = expected.predict(bankA);
      List<String> features = bankA.schema().featureNames();
      try (CreditScorer scorer = CreditScorer.builder().model(served)
          .cutOff(CutOff.maxProbabilityOfDefault(0.5))
          .auditLog(dir.resolve("audit.jsonl")).build()) {
        for (int r = 0; r < bankA.rows(); r++) {
          Map<String, Double> row = new LinkedHashMap<>();
          for (int j = 0; j < features.size(); j++) {
            row.put(features.get(j), bankA.value(r, j));
          }
          ScoreResult s = scorer.score(bankA.id(r), row);
          assertEquals(predicted[r], s.scored().orElseThrow(() -> new AssertionError(
              s.outcome().toString())).probabilityOfDefault(), 1e-9, bankA.id(r));
        }
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(BankClient::close);
      coordinator.stop();
    }
  }

  @Test
  void aBoostingJobRefusesTheCallsOfLinearJobsNamingWhatItTakes() throws Exception {
    BoostingController job = new BoostingController(config(List.of("x0", "x1"),
        BoostingConfig.defaults(), 1_000), JobStore.none(), System::currentTimeMillis);
    try {
      Rejection r = assertThrows(Rejection.class,
          () -> job.download(new RoundRef(JOB, 0, "bank-a")));
      assertEquals(Rejection.Reason.WRONG_PHASE, r.reason());
      assertTrue(r.getMessage().contains("model download")
          && r.getMessage().contains("horizontal boosting job"), r.getMessage());
      Rejection p = assertThrows(Rejection.class,
          () -> job.submitDecryptedSum(new RoundRef(JOB, 1, "bank-a"), new long[1]));
      assertEquals(Rejection.Reason.WRONG_PHASE, p.reason());
    } finally {
      job.close();
    }
  }

  /**
   * default_credit_homo's three banks over gRPC on loopback, 100 trees of depth 3, rate 0.1, 32
   * bins: the same trees as the in-process run, and test AUC within 0.005 of the same boosting
   * on the pooled rows (in-process horizontal boosting: 0.7851, pooled 0.7860, scikit-learn
   * 0.7854).
   */
  @Test
  @Tag("slow")
  @Timeout(1800)
  void defaultCreditHomoOverGrpcMatchesPooledTraining(@TempDir Path dataDir) throws Exception {
    Map<String, FeatureTable> banks = SharedData.defaultCreditHomoBanks();
    FeatureTable test = new CsvTableReader(CsvOptions.labelled("y"))
        .read(SharedData.file(SharedData.DEFAULT_CREDIT_HOMO_TEST));
    BoostingConfig cfg = BoostingConfig.defaults();
    Coordinator coordinator = Coordinator.listening(TransportSecurity.plaintextForTesting(),
        "127.0.0.1", 0, new FileJobStore(dataDir));
    BoostingController job = coordinator.addBoostingJob(
        config(banks.get("bank-a").schema().featureNames(), cfg, 120_000));
    coordinator.start();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<BankClient> clients = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      Map<String, Future<FederationResult>> results =
          runBanks(coordinator, banks, Map.of(), pool, clients);
      BoostedTrees fed = null;
      for (Future<FederationResult> r : results.values()) {
        BoostedTrees m = r.get(1700, TimeUnit.SECONDS).boostedTrees();
        if (fed != null) {
          assertEquals(fed, m);
        }
        fed = m;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      // the baseline in the same run: every party in this process, no sockets
      long t1 = System.nanoTime();
      BoostedTrees inProcess = HorizontalBoosting.train(banks, cfg,
          new SecAggSum("in-process", new SecureRandom()), null, t -> { }).model();
      double inProcessSeconds = (System.nanoTime() - t1) / 1e9;
      assertEquals(inProcess, fed, "gRPC and in-process trees");
      BoostedTrees pooled = GradientBoosting.train(
          FeatureTable.concat(List.copyOf(banks.values())), cfg);
      double aucFed = BinaryMetrics.auc(fed.predict(test), test.labels());
      double aucPooled = BinaryMetrics.auc(pooled.predict(test), test.labels());
      System.out.printf("default_credit_homo over gRPC: federated test AUC %.4f (%d secure "
          + "rounds, %.1f s; the same trees in process: %.1f s), pooled plaintext %.4f, "
          + "scikit-learn pooled 0.7854%n", aucFed, job.secureRounds(), seconds,
          inProcessSeconds, aucPooled);
      assertEquals(aucPooled, aucFed, 0.005, "federated " + aucFed + " vs pooled " + aucPooled);
    } finally {
      pool.shutdownNow();
      clients.forEach(BankClient::close);
      coordinator.stop();
    }
  }
}
