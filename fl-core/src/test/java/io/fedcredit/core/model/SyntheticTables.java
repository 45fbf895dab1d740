package io.fedcredit.core.model;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small generated tables for model unit tests. */
final class SyntheticTables {
  private SyntheticTables() {}

  static Schema schema(int d, boolean labelled) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      names.add("x" + j);
    }
    return labelled ? Schema.labelled("id", "y", names) : Schema.unlabelled("id", names);
  }

  /**
   * Standard-normal features; label 1 with probability sigmoid(0.8 sum_j (-1)^j x_j + x_0 x_1 - 1),
   * so a linear model does well and a non-linear one a little better.
   */
  static FeatureTable table(int rows, int d, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    String[] ids = new String[rows];
    double[] y = new double[rows];
    double[] x = new double[rows * d];
    for (int r = 0; r < rows; r++) {
      ids[r] = "e" + seed + "-" + r;
      double z = -1;
      for (int j = 0; j < d; j++) {
        double v = rnd.nextGaussian();
        x[r * d + j] = v;
        z += (j % 2 == 0 ? 0.8 : -0.8) * v;
      }
      if (d > 1) {
        z += x[r * d] * x[r * d + 1];
      }
      y[r] = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    return FeatureTable.of(schema(d, true), ids, y, x);
  }
}
