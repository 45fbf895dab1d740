package io.fedcredit.core.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.Schema;
import io.fedcredit.core.testing.TestTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CreditToolkitTest {

  @Test
  void binsAreLeftOpenRightClosed() {
    BinEdges e = new BinEdges("x", new double[] {1, 2, 5});
    assertEquals(0, e.binOf(-3));
    assertEquals(0, e.binOf(1));
    assertEquals(1, e.binOf(1.0001));
    assertEquals(2, e.binOf(5));
    assertEquals(3, e.binOf(5.5));
    assertEquals("(-inf, 1.000]", e.label(0));
    assertEquals("(5.000, +inf)", e.label(3));
    assertArrayEquals(new double[] {1, 5}, e.mergeWithNext(1).cuts());
    assertThrows(IllegalArgumentException.class, () -> new BinEdges("x", new double[] {2, 1}));
  }

  @Test
  void quantileBinsHoldSimilarCountsAndKeepTiesTogether() {
    FeatureTable t = TestTables.logistic(10_000, 2, 0, 3, "r");
    BinEdges e = Binning.quantiles(t, 10).get(0);
    assertEquals(10, e.bins());
    int[] counts = new int[e.bins()];
    for (int b : Binning.assign(t, Binning.quantiles(t, 10))[0]) {
      counts[b]++;
    }
    for (int c : counts) {
      assertEquals(1000, c, 5);
    }
    // a feature with three distinct values gets at most three bins
    String[] ids = new String[300];
    double[] v = new double[300];
    double[] y = new double[300];
    for (int i = 0; i < 300; i++) {
      ids[i] = "r" + i;
      v[i] = i % 3;
      y[i] = i % 2;
    }
    FeatureTable few = FeatureTable.of(Schema.labelled("id", "y", List.of("f")), ids, y, v);
    BinEdges fe = Binning.quantiles(few, 10).get(0);
    assertEquals(3, fe.bins());
  }

  @Test
  void woeAndIvMatchTheHandComputation() {
    BinEdges e = new BinEdges("x", new double[] {0});
    WoeTable.Feature f = WoeTable.Feature.of(e, new long[] {60, 40}, new long[] {10, 30});
    // shares: goods 0.6/0.4, bads 0.25/0.75
    assertArrayEquals(new double[] {Math.log(0.6 / 0.25), Math.log(0.4 / 0.75)}, f.woe(), 1e-12);
    double iv = (0.6 - 0.25) * Math.log(0.6 / 0.25) + (0.4 - 0.75) * Math.log(0.4 / 0.75);
    assertEquals(iv, f.iv(), 1e-12);
    assertTrue(f.iv() > 0.5 && f.strength().startsWith("suspicious"), f.strength());
    // an empty cell is smoothed, not infinite
    WoeTable.Feature s = WoeTable.Feature.of(e, new long[] {50, 50}, new long[] {0, 20});
    assertTrue(Double.isFinite(s.woe()[0]));
    assertThrows(IllegalArgumentException.class,
        () -> WoeTable.Feature.of(e, new long[] {5, 5}, new long[] {0, 0}));
  }

  @Test
  void monotoneMergingGivesMonotoneWoe() {
    SplittableRandom r = new SplittableRandom(5);
    BinEdges e = new BinEdges("x", new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    long[] g = new long[10];
    long[] b = new long[10];
    for (int i = 0; i < 10; i++) {
      g[i] = 100 + r.nextInt(60);
      b[i] = 10 + i * 3 + r.nextInt(8);
    }
    WoeTable.Feature m = Binning.monotone(e, g, b);
    double[] w = m.woe();
    boolean up = true;
    boolean down = true;
    for (int i = 0; i + 1 < w.length; i++) {
      up &= w[i + 1] >= w[i];
      down &= w[i + 1] <= w[i];
    }
    assertTrue(up || down);
    assertEquals(java.util.Arrays.stream(g).sum(), java.util.Arrays.stream(m.goods()).sum());
    assertTrue(m.edges().bins() >= 2);
  }

  private static Scorecard card() {
    WoeTable.Feature a = WoeTable.Feature.of(new BinEdges("a", new double[] {0, 1}),
        new long[] {50, 30, 20}, new long[] {5, 10, 15});
    WoeTable.Feature b = WoeTable.Feature.of(new BinEdges("b", new double[] {10}),
        new long[] {70, 30}, new long[] {12, 18});
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("a", -0.9);
    w.put("b", -1.1);
    return Scorecard.build(WoeTable.of(List.of(a, b)), w, -1.5, Scorecard.Scale.standard());
  }

  @Test
  void scoreStandsForTheModelsProbability() {
    Scorecard s = card();
    Map<String, Double> applicant = Map.of("a", 0.5, "b", 20.0);
    double woeA = s.attributes().stream().filter(x -> x.feature().equals("a") && x.bin() == 1)
        .findFirst().orElseThrow().woe();
    double woeB = s.attributes().stream().filter(x -> x.feature().equals("b") && x.bin() == 1)
        .findFirst().orElseThrow().woe();
    double logit = -1.5 - 0.9 * woeA - 1.1 * woeB;
    assertEquals(1 / (1 + Math.exp(-logit)), s.probabilityOfDefault(s.score(applicant)), 1e-12);
    // 20 more points double the odds of good
    double p1 = s.probabilityOfDefault(600);
    double p2 = s.probabilityOfDefault(620);
    assertEquals(2 * (1 - p1) / p1, (1 - p2) / p2, 1e-9);
    assertEquals(50, (1 - p1) / p1, 1e-9);
    // the halves add up to the whole
    assertEquals(s.score(applicant),
        s.half(List.of("a")).score(applicant) + s.half(List.of("b")).score(applicant), 1e-9);
  }

  @Test
  void reasonCodesNameTheCostliestFeaturesFirst() {
    Scorecard s = card();
    List<Scorecard.ReasonCode> r = s.reasons(Map.of("a", 5.0, "b", 20.0), 3);
    assertEquals(2, r.size());
    assertTrue(r.get(0).pointsBelowBest() >= r.get(1).pointsBelowBest());
    Map<String, Double> best = new LinkedHashMap<>();
    best.put("a", -5.0);
    best.put("b", 0.0);
    assertTrue(s.reasons(best, 3).isEmpty(), "an applicant in every best bin has no reason");
    assertThrows(IllegalArgumentException.class, () -> s.score(Map.of("a", 1.0)));
    assertTrue(s.table().contains("points"));
  }
}
