package io.fedcredit.core.data;

import java.util.Arrays;

/**
 * Small statistics for checking generated data in tests: rank AUC and a plain logistic
 * regression fitted by Newton's method. Deliberately local (the metrics and model packages are
 * tested on their own); not for production use.
 */
final class TestStats {
  private TestStats() {}

  /** Area under the ROC curve of {@code scores} for 0/1 {@code labels}, ties counted half. */
  static double auc(double[] scores, double[] labels) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1; // 1-based average rank of the tie group
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] == 1) {
          positiveRankSum += midRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** Share of rows labelled 1. */
  static double rate(FeatureTable t) {
    return t.positives() / (double) t.rows();
  }

  /**
   * Scores of {@code test} under a logistic regression fitted on {@code train} (standardized
   * features, small ridge penalty, Newton iterations).
   */
  static double[] logisticScores(FeatureTable train, FeatureTable test) {
    int d = train.numFeatures();
    int n = train.rows();
    double[] mean = new double[d];
    double[] sd = new double[d];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        mean[j] += train.value(r, j) / n;
      }
    }
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        double c = train.value(r, j) - mean[j];
        sd[j] += c * c / n;
      }
    }
    for (int j = 0; j < d; j++) {
      sd[j] = sd[j] > 1e-12 ? Math.sqrt(sd[j]) : 1;
    }
    int p = d + 1;
    double[] w = new double[p];
    double[] x = new double[p];
    for (int iter = 0; iter < 25; iter++) {
      double[] grad = new double[p];
      double[][] hess = new double[p][p];
      for (int r = 0; r < n; r++) {
        x[0] = 1;
        for (int j = 0; j < d; j++) {
          x[j + 1] = (train.value(r, j) - mean[j]) / sd[j];
        }
        double z = 0;
        for (int j = 0; j < p; j++) {
          z += w[j] * x[j];
        }
        double mu = 1 / (1 + Math.exp(-z));
        double g = mu - train.label(r);
        double h = mu * (1 - mu);
        for (int a = 0; a < p; a++) {
          grad[a] += g * x[a];
          for (int b = 0; b <= a; b++) {
            hess[a][b] += h * x[a] * x[b];
          }
        }
      }
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < a; b++) {
          hess[b][a] = hess[a][b];
        }
        double ridge = a == 0 ? 1e-9 : 1e-3 * n;
        hess[a][a] += ridge;
        grad[a] += ridge * w[a];
      }
      double[] step = solve(hess, grad);
      double change = 0;
      for (int a = 0; a < p; a++) {
        w[a] -= step[a];
        change = Math.max(change, Math.abs(step[a]));
      }
      if (change < 1e-8) {
        break;
      }
    }
    double[] scores = new double[test.rows()];
    for (int r = 0; r < scores.length; r++) {
      double z = w[0];
      for (int j = 0; j < d; j++) {
        z += w[j + 1] * (test.value(r, j) - mean[j]) / sd[j];
      }
      scores[r] = z;
    }
    return scores;
  }

  /** Solves {@code a x = b} for a symmetric positive definite {@code a} (Cholesky). */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }
}
