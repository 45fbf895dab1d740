package io.fedcredit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedcredit.client.ConsoleProgress;
import io.fedcredit.client.ModelHalfFiles;
import io.fedcredit.client.VerticalClient;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.vertical.HeteroLrMessages.EpochResult;
import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.FeatureImportance;
import io.fedcredit.core.vertical.PlaintextHeteroLr;
import io.fedcredit.core.vertical.PlaintextSecureBoost;
import io.fedcredit.core.vertical.SecureBoostHostModel;
import io.fedcredit.core.vertical.VerticalGuest;
import io.fedcredit.core.vertical.VerticalHost;
import io.fedcredit.core.vertical.VerticalJobConfig;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.server.Coordinator;
import io.fedcredit.server.FileJobStore;
import io.fedcredit.server.VerticalJobs;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a vertical job end to end in one process over real gRPC on 127.0.0.1: a coordinator (relay
 * and arbiter), the guest and every host as {@link VerticalClient}s on their own threads. The
 * harness, which plays every role, then trains the same algorithm on the joined plaintext rows
 * ({@link PlaintextHeteroLr}) as the baseline, writes each party's model half and a JSON report.
 */
public final class VerticalSimulation {
  private VerticalSimulation() {}

  /**
   * What one simulation produced; {@code importance} (per party, per feature) only for
   * SecureBoost, resolved by this harness, which holds every party's half.
   */
  public record Result(VerticalGuest.Outcome guest, Map<String, VerticalHost.Outcome> hosts,
      double plaintextAuc, double plaintextKs, double keySeconds, double totalSeconds,
      List<Path> modelFiles, Map<String, Double> arbiterPhaseSeconds,
      Map<String, Map<String, FeatureImportance>> importance) {}

  /**
   * Runs the job.
   *
   * @param guestTable the guest's labelled rows
   * @param hostTables each host's rows, by host id
   * @param out folder for the model halves ({@code <party>-model-half.json}; with SecureBoost,
   *     the signed serving files under {@code serving/})
   * @param log progress lines
   */
  public static Result run(VerticalJobConfig cfg, FeatureTable guestTable,
      Map<String, FeatureTable> hostTables, Path out, PrintStream log) throws Exception {
    return run(cfg, guestTable, hostTables, out, log, ConsoleProgress.none());
  }

