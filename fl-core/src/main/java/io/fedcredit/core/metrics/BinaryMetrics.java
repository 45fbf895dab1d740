package io.fedcredit.core.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Exact metrics of binary scores against 0/1 labels, in O(n log n). Inputs are never modified.
 * Scores may be any finite or infinite values (only their order matters for AUC and KS);
 * probabilities for {@link #logLoss} must lie in [0, 1].
 *
 * <p>AUC and KS are NaN when the labels contain only one class. Every method throws
 * {@link IllegalArgumentException} when the arrays differ in length, a label is not 0 or 1, or a
 * score is NaN, naming the index at fault.
 */
public final class BinaryMetrics {
  /** Probabilities are clamped to [EPSILON, 1 - EPSILON] before taking logarithms. */
  public static final double LOG_LOSS_EPSILON = 1e-15;

  private BinaryMetrics() {}

  /**
   * Area under the ROC curve: the probability that a random positive scores higher than a random
   * negative, ties counting one half (the Mann-Whitney statistic with mid-ranks).
   */
  public static double auc(double[] scores, double[] labels) {
    return walk(scores, labels).auc();
  }

  /**
   * Kolmogorov-Smirnov statistic: the largest |TPR - FPR| over all thresholds, where examples
   * with equal scores are always on the same side of a threshold.
   */
  public static double ks(double[] scores, double[] labels) {
    return walk(scores, labels).ks();
  }

  /** Gini coefficient (accuracy ratio), {@code 2 * auc - 1}. */
  public static double gini(double[] scores, double[] labels) {
    return 2 * auc(scores, labels) - 1;
  }

  /** Mean binary cross-entropy with probabilities clamped at {@link #LOG_LOSS_EPSILON}. */
  public static double logLoss(double[] probabilities, double[] labels) {
    if (probabilities.length == 0) {
      throw new IllegalArgumentException("log-loss of an empty set is undefined");
    }
    return logLossSum(probabilities, labels) / probabilities.length;
  }

  /**
   * Sum (not mean) of the clamped binary cross-entropy: what one party contributes to a pooled
   * log-loss (see {@link FederatedEvaluation}).
   */
  public static double logLossSum(double[] probabilities, double[] labels) {
    checkLengths(probabilities, labels);
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException(
            "probability at index " + i + " is " + p + ", not in [0, 1]");
      }
      double y = checkLabel(labels, i);
      double q = Math.min(Math.max(p, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
      sum -= y == 1.0 ? Math.log(q) : Math.log1p(-q);
    }
    return sum;
  }

  /** AUC, KS, Gini and log-loss of probabilities in one pass over sorted scores. */
  public static EvaluationMetrics evaluate(double[] probabilities, double[] labels) {
    RankCurve curve = walk(probabilities, labels);
    double auc = curve.auc();
    long positives = 0;
    for (double y : labels) {
      positives += (long) y;
    }
    return new EvaluationMetrics(probabilities.length, positives, auc, curve.ks(), 2 * auc - 1,
        logLoss(probabilities, labels));
  }

  /** Sorts each class's scores and walks the distinct scores in ascending order. */
  private static RankCurve walk(double[] scores, double[] labels) {
    checkLengths(scores, labels);
    int positives = 0;
    for (int i = 0; i < labels.length; i++) {
      positives += (int) checkLabel(labels, i);
    }
    double[] pos = new double[positives];
    double[] neg = new double[scores.length - positives];
    int np = 0;
    int nn = 0;
    for (int i = 0; i < scores.length; i++) {
      double s = scores[i];
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException("score at index " + i + " is NaN");
      }
      s += 0.0; // -0.0 becomes 0.0, so that the sort order agrees with ==
      if (labels[i] == 1.0) {
        pos[np++] = s;
      } else {
        neg[nn++] = s;
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    RankCurve curve = new RankCurve(pos.length, neg.length);
    int i = 0;
    int j = 0;
    while (i < pos.length || j < neg.length) {
      double v = i == pos.length ? neg[j] : j == neg.length ? pos[i] : Math.min(pos[i], neg[j]);
      int i0 = i;
      int j0 = j;
      while (i < pos.length && pos[i] == v) {
        i++;
      }
      while (j < neg.length && neg[j] == v) {
        j++;
      }
      curve.group(i - i0, j - j0);
    }
    return curve;
  }

  static void checkLengths(double[] scores, double[] labels) {
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(labels, "labels");
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + labels.length + " labels: lengths must match");
    }
  }

  static double checkLabel(double[] labels, int i) {
    double y = labels[i];
    if (y != 0.0 && y != 1.0) {
      throw new IllegalArgumentException("label at index " + i + " is " + y + ", not 0 or 1");
    }
    return y;
  }
}
