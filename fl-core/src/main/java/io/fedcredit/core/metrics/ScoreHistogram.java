package io.fedcredit.core.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Counts of positive and negative examples per score bin: what a party sends for federated
 * evaluation instead of its scores. Bins are equal-width on the logit {@code log(p / (1 - p))} of
 * the predicted probability over [{@link #logitMin()}, {@link #logitMax()}]; logits outside that
 * range (including p = 0 and p = 1) fall into the edge bins.
 *
 * <p>Histograms with identical binning {@link #merge} by adding counts, so a coordinator can pool
 * the histograms of all banks (in the clear, or summed under secure aggregation since the counts
 * are non-negative integers) and compute pooled {@link #auc()} and {@link #ks()} without seeing a
 * single score. Examples in one bin count as tied: with the default 4096 bins over [-12, 12] a bin
 * is 0.006 logit wide and AUC and KS agree with the exact values to about 1e-4 on credit data.
 * A histogram still reveals a party's score distribution at bin resolution; where that matters,
 * sum the counts under secure aggregation before anyone sees them.
 *
 * <p>Immutable; accessors return copies.
 */
public final class ScoreHistogram {
  /** Default lower edge of the logit range. */
  public static final double DEFAULT_LOGIT_MIN = -12.0;
  /** Default upper edge of the logit range. */
  public static final double DEFAULT_LOGIT_MAX = 12.0;
  /** Default number of bins. */
  public static final int DEFAULT_BINS = 4096;

  private final double logitMin;
  private final double logitMax;
  private final long[] positives;
  private final long[] negatives;
  private final long totalPositives;
  private final long totalNegatives;

  private ScoreHistogram(double logitMin, double logitMax, long[] positives, long[] negatives) {
    this.logitMin = logitMin;
    this.logitMax = logitMax;
    this.positives = positives;
    this.negatives = negatives;
    long p = 0;
    long n = 0;
    for (int b = 0; b < positives.length; b++) {
      p = Math.addExact(p, positives[b]);
      n = Math.addExact(n, negatives[b]);
    }
    this.totalPositives = p;
    this.totalNegatives = n;
  }

  /** The histogram of probabilities with the default binning (-12..12, 4096 bins). */
  public static ScoreHistogram of(double[] probabilities, double[] labels) {
    return of(probabilities, labels, DEFAULT_LOGIT_MIN, DEFAULT_LOGIT_MAX, DEFAULT_BINS);
  }

  /**
   * The histogram of probabilities with the given binning.
   *
   * @throws IllegalArgumentException if lengths differ, a probability is outside [0, 1] or NaN,
   *     a label is not 0 or 1, or the binning is invalid
   */
  public static ScoreHistogram of(
      double[] probabilities, double[] labels, double logitMin, double logitMax, int bins) {
    checkBinning(logitMin, logitMax, bins);
    BinaryMetrics.checkLengths(probabilities, labels);
    long[] pos = new long[bins];
    long[] neg = new long[bins];
    double binsPerLogit = bins / (logitMax - logitMin);
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException(
            "probability at index " + i + " is " + p + ", not in [0, 1]");
      }
      double logit = Math.log(p) - Math.log1p(-p); // -inf at 0, +inf at 1
      double position = Math.floor((logit - logitMin) * binsPerLogit);
      int b = position < 0 ? 0 : position >= bins ? bins - 1 : (int) position;
      if (BinaryMetrics.checkLabel(labels, i) == 1.0) {
        pos[b]++;
      } else {
        neg[b]++;
      }
    }
    return new ScoreHistogram(logitMin, logitMax, pos, neg);
  }

  /**
   * A histogram from counts, as received from another party.
   *
   * @param positives count of examples labelled 1 per bin, lowest logit first
   * @param negatives count of examples labelled 0 per bin, same length
   * @throws IllegalArgumentException naming the field at fault: non-finite or unordered bounds,
   *     null or empty or unequal-length count arrays, or a negative count (with its bin)
   */
  public static ScoreHistogram fromCounts(
      double logitMin, double logitMax, long[] positives, long[] negatives) {
    if (positives == null || negatives == null) {
      throw new IllegalArgumentException(
          (positives == null ? "positives" : "negatives") + " must not be null");
    }
    if (positives.length != negatives.length) {
      throw new IllegalArgumentException("positives has " + positives.length
          + " bins but negatives has " + negatives.length + ": they must match");
    }
    checkBinning(logitMin, logitMax, positives.length);
    for (int b = 0; b < positives.length; b++) {
      if (positives[b] < 0) {
        throw new IllegalArgumentException("positives[" + b + "] is negative: " + positives[b]);
      }
      if (negatives[b] < 0) {
        throw new IllegalArgumentException("negatives[" + b + "] is negative: " + negatives[b]);
      }
    }
    return new ScoreHistogram(logitMin, logitMax, positives.clone(), negatives.clone());
  }

  /** An empty histogram with the given binning, the identity of {@link #merge}. */
  public static ScoreHistogram empty(double logitMin, double logitMax, int bins) {
    checkBinning(logitMin, logitMax, bins);
    return new ScoreHistogram(logitMin, logitMax, new long[bins], new long[bins]);
  }

  private static void checkBinning(double logitMin, double logitMax, int bins) {
    if (!Double.isFinite(logitMin)) {
      throw new IllegalArgumentException("logitMin must be finite: " + logitMin);
    }
    if (!Double.isFinite(logitMax)) {
      throw new IllegalArgumentException("logitMax must be finite: " + logitMax);
    }
    if (!(logitMin < logitMax)) {
      throw new IllegalArgumentException(
          "logitMin " + logitMin + " must be below logitMax " + logitMax);
    }
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1: " + bins);
    }
  }

  /**
   * The pooled histogram: counts added bin by bin. Does not modify either operand.
   *
   * @throws IllegalArgumentException if the binning (range or bin count) differs, saying how
   * @throws ArithmeticException if a count overflows a {@code long}
   */
  public ScoreHistogram merge(ScoreHistogram other) {
    Objects.requireNonNull(other, "other");
    if (Double.compare(logitMin, other.logitMin) != 0
        || Double.compare(logitMax, other.logitMax) != 0) {
      throw new IllegalArgumentException("cannot merge histograms over different logit ranges: ["
          + logitMin + ", " + logitMax + "] vs [" + other.logitMin + ", " + other.logitMax + "]");
    }
    if (positives.length != other.positives.length) {
      throw new IllegalArgumentException("cannot merge histograms with different bin counts: "
          + positives.length + " vs " + other.positives.length);
    }
    long[] pos = new long[positives.length];
    long[] neg = new long[positives.length];
    for (int b = 0; b < pos.length; b++) {
      pos[b] = Math.addExact(positives[b], other.positives[b]);
      neg[b] = Math.addExact(negatives[b], other.negatives[b]);
    }
    return new ScoreHistogram(logitMin, logitMax, pos, neg);
  }

  /** AUC with examples in one bin counted as tied; NaN when a class is empty. */
  public double auc() {
    return walk().auc();
  }

  /** KS over the bin edges; NaN when a class is empty. */
  public double ks() {
    return walk().ks();
  }

  private RankCurve walk() {
    RankCurve curve = new RankCurve(totalPositives, totalNegatives);
    for (int b = 0; b < positives.length; b++) {
      curve.group(positives[b], negatives[b]);
    }
    return curve;
  }

  /** Total examples labelled 1. */
  public long positives() {
    return totalPositives;
  }

  /** Total examples labelled 0. */
  public long negatives() {
    return totalNegatives;
  }

  /** Total examples. */
  public long examples() {
    return totalPositives + totalNegatives;
  }

  /** A copy of the per-bin counts of positives, lowest logit first. */
  public long[] positiveCounts() {
    return positives.clone();
  }

  /** A copy of the per-bin counts of negatives, lowest logit first. */
  public long[] negativeCounts() {
    return negatives.clone();
  }

  public double logitMin() {
    return logitMin;
  }

  public double logitMax() {
    return logitMax;
  }

  /** Number of bins. */
  public int bins() {
    return positives.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreHistogram h
        && Double.compare(logitMin, h.logitMin) == 0
        && Double.compare(logitMax, h.logitMax) == 0
        && Arrays.equals(positives, h.positives)
        && Arrays.equals(negatives, h.negatives);
  }

  @Override
  public int hashCode() {
    return Objects.hash(logitMin, logitMax, Arrays.hashCode(positives), Arrays.hashCode(negatives));
  }

  @Override
  public String toString() {
    return "ScoreHistogram[" + positives.length + " bins over logit [" + logitMin + ", " + logitMax
        + "], " + totalPositives + " positives, " + totalNegatives + " negatives]";
  }
}
