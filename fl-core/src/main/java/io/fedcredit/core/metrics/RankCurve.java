package io.fedcredit.core.metrics;

/**
 * Walks score groups in ascending score order and accumulates AUC and KS. A group holds every
 * example that shares one score (exact metrics) or one bin (histogram metrics), so ties inside a
 * group count as one half for AUC and no threshold falls inside a group for KS. Both
 * {@link BinaryMetrics} and {@link ScoreHistogram} use this one walk.
 */
final class RankCurve {
  private final double totalPositives;
  private final double totalNegatives;
  private double positivesBelow;
  private double negativesBelow;
  private double aucNumerator;
  private double ks;

  RankCurve(long totalPositives, long totalNegatives) {
    this.totalPositives = totalPositives;
    this.totalNegatives = totalNegatives;
  }

  /** Adds the next group (its score is higher than every group added before). */
  void group(long positives, long negatives) {
    // each positive of this group outranks every negative below and ties with those in it
    aucNumerator += positives * (negativesBelow + 0.5 * negatives);
    positivesBelow += positives;
    negativesBelow += negatives;
    if (totalPositives > 0 && totalNegatives > 0) {
      // cumulative distributions below the threshold; |F+ - F-| = |TPR - FPR| above it
      double gap = Math.abs(negativesBelow / totalNegatives - positivesBelow / totalPositives);
      if (gap > ks) {
        ks = gap;
      }
    }
  }

  /** AUC, or NaN when one class is empty. */
  double auc() {
    return totalPositives > 0 && totalNegatives > 0
        ? aucNumerator / (totalPositives * totalNegatives)
        : Double.NaN;
  }

  /** KS, or NaN when one class is empty. */
  double ks() {
    return totalPositives > 0 && totalNegatives > 0 ? ks : Double.NaN;
  }
}
