package io.fedcredit.examples;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/fl bench load}: many simulated banks on loopback for many small rounds, to show
 * that the coordinator's memory stays flat and to measure round latency. Not a CI test: one run
 * takes minutes. Every bank trains a 3-feature logistic regression on 100 rows per round.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Many banks, many small rounds on loopback: heap after GC at checkpoints, "
        + "round latency p50/p99, rounds that lost a bank.")
final class LoadCommand implements Callable<Integer> {
  @Option(names = "--banks", defaultValue = "50", description = "Banks (default: ${DEFAULT-VALUE}).")
  int banks;

  @Option(names = "--rounds", defaultValue = "1000", description = "Rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--rows", defaultValue = "100", description = "Rows per bank (default: ${DEFAULT-VALUE}).")
  int rows;

  @Override
  public Integer call() throws Exception {
    Map<String, FeatureTable> tables = new LinkedHashMap<>();
    for (int b = 0; b < banks; b++) {
      tables.put(String.format(Locale.ROOT, "bank-%02d", b),
          SyntheticTablesForLoad.logistic(rows, 3, b + 1L, "b" + b + "-"));
    }
    FeatureTable test = SyntheticTablesForLoad.logistic(500, 3, 999, "t-");
    TrainingConfig tc = new TrainingConfig(1, 32, 0.1, 0, 1, TrainingConfig.Optimizer.SGD);
    HorizontalSimulation.Config cfg = new HorizontalSimulation.Config("load", tables, Map.of(),
        test, ModelSpec.logreg(3, 1), rounds, tc, 1, false, null, null);
    List<Long> millis = new ArrayList<>();
    Map<Long, Long> heap = new LinkedHashMap<>();
    int[] incomplete = {0};
    long started = System.nanoTime();
    HorizontalSimulation.Result r = new HorizontalSimulation(cfg, m -> {
      millis.add(m.millis());
      if (m.round() == 1 || m.round() == 100 || m.round() % 250 == 0) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long used = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        heap.put(m.round(), used);
        System.out.printf(Locale.ROOT, "round %d: heap after GC %d MiB, round %d ms, AUC %.4f%n",
            m.round(), used, m.millis(), m.test().auc());
      }
      if (m.federatedEvaluation() == null) {
        incomplete[0]++;
      }
    }).run();
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "%d banks x %d rounds in %.1f s; round latency p50 %d ms, "
        + "p99 %d ms, max %d ms; rounds without a pooled evaluation %d; heap after GC (MiB) %s; "
        + "final AUC %.4f%n", banks, millis.size(), (System.nanoTime() - started) / 1e9,
        percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1],
        incomplete[0], heap, r.federated().auc());
    return 0;
  }

  private static long percentile(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  /** Small labelled tables (3 features, logistic labels), seeded. */
  static final class SyntheticTablesForLoad {
    private SyntheticTablesForLoad() {}

    static FeatureTable logistic(int n, int d, long seed, String prefix) {
      FeatureTable[] t = HeteroLrBenchmarkCommand.syntheticAligned(n, d, 1, seed);
      String[] ids = new String[n];
      for (int i = 0; i < n; i++) {
        ids[i] = prefix + i;
      }
      return io.fedcredit.core.data.FeatureTable.of(t[0].schema(), ids, t[0].labels(),
          t[0].values());
    }
  }
}
