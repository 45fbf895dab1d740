package io.fedcredit.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedcredit.client.ConsoleProgress;
import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.logging.LogFormat;
import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.vertical.HeteroLrConfig;
import io.fedcredit.core.vertical.VerticalJobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/fl simulate vertical}. */
@Command(name = "vertical", mixinStandardHelpOptions = true,
    description = {"A bank (guest, with labels) and data nodes (hosts, features only) run PSI, "
        + "then optional federated WOE/IV binning and hetero logistic regression, or "
        + "SecureBoost trees, through a coordinator, in one process over gRPC on 127.0.0.1.",
        "The report compares the federated model with the same algorithm on the joined plaintext "
            + "rows. The last line of output is 'final auc=<x> ks=<y>' (training rows)."})
final class VerticalSimulateCommand implements Callable<Integer> {
  @Option(names = "--guest", required = true, paramLabel = "NAME=FILE.csv",
      description = "The guest's labelled rows (id, label, features).")
  Map<String, Path> guest = new LinkedHashMap<>();

  @Option(names = "--host", required = true, paramLabel = "NAME=FILE.csv",
      description = "A host's rows (id, features). Repeat per host.")
  Map<String, Path> hosts = new LinkedHashMap<>();

  @Option(names = "--model", defaultValue = "hetero-lr",
      description = "hetero-lr or secureboost (default: ${DEFAULT-VALUE}).")
  String model;

  @picocli.CommandLine.Mixin
  TreeOptions tree = new TreeOptions();

  @Option(names = "--epochs", defaultValue = "3", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "1024",
      description = "Rows per mini-batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--learning-rate",
      description = "Initial learning rate of hetero-lr (default: 0.15), or the shrinkage of "
          + "secureboost (default: 0.1).")
  Double learningRate;

  @Option(names = "--test-fraction", defaultValue = "0",
      description = "Share of the intersection held out for evaluation (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--woe", description = "Federated binning: train on WOE features, report IV, "
      + "export scorecard halves.")
  boolean woe;

  @Option(names = "--bins", description = "Quantile bins per feature (default: 10 for "
      + "--woe, 32 for secureboost).")
  Integer bins;

