package io.fedcredit.core.testing;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.SplittableRandom;

/** Small labelled tables with a known logistic signal, for tests in every module. */
public final class TestTables {
  private TestTables() {}

  /** Feature names {@code f0..f(d-1)}. */
  public static List<String> features(int d) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      names.add("f" + j);
    }
    return names;
  }

  /**
   * Rows with features ~ N(shift, 1) (shift grows with the feature index times {@code shift}),
   * and labels drawn from a logistic model with weights {@code 1, -1, 0.5, -0.5, ...}, so a
   * logistic regression reaches an AUC around 0.8.
   *
   * @param idPrefix makes ids unique across tables, e.g. {@code "a-"}
   */
  public static FeatureTable logistic(int rows, int d, double shift, long seed, String idPrefix) {
    SplittableRandom rnd = new SplittableRandom(seed);
    String[] ids = new String[rows];
    double[] labels = new double[rows];
    double[] values = new double[rows * d];
    for (int r = 0; r < rows; r++) {
      ids[r] = idPrefix + r;
      double z = -1.0;
      for (int j = 0; j < d; j++) {
        double x = gaussian(rnd) + shift * (j + 1) / d;
        values[r * d + j] = x * (j + 1) + 10 * j; // unstandardized on purpose
        double w = (j % 2 == 0 ? 1.0 : -1.0) / (1 + j / 2);
        z += w * x;
      }
      labels[r] = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    return FeatureTable.of(Schema.labelled("id", "y", features(d)), ids, labels, values);
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * A vertical split of one logistic table with partial id overlap: the guest (label, f0, f3)
   * lacks rows with {@code i % 10 == 3}, the host (f1, f2, f4, no label) rows with
   * {@code i % 10 == 7}; ids are {@code idPrefix + i}.
   */
  public static FeatureTable[] verticalSplit(int rows, long seed, String idPrefix) {
    FeatureTable all = logistic(rows, 5, 0.0, seed, idPrefix);
    int[] guestRows = java.util.stream.IntStream.range(0, rows).filter(i -> i % 10 != 3)
        .toArray();
    int[] hostRows = java.util.stream.IntStream.range(0, rows).filter(i -> i % 10 != 7)
        .toArray();
    return new FeatureTable[] {all.withFeatures(java.util.List.of("f0", "f3")).select(guestRows),
        all.withFeatures(java.util.List.of("f1", "f2", "f4")).withoutLabels().select(hostRows)};
  }

  /** Deals a table's rows round-robin to {@code banks} banks named bank-a, bank-b, ... */
  public static Map<String, FeatureTable> deal(FeatureTable all, int banks) {
    Map<String, FeatureTable> out = new LinkedHashMap<>();
    for (int b = 0; b < banks; b++) {
      int bank = b;
      out.put("bank-" + (char) ('a' + b), all.select(IntStream.range(0, all.rows())
          .filter(i -> i % banks == bank).toArray()));
    }
    return out;
  }
}
