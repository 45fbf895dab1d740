package io.fedcredit.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreHistogramTest {

  /**
   * Scores shaped like a credit model's: 22% defaults, logits normal with the defaulters shifted
   * up, some probabilities rounded (as exported scores often are), giving AUC near 0.75.
   */
  static double[][] creditLikeScores(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] p = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextDouble() < 0.22 ? 1 : 0;
      double logit = -1.6 + 1.0 * y[i] + 0.9 * rnd.nextGaussian();
      double prob = 1 / (1 + Math.exp(-logit));
      p[i] = i % 3 == 0 ? Math.round(prob * 1000) / 1000.0 : prob;
    }
    return new double[][] {p, y};
  }

  @Test
  void aucAndKsAreCloseToExactOnRealisticScores() {
    double[][] c = creditLikeScores(50_000, 11);
    ScoreHistogram h = ScoreHistogram.of(c[0], c[1]);
    double exactAuc = BinaryMetrics.auc(c[0], c[1]);
    double exactKs = BinaryMetrics.ks(c[0], c[1]);
    System.out.printf("histogram vs exact: AUC %.6f vs %.6f, KS %.6f vs %.6f%n",
        h.auc(), exactAuc, h.ks(), exactKs);
    assertTrue(exactAuc > 0.7 && exactAuc < 0.8, "realistic AUC: " + exactAuc);
    assertEquals(exactAuc, h.auc(), 0.002);
    assertEquals(exactKs, h.ks(), 0.002);
    assertEquals(50_000, h.examples());
    assertEquals((long) Arrays.stream(c[1]).sum(), h.positives());
  }

  @Test
  void mergingTheHistogramsOfASplitGivesTheHistogramOfTheWhole() {
    double[][] c = creditLikeScores(9_000, 5);
    double[] p = c[0];
    double[] y = c[1];
    ScoreHistogram whole = ScoreHistogram.of(p, y);
    int[] cuts = {0, 2_000, 6_500, 9_000};
    ScoreHistogram merged = null;
    for (int k = 0; k < 3; k++) {
      ScoreHistogram part = ScoreHistogram.of(Arrays.copyOfRange(p, cuts[k], cuts[k + 1]),
          Arrays.copyOfRange(y, cuts[k], cuts[k + 1]));
      merged = merged == null ? part : merged.merge(part);
    }
    assertEquals(whole, merged);
    assertEquals(whole.hashCode(), merged.hashCode());
    assertEquals(whole.auc(), merged.auc(), 0.0);
    assertEquals(whole.ks(), merged.ks(), 0.0);
    ScoreHistogram empty = ScoreHistogram.empty(-12, 12, 4096);
    assertEquals(whole, whole.merge(empty));
  }

  @Test
  void extremeProbabilitiesGoToTheEdgeBins() {
    double[] p = {0.0, 1e-12, 1.0, 1 - 1e-12, 0.5};
    double[] y = {0, 1, 0, 1, 1};
    ScoreHistogram h = ScoreHistogram.of(p, y, -4, 4, 8);
    assertArrayEquals(new long[] {1, 0, 0, 0, 0, 0, 0, 1}, h.negativeCounts());
    // p = 0.5 has logit 0: the lower edge of bin 4
    assertArrayEquals(new long[] {1, 0, 0, 0, 1, 0, 0, 1}, h.positiveCounts());
    assertEquals(8, h.bins());
    assertEquals(-4, h.logitMin());
    assertEquals(4, h.logitMax());
  }

  @Test
  void countsAreCopied() {
    long[] pos = {1, 2};
    long[] neg = {3, 4};
    ScoreHistogram h = ScoreHistogram.fromCounts(-1, 1, pos, neg);
    pos[0] = 100;
    h.positiveCounts()[1] = 100;
    assertArrayEquals(new long[] {1, 2}, h.positiveCounts());
    assertEquals(3, h.positives());
    assertEquals(7, h.negatives());
    // two bins: every positive in bin 1 beats the 3 negatives of bin 0 ...
    assertEquals((1 * 1.5 + 2 * (3 + 2.0)) / (3 * 7), h.auc(), 1e-15);
  }

  @Test
  void oneBinMeansEverythingIsTied() {
    ScoreHistogram h = ScoreHistogram.fromCounts(-1, 1, new long[] {5}, new long[] {7});
    assertEquals(0.5, h.auc(), 0.0);
    assertEquals(0.0, h.ks(), 0.0);
    assertTrue(Double.isNaN(ScoreHistogram.fromCounts(-1, 1, new long[] {0}, new long[] {7}).auc()));
  }

  @Test
  void invalidCountsNameTheField() {
    assertMessage("positives has 2 bins but negatives has 3",
        () -> ScoreHistogram.fromCounts(-1, 1, new long[2], new long[3]));
    assertMessage("negatives[1] is negative",
        () -> ScoreHistogram.fromCounts(-1, 1, new long[2], new long[] {0, -1}));
    assertMessage("positives[0] is negative",
        () -> ScoreHistogram.fromCounts(-1, 1, new long[] {-5, 0}, new long[2]));
    assertMessage("logitMin must be finite",
        () -> ScoreHistogram.fromCounts(Double.NaN, 1, new long[2], new long[2]));
    assertMessage("logitMax must be finite",
        () -> ScoreHistogram.fromCounts(-1, Double.POSITIVE_INFINITY, new long[2], new long[2]));
    assertMessage("must be below logitMax",
        () -> ScoreHistogram.fromCounts(1, 1, new long[2], new long[2]));
    assertMessage("bins must be >= 1",
        () -> ScoreHistogram.fromCounts(-1, 1, new long[0], new long[0]));
    assertMessage("negatives must not be null",
        () -> ScoreHistogram.fromCounts(-1, 1, new long[1], null));
  }

  @Test
  void mergeRefusesDifferentBinning() {
    ScoreHistogram a = ScoreHistogram.empty(-12, 12, 4096);
    assertMessage("different bin counts: 4096 vs 1024",
        () -> a.merge(ScoreHistogram.empty(-12, 12, 1024)));
    assertMessage("different logit ranges: [-12.0, 12.0] vs [-10.0, 12.0]",
        () -> a.merge(ScoreHistogram.empty(-10, 12, 4096)));
  }

  @Test
  void badScoresAreNamed() {
    assertMessage("index 1", () -> ScoreHistogram.of(new double[] {0.5, -0.1}, new double[] {0, 1}));
    assertMessage("index 0", () -> ScoreHistogram.of(new double[] {0.5}, new double[] {3}));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected),
        "message '" + e.getMessage() + "' should contain '" + expected + "'");
  }
}
