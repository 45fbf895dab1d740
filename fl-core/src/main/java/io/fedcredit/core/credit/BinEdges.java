package io.fedcredit.core.credit;

import java.util.Arrays;
import java.util.Objects;

/**
 * The bins of one feature: {@code k} ascending cut points make {@code k + 1} bins,
 * {@code (-inf, c_1], (c_1, c_2], ..., (c_k, +inf)}. Immutable.
 *
 * @param feature the feature's name
 */
public record BinEdges(String feature, double[] cuts) {

  public BinEdges {
    Objects.requireNonNull(feature, "feature");
    cuts = cuts.clone();
    for (int i = 0; i < cuts.length; i++) {
      if (!Double.isFinite(cuts[i])) {
        throw new IllegalArgumentException(feature + ": cut " + i + " is not finite");
      }
      if (i > 0 && !(cuts[i] > cuts[i - 1])) {
        throw new IllegalArgumentException(feature + ": cuts must increase strictly, got "
            + Arrays.toString(cuts));
      }
    }
  }

  /**
   * Edges over bin indices {@code 0..bins-1} (cuts at {@code 0.5, 1.5, ...}): how the label
   * holder sees another party's binned feature, whose real cut points stay with that party.
   */
  public static BinEdges ofIndices(String feature, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException(feature + ": needs at least one bin");
    }
    double[] cuts = new double[bins - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 0.5;
    }
    return new BinEdges(feature, cuts);
  }

  /** A copy of the cut points. */
  @Override
  public double[] cuts() {
    return cuts.clone();
  }

  public int bins() {
    return cuts.length + 1;
  }

  /** The bin of a value: the number of cut points strictly below it. */
  public int binOf(double value) {
    int lo = 0;
    int hi = cuts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (value <= cuts[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The edges after merging bin {@code b} with bin {@code b + 1} (removes cut {@code b}). */
  public BinEdges mergeWithNext(int b) {
    if (b < 0 || b >= cuts.length) {
      throw new IndexOutOfBoundsException("no bin after bin " + b + " of " + bins());
    }
    double[] out = new double[cuts.length - 1];
    System.arraycopy(cuts, 0, out, 0, b);
    System.arraycopy(cuts, b + 1, out, b, cuts.length - b - 1);
    return new BinEdges(feature, out);
  }

  /** A readable label of bin {@code b}, e.g. {@code (1.5, 3.2]}. */
  public String label(int b) {
    String lo = b == 0 ? "-inf" : fmt(cuts[b - 1]);
    String hi = b == cuts.length ? "+inf)" : fmt(cuts[b]) + "]";
    return "(" + lo + ", " + hi;
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4g", v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinEdges e && e.feature.equals(feature) && Arrays.equals(e.cuts, cuts);
  }

  @Override
  public int hashCode() {
    return 31 * feature.hashCode() + Arrays.hashCode(cuts);
  }

  @Override
  public String toString() {
    return "BinEdges[" + feature + ", " + bins() + " bins]";
  }
}
