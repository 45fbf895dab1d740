package io.fedcredit.core.model;

import io.fedcredit.core.data.FeatureTable;
import java.util.Arrays;

/**
 * Per-feature centring and scaling shared by all parties of a job: {@code (x - mean) / scale}.
 * Built from feature moments summed over parties ({@link #moments(FeatureTable)}), so no party
 * reveals its rows, only its sums. Immutable.
 */
public final class Standardizer {
  private final double[] mean;
  private final double[] scale;

  private Standardizer(double[] mean, double[] scale) {
    this.mean = mean;
    this.scale = scale;
  }

  /**
   * @param mean per-feature mean
   * @param scale per-feature scale, positive
   */
  public static Standardizer of(double[] mean, double[] scale) {
    if (mean.length != scale.length) {
      throw new IllegalArgumentException(
          "mean has " + mean.length + " entries but scale has " + scale.length);
    }
    for (int j = 0; j < mean.length; j++) {
      if (!Double.isFinite(mean[j]) || !(scale[j] > 0) || !Double.isFinite(scale[j])) {
        throw new IllegalArgumentException(
            "feature " + j + ": mean " + mean[j] + " / scale " + scale[j] + " invalid");
      }
    }
    return new Standardizer(mean.clone(), scale.clone());
  }

  /** Leaves features unchanged. */
  public static Standardizer identity(int numFeatures) {
    double[] ones = new double[numFeatures];
    Arrays.fill(ones, 1.0);
    return new Standardizer(new double[numFeatures], ones);
  }

  /**
   * The moments one party contributes: {@code [count, sum_1..d, sumOfSquares_1..d]}. Summing
   * these vectors over parties and calling {@link #fromMoments} gives the pooled standardizer.
   */
  public static double[] moments(FeatureTable table) {
    int d = table.numFeatures();
    double[] m = new double[1 + 2 * d];
    m[0] = table.rows();
    for (int r = 0; r < table.rows(); r++) {
      for (int j = 0; j < d; j++) {
        double v = table.value(r, j);
        m[1 + j] += v;
        m[1 + d + j] += v * v;
      }
    }
    return m;
  }

  /**
   * The standardizer of pooled moments. A feature with (near) zero variance keeps scale 1.
   *
   * @param moments {@code [count, sum_1..d, sumOfSquares_1..d]}, summed over parties
   */
  public static Standardizer fromMoments(double[] moments) {
    if (moments.length < 3 || moments.length % 2 == 0) {
      throw new IllegalArgumentException(
          "moments must have 1 + 2d entries, got " + moments.length);
    }
    int d = (moments.length - 1) / 2;
    double n = moments[0];
    if (!(n >= 1)) {
      throw new IllegalArgumentException("moments count must be >= 1, got " + n);
    }
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] = moments[1 + j] / n;
      double var = Math.max(0.0, moments[1 + d + j] / n - mean[j] * mean[j]);
      double sd = Math.sqrt(var);
      scale[j] = sd > 1e-12 * Math.max(1.0, Math.abs(mean[j])) ? sd : 1.0;
    }
    return new Standardizer(mean, scale);
  }

  public int numFeatures() {
    return mean.length;
  }

  public double[] mean() {
    return mean.clone();
  }

  public double[] scale() {
    return scale.clone();
  }

  /** A standardized copy of a table (ids and labels unchanged). */
  public FeatureTable apply(FeatureTable table) {
    int d = table.numFeatures();
    if (d != mean.length) {
      throw new IllegalArgumentException(
          "table has " + d + " features, standardizer expects " + mean.length);
    }
    double[] values = table.values();
    for (int i = 0; i < values.length; i++) {
      int j = i % d;
      values[i] = (values[i] - mean[j]) / scale[j];
    }
    return FeatureTable.of(table.schema(), table.ids(),
        table.hasLabels() ? table.labels() : null, values);
  }

  @Override
  public String toString() {
    return "Standardizer[" + mean.length + " features]";
  }
}
