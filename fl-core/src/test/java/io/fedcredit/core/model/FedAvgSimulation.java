package io.fedcredit.core.model;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain FedAvg without networking, for tests: every round each bank trains a copy of the global
 * model on its own table from the same global parameters, and the new global parameters are the
 * average of the local ones weighted by row count.
 */
final class FedAvgSimulation {
  /** What a run measured: test AUC after every round and local training wall times. */
  record Run(List<Double> aucs, FederatedModel global, double meanLocalSeconds,
      double maxLocalSeconds) {
    double finalAuc() {
      return aucs.get(aucs.size() - 1);
    }

    String aucTrace() {
      StringBuilder s = new StringBuilder();
      for (int r = 0; r < aucs.size(); r++) {
        s.append(String.format(" %d:%.4f", r + 1, aucs.get(r)));
      }
      return s.toString().trim();
    }
  }

  private FedAvgSimulation() {}

  /**
   * Runs {@code rounds} rounds of FedAvg from {@code start}, with {@code base} as the local
   * training config of every bank (its seed replaced by one per round and bank).
   */
  static Run run(FederatedModel start, List<FeatureTable> banks, FeatureTable test,
      TrainingConfig base, int rounds) {
    FederatedModel global = start.copy();
    List<Double> aucs = new ArrayList<>();
    double localSeconds = 0;
    double maxLocal = 0;
    for (int round = 0; round < rounds; round++) {
      double[] sum = new double[global.numParameters()];
      long total = 0;
      for (int k = 0; k < banks.size(); k++) {
        FederatedModel local = global.copy();
        long t0 = System.nanoTime();
        FederatedModel.TrainingResult result =
            local.train(banks.get(k), base.withSeed(1_000_003L * round + k));
        double seconds = (System.nanoTime() - t0) / 1e9;
        localSeconds += seconds;
        maxLocal = Math.max(maxLocal, seconds);
        double[] p = local.parameters();
        for (int i = 0; i < p.length; i++) {
          sum[i] += result.examples() * p[i];
        }
        total += result.examples();
      }
      for (int i = 0; i < sum.length; i++) {
        sum[i] /= total;
      }
      global.setParameters(sum);
      aucs.add(BinaryMetrics.auc(global.predict(test), test.labels()));
    }
    return new Run(aucs, global, localSeconds / (rounds * banks.size()), maxLocal);
  }
}