  @Option(names = "--iv-threshold", defaultValue = "0", description = "With --woe, drop features "
      + "whose IV is below this (default: ${DEFAULT-VALUE}).")
  double ivThreshold;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of batches and the test split "
      + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--id-column", defaultValue = "id", description = "Id column (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(names = "--label-column", defaultValue = "y", description = "Label column (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Option(names = "--report", paramLabel = "FILE.json", description = "Write the JSON report here.")
  Path report;

  @Option(names = "--out", defaultValue = "fl-vertical-out",
      description = {"Folder for the parties' model halves (default: ${DEFAULT-VALUE}).",
          "secureboost: each party's half signed for online scoring (serving/<party>.fcm, in a "
              + "throw-away federation on loopback, kits in serving/federation/kits), served by "
              + "bin/fl serve data-node and bin/fl score."})
  Path out;

  @Override
  public Integer call() throws Exception {
    boolean boost = model.equals("secureboost");
    if (!boost && !model.equals("hetero-lr")) {
      throw new IllegalArgumentException("--model '" + model + "': use hetero-lr or secureboost");
    }
    if (boost && woe) {
      throw new IllegalArgumentException("--woe feeds hetero-lr's scorecard; secureboost bins "
          + "its own features (--bins)");
    }
    if (guest.size() != 1) {
      throw new IllegalArgumentException("--guest: exactly one guest, got " + guest.keySet());
    }
    String guestName = guest.keySet().iterator().next();
    FeatureTable g = new CsvTableReader(CsvOptions.labelled(labelColumn).withIdColumn(idColumn))
        .read(guest.get(guestName));
    CsvTableReader hostReader = new CsvTableReader(CsvOptions.unlabelled().withIdColumn(idColumn));
    Map<String, FeatureTable> h = new LinkedHashMap<>();
    Map<String, Integer> rows = new LinkedHashMap<>();
    rows.put(guestName, g.rows());
    for (Map.Entry<String, Path> e : hosts.entrySet()) {
      h.put(e.getKey(), hostReader.read(e.getValue()));
      rows.put(e.getKey(), h.get(e.getKey()).rows());
    }
    HeteroLrConfig d = HeteroLrConfig.defaults(seed);
    HeteroLrConfig lr = new HeteroLrConfig(epochs, batchSize,
        learningRate != null && !boost ? learningRate : 0.15, d.decay(), d.l2(),
        d.tolerance(), seed, d.featureBits(), d.residualBits(), d.maskBits(),
        Math.min(d.lossRows(), batchSize));
    BoostingConfig trees = !boost ? null
        : tree.config(learningRate, bins != null ? bins : 32, seed);
    VerticalJobConfig cfg = new VerticalJobConfig("simulation-vertical", guestName,
        new ArrayList<>(h.keySet()), lr, woe, bins != null && !boost ? bins : 10, ivThreshold,
        testFraction, Scorecard.Scale.standard(), trees);
    System.out.printf(Locale.ROOT, "guest %s: %d rows x %d features; %s%n", guestName, g.rows(),
        g.numFeatures(), describe(h));
    VerticalSimulation.Result r;
    try (ConsoleProgress progress = boost
        ? ConsoleProgress.start("trees", trees.trees(), false)
        : ConsoleProgress.start("vertical epochs", epochs, false)) {
      if (progress.isDrawn()) {
        LogFormat.TEXT.apply(true); // log lines replace the bar, which redraws below them
      }
      r = VerticalSimulation.run(cfg, g, h, out, System.out, progress);
    } finally {
      LogFormat.TEXT.apply();
    }
    ObjectNode json = VerticalSimulation.report(cfg, rows, r);
    if (report != null) {
      SimulationReport.write(json, report);
    }
    System.out.printf(Locale.ROOT, "intersection %d rows (%d training, %d test)%n",
        r.guest().intersectionSize(), r.guest().trainRows(), r.guest().testRows());
    if (!r.guest().informationValues().isEmpty()) {
      r.guest().informationValues().forEach((f, iv) -> System.out.printf(Locale.ROOT,
          "  IV %-20s %.4f%n", f, iv));
    }
    System.out.printf(Locale.ROOT, "plaintext same algorithm: auc=%.4f ks=%.4f%n",
        r.plaintextAuc(), r.plaintextKs());
    r.importance().forEach((party, features) -> features.forEach((f, imp) -> {
      if (imp.splits() > 0) {
        System.out.printf(Locale.ROOT, "  importance %-12s %-20s splits %4d gain %10.3f%n",
            party, f, imp.splits(), imp.gain());
      }
    }));
    if (r.guest().testRows() > 0) {
      System.out.printf(Locale.ROOT, "test auc=%.4f ks=%.4f%n", r.guest().testAuc(),
          r.guest().testKs());
    }
    System.out.printf(Locale.ROOT, "model halves: %s; total %.1f s%n", r.modelFiles(),
        r.totalSeconds());
    if (boost) {
      SimulationServing.commands(System.out, out, guestName, r.modelFiles(), hosts,
          r.guest().trainingTable(), r.guest().trainingTable().schema().featureNames());
    }
    json.with("timing").with("phaseSeconds").fields().forEachRemaining(e -> System.out.printf(
        Locale.ROOT, "  %-45s %8.1f s%n", e.getKey(), e.getValue().asDouble()));
    System.out.printf(Locale.ROOT, "final auc=%.4f ks=%.4f%n", r.guest().trainAuc(),
        r.guest().trainKs());
    return 0;
  }

  private static String describe(Map<String, FeatureTable> hosts) {
    StringBuilder sb = new StringBuilder();
    hosts.forEach((k, v) -> sb.append("host ").append(k).append(": ").append(v.rows())
        .append(" rows x ").append(v.numFeatures()).append(" features; "));
    return sb.toString();
  }
}
