package io.fedcredit.examples;

import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.privacy.DpConfig;
import io.fedcredit.core.privacy.PrivacyReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/fl bench dp}: the price of client-level differential privacy. Pools the three
 * default_credit_homo banks, deals the rows to K simulated banks, and trains federated logistic
 * regression without and with DP at a given (epsilon, delta), scoring both on
 * default_credit_homo_test in the same run.
 */
@Command(name = "dp", mixinStandardHelpOptions = true,
    description = "Test AUC with and without client-level DP, for several numbers of banks.")
final class DpUtilityCommand implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = "../shared/data",
      description = "Folder with FATE's default_credit_homo_*.csv (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--banks", split = ",", defaultValue = "3,30",
      description = "Numbers of simulated banks (default: ${DEFAULT-VALUE}).")
  List<Integer> banks;

  @Option(names = "--epsilon", defaultValue = "1.0", description = "Budget (default: ${DEFAULT-VALUE}).")
  double epsilon;

  @Option(names = "--delta", defaultValue = "1e-5", description = "Budget (default: ${DEFAULT-VALUE}).")
  double delta;

  @Option(names = "--clip", split = ",", defaultValue = "0.5",
      description = "L2 clip norms to try (default: ${DEFAULT-VALUE}).")
  List<Double> clips;

  @Option(names = "--rounds", split = ",", defaultValue = "20",
      description = "Round counts to try (default: ${DEFAULT-VALUE}).")
  List<Integer> rounds;

  @Override
  public Integer call() throws Exception {
    CsvTableReader reader = new CsvTableReader(CsvOptions.labelled("y"));
    FeatureTable pooled = FeatureTable.concat(List.of(
        reader.read(dataDir.resolve("default_credit_homo_guest.csv")),
        reader.read(dataDir.resolve("default_credit_homo_host_1.csv")),
        reader.read(dataDir.resolve("default_credit_homo_host_2.csv"))));
    FeatureTable test = reader.read(dataDir.resolve("default_credit_homo_test.csv"));
    ModelSpec spec = Models.defaultSpec(ModelSpec.Kind.LOGREG, pooled.numFeatures(), 42);
    System.out.printf(Locale.ROOT, "%-6s %-7s %-6s %-9s %-14s %-10s %-10s%n", "banks",
        "rounds", "clip", "z", "epsilon", "AUC plain", "AUC DP");
    for (int k : banks) {
      Map<String, FeatureTable> parts = deal(pooled, k, 11);
      for (int r : rounds) {
        double plain = run(parts, test, spec, r, null).federated().auc();
        for (double clip : clips) {
          DpConfig dp = DpConfig.centralForBudget(epsilon, delta, r, clip);
          HorizontalSimulation.Result res = run(parts, test, spec, r, dp);
          PrivacyReport last = res.privacy().get(res.privacy().size() - 1);
          System.out.printf(Locale.ROOT, "%-6d %-7d %-6.3g %-9.3f %-14s %-10.4f %-10.4f%n", k,
              r, clip, last.noiseMultiplier(), String.format(Locale.ROOT, "%.4f (d=%.0e)",
                  last.spent().epsilon(), last.spent().delta()), plain, res.federated().auc());
        }
      }
    }
    return 0;
  }

  private static HorizontalSimulation.Result run(Map<String, FeatureTable> parts,
      FeatureTable test, ModelSpec spec, int rounds, DpConfig dp) throws Exception {
    HorizontalSimulation.Config cfg = new HorizontalSimulation.Config("dp-utility", parts,
        Map.of(), test, spec, rounds, Models.defaultTraining(spec.kind(), 42), 42, false, null,
        dp);
    return new HorizontalSimulation(cfg, m -> { }).run();
  }

  /** Deals rows to {@code k} banks of equal size, in a seeded random order. */
  static Map<String, FeatureTable> deal(FeatureTable pooled, int k, long seed) {
    int n = pooled.rows();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    Map<String, FeatureTable> out = new LinkedHashMap<>();
    for (int b = 0; b < k; b++) {
      List<Integer> rows = new ArrayList<>();
      for (int i = b; i < n; i += k) {
        rows.add(order[i]);
      }
      out.put(String.format("bank-%02d", b),
          pooled.select(rows.stream().mapToInt(Integer::intValue).sorted().toArray()));
    }
    return out;
  }
}