  /**
   * Runs the job, moving {@code progress} over the epochs (PSI and binning show as the message
   * before the first epoch).
   */
  public static Result run(VerticalJobConfig cfg, FeatureTable guestTable,
      Map<String, FeatureTable> hostTables, Path out, PrintStream log, ConsoleProgress progress)
      throws Exception {
    long t0 = System.nanoTime();
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    double keySeconds = (System.nanoTime() - t0) / 1e9;
    Path store = Files.createTempDirectory("fl-vertical-store");
    ExecutorService pool = Executors.newFixedThreadPool(hostTables.size());
    try (Coordinator coordinator = Coordinator.listening(TransportSecurity.plaintextForTesting(),
        "127.0.0.1", 0, new FileJobStore(store)).start()) {
      VerticalJobs.Running job = coordinator.verticalJobs().start(cfg, keys, e -> { },
          r -> { });
      String target = "127.0.0.1:" + coordinator.port();
      Map<String, Future<VerticalHost.Outcome>> hosts = new LinkedHashMap<>();
      for (Map.Entry<String, FeatureTable> h : hostTables.entrySet()) {
        hosts.put(h.getKey(), pool.submit(() -> {
          try (VerticalClient c = client(target, cfg.jobId(), h.getKey())) {
            return c.runAsHost(h.getValue());
          }
        }));
      }
      VerticalGuest.Outcome g;
      try (VerticalClient c = client(target, cfg.jobId(), cfg.guest())) {
        boolean boosting = cfg.boost() != null;
        progress.stepTo(0, "key, PSI" + (cfg.woe() ? ", WOE binning" : ""));
        g = c.runAsGuest(guestTable, r -> {
          progress.stepTo(r.epoch() + 1, String.format(Locale.ROOT,
              boosting ? "log-loss %.5f" : "Taylor loss %.5f", r.loss()));
          log.printf(Locale.ROOT, boosting ? "tree %d: training log-loss %.5f%n"
              : "epoch %d: Taylor loss %.5f%n", r.epoch() + 1, r.loss());
        });
        progress.close();
      }
      Map<String, VerticalHost.Outcome> hostOut = new LinkedHashMap<>();
      for (Map.Entry<String, Future<VerticalHost.Outcome>> e : hosts.entrySet()) {
        hostOut.put(e.getKey(), e.getValue().get());
      }
      job.result().get();
      double total = (System.nanoTime() - t0) / 1e9;

      if (cfg.boost() != null) {
        return boosted(cfg, g, hostOut, keySeconds, total, job.arbiter().phaseSeconds(), out);
      }
      List<Path> files = new ArrayList<>();
      Files.createDirectories(out);
      Path gf = out.resolve(cfg.guest() + "-model-half.json");
      ModelHalfFiles.write(g.half(), gf);
      files.add(gf);
      for (Map.Entry<String, VerticalHost.Outcome> e : hostOut.entrySet()) {
        Path hf = out.resolve(e.getKey() + "-model-half.json");
        ModelHalfFiles.write(e.getValue().half(), hf);
        files.add(hf);
      }
      double auc = Double.NaN;
      double ks = Double.NaN;
      if (hostOut.size() == 1) {
        PlaintextHeteroLr plain = new PlaintextHeteroLr(g.trainingTable(),
            hostOut.values().iterator().next().trainingTable(), cfg.lr());
        plain.train();
        auc = BinaryMetrics.auc(plain.predict(), plain.labels());
        ks = BinaryMetrics.ks(plain.predict(), plain.labels());
      }
      return new Result(g, hostOut, auc, ks, keySeconds, total, files,
          job.arbiter().phaseSeconds(), Map.of());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A SecureBoost job's result: the plaintext twin (the same boosting on the joined training
   * rows, with every party's own bins) as the baseline, importance per party, and each party's
   * half signed for online scoring ({@link SimulationServing#secureBoost}, under
   * {@code out/serving}).
   */
  private static Result boosted(VerticalJobConfig cfg, VerticalGuest.Outcome g,
      Map<String, VerticalHost.Outcome> hosts, double keySeconds, double total,
      Map<String, Double> arbiterSeconds, Path out) throws Exception {
    Map<String, FeatureTable> hostTrain = new LinkedHashMap<>();
    Map<String, List<BinEdges>> hostEdges = new LinkedHashMap<>();
    List<SecureBoostHostModel> halves = new ArrayList<>();
    hosts.forEach((h, o) -> {
      hostTrain.put(h, o.trainingTable());
      hostEdges.put(h, BinnedFeatures.quantileEdges(o.trainingTable(), cfg.boost().maxBins()));
      halves.add(o.trees());
    });
    FeatureTable joined = PlaintextSecureBoost.join(g.trainingTable(), hostTrain);
    BoostedTrees plain = PlaintextSecureBoost.train(joined,
        BinnedFeatures.quantileEdges(g.trainingTable(), cfg.boost().maxBins()), hostEdges,
        cfg.boost());
    double[] p = plain.predict(joined);
    return new Result(g, hosts, BinaryMetrics.auc(p, joined.labels()),
        BinaryMetrics.ks(p, joined.labels()), keySeconds, total,
        SimulationServing.secureBoost(cfg.guest(), g, hosts, cfg.jobId(), out), arbiterSeconds,
        PlaintextSecureBoost.importanceByParty(cfg.guest(), g.trees(), halves));
  }

  private static VerticalClient client(String target, String jobId, String party) {
    return VerticalClient.builder().coordinator(target, TransportSecurity.plaintextForTesting())
        .jobId(jobId).partyId(party).build();
  }

  /** The JSON report (format in docs/VERTICAL.md). */
  static ObjectNode report(VerticalJobConfig cfg, Map<String, Integer> inputRows, Result r) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("job", cfg.jobId());
    root.put("model", cfg.model());
    root.put("woe", cfg.woe());
    ObjectNode rows = root.putObject("inputRows");
    inputRows.forEach(rows::put);
    ObjectNode inter = root.putObject("intersection");
    inter.put("size", r.guest().intersectionSize());
    inter.put("trainRows", r.guest().trainRows());
    inter.put("testRows", r.guest().testRows());
    ObjectNode fin = root.putObject("final");
    fin.put("auc", r.guest().trainAuc());
    fin.put("ks", r.guest().trainKs());
    if (r.guest().testRows() > 0) {
      ObjectNode test = fin.putObject("test");
      test.put("fraction", cfg.testFraction());
      test.put("auc", r.guest().testAuc());
      test.put("ks", r.guest().testKs());
    }
    ArrayNode epochs = root.putArray("epochs");
    for (int i = 0; i < r.guest().epochs().size(); i++) {
      EpochResult e = r.guest().epochs().get(i);
      ObjectNode n = epochs.addObject();
      n.put("epoch", e.epoch() + 1);
      n.put("loss", e.loss());
      n.put("seconds", r.guest().epochSeconds().get(i));
    }
    ObjectNode iv = root.putObject("iv");
    r.guest().informationValues().forEach(iv::put);
    ObjectNode features = root.putObject("features");
    features.putPOJO(cfg.guest(), r.guest().guestFeatures());
    r.guest().hostFeatures().forEach(features::putPOJO);
    if (cfg.boost() != null) {
      BoostingConfig b = cfg.boost();
      ObjectNode settings = root.putObject("boosting");
      settings.put("trees", b.trees());
      settings.put("maxDepth", b.maxDepth());
      settings.put("learningRate", b.learningRate());
      settings.put("l2", b.l2());
      settings.put("minChildSamples", b.minChildSamples());
      settings.put("rowSample", b.rowSample());
      settings.put("featureSample", b.featureSample());
      settings.put("bins", b.maxBins());
      ObjectNode importance = root.putObject("importance");
      r.importance().forEach((party, byName) ->
          SimulationReport.importance(importance.putObject(party), byName));
    }
    ObjectNode base = root.putObject("baselines").putObject("plaintext");
    base.put("algorithm", cfg.boost() != null
        ? "the same boosting (quantized gradients, the parties' own bins, seeds) on the joined "
            + "plaintext training rows"
        : "the same hetero LR (Taylor loss, batches, quantization) on the joined plaintext "
            + "training rows");
    base.put("auc", r.plaintextAuc());
    base.put("ks", r.plaintextKs());
    ObjectNode timing = root.putObject("timing");
    timing.put("keyGenerationSeconds", r.keySeconds());
    timing.put("totalSeconds", r.totalSeconds());
    ObjectNode phases = timing.putObject("phaseSeconds");
    r.guest().phaseSeconds().forEach(phases::put);
    r.hosts().values().forEach(h -> h.phaseSeconds().forEach(phases::put));
    r.arbiterPhaseSeconds().forEach(phases::put);
    ArrayNode files = root.putArray("modelFiles");
    r.modelFiles().forEach(p -> files.add(p.toString()));
    return root;
  }
}
