package io.fedcredit.core.vertical;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.Standardizer;

/**
 * One party's aligned features, standardized with its own moments (in a vertical job every
 * feature belongs to one party, so nothing needs pooling), as doubles for its predictor and as
 * integers ({@code round(x * 2^bits)}, clipped at +-127 standard deviations) for
 * {@code X^T [[d]]}.
 */
final class PartyFeatures {
  final Standardizer standardizer;
  final double[][] x;
  final long[][] quantized;
  final int featureBits;

  PartyFeatures(FeatureTable table, int featureBits) {
    this.standardizer = Standardizer.fromMoments(Standardizer.moments(table));
    FeatureTable std = standardizer.apply(table);
    int n = std.rows();
    int d = std.numFeatures();
    this.featureBits = featureBits;
    this.x = new double[n][d];
    this.quantized = new long[n][d];
    double scale = Math.scalb(1.0, featureBits);
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        double v = Math.max(-127, Math.min(127, std.value(r, j)));
        x[r][j] = v;
        quantized[r][j] = Math.round(v * scale);
      }
    }
  }

  int features() {
    return x.length == 0 ? 0 : x[0].length;
  }

  /** {@code x_r . w} for the given rows. */
  double[] dot(int[] rows, double[] w) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double s = 0;
      double[] row = x[rows[i]];
      for (int j = 0; j < w.length; j++) {
        s += row[j] * w[j];
      }
      out[i] = s;
    }
    return out;
  }

  long[][] quantizedRows(int[] rows) {
    long[][] out = new long[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = quantized[rows[i]];
    }
    return out;
  }

  /** Converts scaled gradient integers of a batch to real gradients. */
  static double[] gradients(java.math.BigInteger[] scaled, int featureBits, int residualBits,
      int batchRows) {
    double[] g = new double[scaled.length];
    double denom = Math.scalb(4.0 * batchRows, featureBits + residualBits);
    for (int j = 0; j < g.length; j++) {
      g[j] = new java.math.BigDecimal(scaled[j]).doubleValue() / denom;
    }
    return g;
  }

  /** {@code x . w} of new rows (raw units), standardized and clipped as in training. */
  double[] scores(FeatureTable table, java.util.List<String> names, double[] w) {
    FeatureTable std = standardizer.apply(table.withFeatures(names));
    double[] out = new double[std.rows()];
    for (int r = 0; r < out.length; r++) {
      double s = 0;
      for (int j = 0; j < w.length; j++) {
        s += Math.max(-127, Math.min(127, std.value(r, j))) * w[j];
      }
      out[r] = s;
    }
    return out;
  }

  /**
   * The model {@code x_std . w} in raw feature units (ignoring the clip):
   * weights {@code w_j / scale_j}, then the constant {@code -sum_j w_j mean_j / scale_j}.
   */
  double[] rawModel(double[] w) {
    double[] out = new double[w.length + 1];
    double[] mean = standardizer.mean();
    double[] scale = standardizer.scale();
    for (int j = 0; j < w.length; j++) {
      out[j] = w[j] / scale[j];
      out[w.length] -= w[j] * mean[j] / scale[j];
    }
    return out;
  }
}
