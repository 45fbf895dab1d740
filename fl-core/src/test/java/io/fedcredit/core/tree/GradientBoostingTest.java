package io.fedcredit.core.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.testing.SharedData;
import io.fedcredit.core.testing.TestTables;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientBoostingTest {

  @Test
  void siblingSubtractionIsExact() {
    FeatureTable t = TestTables.logistic(2_000, 5, 0.0, 3, "r-");
    BinnedFeatures x = BinnedFeatures.quantiles(t, 16);
    double[] raw = new double[t.rows()];
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < raw.length; i++) {
      raw[i] = r.nextDouble(-2, 2);
    }
    Gradients g = Gradients.logistic(t.labels(), raw);
    int[] all = TreeSampling.rows(t.rows(), 0, BoostingConfig.defaults());
    int[][] parts = x.partition(all, 2, 7);
    Histogram parent = Histogram.build(x, g, all, null);
    Histogram left = Histogram.build(x, g, parts[0], null);
    Histogram right = Histogram.build(x, g, parts[1], null);
    assertEquals(right, Histogram.subtract(parent, left));
    assertArrayEquals(g.sums(all), parent.totals());
  }

  @Test
  void learnsAnInteractionAndPredictsItsOwnTrainingScores() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 4_000;
    double[] v = new double[n * 3];
    double[] y = new double[n];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        v[i * 3 + j] = r.nextGaussian();
      }
      boolean risky = (v[i * 3] > 0.3) == (v[i * 3 + 1] > -0.2);
      y[i] = r.nextDouble() < (risky ? 0.8 : 0.15) ? 1 : 0;
      ids[i] = "e" + i;
    }
    FeatureTable t = FeatureTable.of(io.fedcredit.core.data.Schema.labelled("id", "y",
        java.util.List.of("a", "b", "noise")), ids, y, v);
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(30);
    BoostedTrees m = GradientBoosting.train(t, cfg);
    double auc = BinaryMetrics.auc(m.predict(t), y);
    assertTrue(auc > 0.80, "AUC " + auc);
    assertEquals(30, m.trees().size());
    for (TreeModel tree : m.trees()) {
      assertTrue(tree.depth() <= 3);
    }
    Map<String, FeatureImportance> imp = m.importance();
    assertTrue(imp.get("a").gain() > imp.get("noise").gain());
    assertTrue(imp.get("b").gain() > imp.get("noise").gain());

    // the raw thresholds route the training rows exactly as their bins did
    BinnedFeatures x = BinnedFeatures.quantiles(t, cfg.maxBins());
    double[] byBins = new double[n];
    java.util.Arrays.fill(byBins, m.baseScore());
    for (TreeModel tree : m.trees()) {
      GradientBoosting.addTree(tree, x, byBins);
    }
    assertArrayEquals(byBins, m.predictRaw(t), 1e-12);
  }

  @Test
  void samplingFollowsTheSeed() {
    FeatureTable t = TestTables.logistic(1_500, 6, 0.0, 8, "s-");
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(8).withSampling(0.7, 0.5, 11);
    BoostedTrees a = GradientBoosting.train(t, cfg);
    BoostedTrees b = GradientBoosting.train(t, cfg);
    assertEquals(a, b);
    BoostedTrees c = GradientBoosting.train(t, cfg.withSampling(0.7, 0.5, 12));
    assertNotEquals(a, c);
    boolean[] f = TreeSampling.features(6, 3, cfg);
    int chosen = 0;
    for (boolean on : f) {
      chosen += on ? 1 : 0;
    }
    assertEquals(3, chosen);
    int[] rows = TreeSampling.rows(10_000, 0, cfg);
    assertTrue(Math.abs(rows.length - 7_000) < 300, rows.length + " rows sampled");
  }

  @Test
  void badSettingsNameTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BoostingConfig.defaults().withMaxBins(300));
    assertTrue(e.getMessage().contains("maxBins"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BoostingConfig.defaults().withSampling(0, 1, 0));
    assertTrue(e.getMessage().contains("rowSample"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BoostingConfig.defaults().withRegularization(-1, 0, 0, 1));
    assertTrue(e.getMessage().contains("l2"), e.getMessage());
  }

  /**
   * default_credit_hetero with guest and host joined, 100 trees of depth 3, learning rate 0.1:
   * training AUC within 0.01 of scikit-learn's HistGradientBoosting (0.7998, data README).
   */
  @Test
  void matchesScikitLearnOnDefaultCreditHetero() throws Exception {
    FeatureTable guest = new CsvTableReader(CsvOptions.labelled("y"))
        .read(SharedData.file(SharedData.DEFAULT_CREDIT_HETERO_GUEST));
    FeatureTable host = new CsvTableReader(CsvOptions.unlabelled())
        .read(SharedData.file(SharedData.DEFAULT_CREDIT_HETERO_HOST));
    FeatureTable joined = TreeTables.joinColumns(guest, host, "host_");
    BoostingConfig cfg = BoostingConfig.defaults(); // 100 trees, depth 3, rate 0.1, 32 bins
    BoostedTrees m = GradientBoosting.train(joined, cfg);
    double auc = BinaryMetrics.auc(m.predict(joined), joined.labels());
    System.out.printf("default_credit_hetero joined, plaintext boosting: training AUC %.4f%n",
        auc);
    assertEquals(0.7998, auc, 0.01, "training AUC " + auc + " vs scikit-learn's 0.7998");
  }
}
