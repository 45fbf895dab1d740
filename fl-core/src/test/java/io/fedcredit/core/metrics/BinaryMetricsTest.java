package io.fedcredit.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

  @Test
  void aucAndKsOfAHandComputedCase() {
    // ascending: 0.1 (neg), 0.35 (pos), 0.4 (neg), 0.8 (pos)
    // pairs pos > neg: 0.35>0.1, 0.8>0.1, 0.8>0.4 -> 3 of 4
    double[] scores = {0.1, 0.4, 0.35, 0.8};
    double[] labels = {0, 0, 1, 1};
    assertEquals(0.75, BinaryMetrics.auc(scores, labels), 1e-15);
    assertEquals(0.5, BinaryMetrics.gini(scores, labels), 1e-15);
    // threshold 0.8: TPR 1/2, FPR 0 -> 0.5 (also at 0.35..0.4)
    assertEquals(0.5, BinaryMetrics.ks(scores, labels), 1e-15);
  }

  @Test
  void tiesCountOneHalfAndStayOnOneSideOfEveryThreshold() {
    double[] scores = {1, 2, 2, 3};
    double[] labels = {0, 0, 1, 1};
    // pos 2 vs (1, 2) -> 1 + 1/2; pos 3 vs (1, 2) -> 2; total 3.5 / 4
    assertEquals(0.875, BinaryMetrics.auc(scores, labels), 1e-15);
    // splitting the tie at 2 would give |1 - 0| = 1; grouped, the best is 0.5
    assertEquals(0.5, BinaryMetrics.ks(scores, labels), 1e-15);

    double[] allTied = {0.5, 0.5, 0.5, 0.5};
    assertEquals(0.5, BinaryMetrics.auc(allTied, new double[] {0, 1, 0, 1}), 1e-15);
    assertEquals(0.0, BinaryMetrics.ks(allTied, new double[] {0, 1, 0, 1}), 1e-15);
  }

  @Test
  void negativeZeroTiesWithZero() {
    double[] scores = {-0.0, 0.0};
    double[] labels = {1, 0};
    assertEquals(0.5, BinaryMetrics.auc(scores, labels), 1e-15);
    assertEquals(0.0, BinaryMetrics.ks(scores, labels), 1e-15);
  }

  @Test
  void perfectAndInvertedRankings() {
    double[] labels = {0, 0, 0, 1, 1};
    double[] up = {0.1, 0.2, 0.3, 0.7, 0.9};
    double[] down = {0.9, 0.8, 0.7, 0.2, 0.1};
    assertEquals(1.0, BinaryMetrics.auc(up, labels), 1e-15);
    assertEquals(1.0, BinaryMetrics.ks(up, labels), 1e-15);
    assertEquals(0.0, BinaryMetrics.auc(down, labels), 1e-15);
    assertEquals(1.0, BinaryMetrics.ks(down, labels), 1e-15);
  }

  @Test
  void undefinedWithOneClass() {
    assertTrue(Double.isNaN(BinaryMetrics.auc(new double[] {0.2, 0.3}, new double[] {1, 1})));
    assertTrue(Double.isNaN(BinaryMetrics.ks(new double[] {0.2, 0.3}, new double[] {0, 0})));
  }

  @Test
  void logLossByHandAndClamped() {
    double expected = -(Math.log(0.9) + Math.log(0.8)) / 2;
    assertEquals(expected, BinaryMetrics.logLoss(new double[] {0.9, 0.2}, new double[] {1, 0}),
        1e-15);
    // p = 0 for a positive costs -log(1e-15), not infinity
    assertEquals(-Math.log(1e-15), BinaryMetrics.logLoss(new double[] {0.0}, new double[] {1}),
        1e-9);
    assertEquals(-Math.log(1e-15), BinaryMetrics.logLoss(new double[] {1.0}, new double[] {0}),
        1e-3);
  }

  @Test
  void evaluateAgreesWithTheSingleMetrics() {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 1000;
    double[] p = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextDouble() < 0.3 ? 1 : 0;
      p[i] = Math.min(1, Math.max(0, 0.3 + 0.2 * (y[i] - 0.3) + 0.25 * rnd.nextGaussian()));
    }
    EvaluationMetrics m = BinaryMetrics.evaluate(p, y);
    assertEquals(n, m.examples());
    assertEquals((long) java.util.Arrays.stream(y).sum(), m.positives());
    assertEquals(BinaryMetrics.auc(p, y), m.auc(), 0.0);
    assertEquals(BinaryMetrics.ks(p, y), m.ks(), 0.0);
    assertEquals(2 * m.auc() - 1, m.gini(), 0.0);
    assertEquals(BinaryMetrics.logLoss(p, y), m.logLoss(), 0.0);
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BinaryMetrics.auc(new double[3], new double[2]));
    assertTrue(e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BinaryMetrics.auc(new double[] {0.1, 0.2}, new double[] {0, 2}));
    assertTrue(e.getMessage().contains("index 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BinaryMetrics.ks(new double[] {0.1, Double.NaN}, new double[] {0, 1}));
    assertTrue(e.getMessage().contains("index 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BinaryMetrics.logLoss(new double[] {0.1, 1.5}, new double[] {0, 1}));
    assertTrue(e.getMessage().contains("index 1"), e.getMessage());
  }

  /** Scores from a few values only, so that ties are frequent. */
  private static double[][] randomCase(int n, long seed, int distinctScores) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] s = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextInt(3) == 0 ? 1 : 0;
      s[i] = rnd.nextInt(distinctScores) / (double) distinctScores + 0.1 * y[i];
    }
    return new double[][] {s, y};
  }

  @Property(tries = 300)
  void aucEqualsTheBruteForcePairCount(
      @ForAll @IntRange(min = 1, max = 80) int n, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int distinct) {
    double[][] c = randomCase(n, seed, distinct);
    double[] s = c[0];
    double[] y = c[1];
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (y[i] == 1 && y[j] == 0) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    double auc = BinaryMetrics.auc(s, y);
    if (pairs == 0) {
      assertTrue(Double.isNaN(auc));
    } else {
      assertEquals(wins / pairs, auc, 1e-12);
    }
  }

  @Property(tries = 300)
  void ksEqualsTheBruteForceMaximumOverThresholds(
      @ForAll @IntRange(min = 2, max = 80) int n, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int distinct) {
    double[][] c = randomCase(n, seed, distinct);
    double[] s = c[0];
    double[] y = c[1];
    double pos = 0;
    for (double v : y) {
      pos += v;
    }
    double neg = n - pos;
    if (pos == 0 || neg == 0) {
      assertTrue(Double.isNaN(BinaryMetrics.ks(s, y)));
      return;
    }
    double best = 0;
    for (double t : s) { // predict 1 when score >= t
      double tp = 0;
      double fp = 0;
      for (int i = 0; i < n; i++) {
        if (s[i] >= t) {
          tp += y[i];
          fp += 1 - y[i];
        }
      }
      best = Math.max(best, Math.abs(tp / pos - fp / neg));
    }
    assertEquals(best, BinaryMetrics.ks(s, y), 1e-12);
  }
}
