package io.fedcredit.core.tree;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.credit.Binning;
import io.fedcredit.core.data.FeatureTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A party's features as bin indices: one unsigned byte per (feature, row), stored column by
 * column so a histogram pass over one feature reads one contiguous array. Bin {@code b} of a
 * feature holds the values in {@code (cut[b-1], cut[b]]} of its {@link BinEdges}, so a split
 * "bin <= b goes left" is the same as "value <= cut[b] goes left". Immutable.
 */
public final class BinnedFeatures {
  private final List<BinEdges> edges;
  private final byte[][] bins; // [feature][row]
  private final int rows;

  private BinnedFeatures(List<BinEdges> edges, byte[][] bins, int rows) {
    this.edges = edges;
    this.bins = bins;
    this.rows = rows;
  }

  /**
   * Quantile edges of every feature of a table ({@link Binning#quantiles}): at most
   * {@code maxBins} bins, ties kept together.
   *
   * @throws IllegalArgumentException when {@code maxBins} is outside 2..256
   */
  public static List<BinEdges> quantileEdges(FeatureTable table, int maxBins) {
    if (maxBins < 2 || maxBins > 256) {
      throw new IllegalArgumentException("maxBins " + maxBins + " is outside 2..256");
    }
    return Binning.quantiles(table, maxBins);
  }

  /**
   * Bins a table with given edges (one per feature, in the table's feature order, matched by
   * name), on all cores.
   *
   * @throws IllegalArgumentException when an edge list does not match the table's features or a
   *     feature has more than 256 bins
   */
  public static BinnedFeatures of(FeatureTable table, List<BinEdges> edges) {
    Objects.requireNonNull(table, "table");
    List<String> names = table.schema().featureNames();
    if (edges.size() != names.size()) {
      throw new IllegalArgumentException(edges.size() + " bin edges for " + names.size()
          + " features");
    }
    for (int j = 0; j < edges.size(); j++) {
      if (!edges.get(j).feature().equals(names.get(j))) {
        throw new IllegalArgumentException("bin edges " + j + " are for '"
            + edges.get(j).feature() + "', the table's feature " + j + " is '" + names.get(j)
            + "'");
      }
      if (edges.get(j).bins() > 256) {
        throw new IllegalArgumentException("feature '" + names.get(j) + "' has "
            + edges.get(j).bins() + " bins; at most 256 fit a byte");
      }
    }
    int n = table.rows();
    int d = names.size();
    double[] values = table.values();
    byte[][] bins = new byte[d][n];
    IntStream.range(0, d).parallel().forEach(j -> {
      BinEdges e = edges.get(j);
      byte[] col = bins[j];
      for (int r = 0; r < n; r++) {
        col[r] = (byte) e.binOf(values[r * d + j]);
      }
    });
    return new BinnedFeatures(List.copyOf(edges), bins, n);
  }

  /** Quantile edges from the table itself, then its bins. */
  public static BinnedFeatures quantiles(FeatureTable table, int maxBins) {
    return of(table, quantileEdges(table, maxBins));
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Number of features. */
  public int features() {
    return bins.length;
  }

  /** The edges of every feature. */
  public List<BinEdges> edges() {
    return edges;
  }

  /** The feature names, in order. */
  public List<String> featureNames() {
    List<String> out = new ArrayList<>(edges.size());
    for (BinEdges e : edges) {
      out.add(e.feature());
    }
    return out;
  }

  /** Bins of every feature, in order. */
  public int[] binCounts() {
    int[] out = new int[edges.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = edges.get(j).bins();
    }
    return out;
  }

  /** The bin of one cell. */
  public int bin(int feature, int row) {
    return bins[feature][row] & 0xFF;
  }

  /**
   * The bins of one feature, one byte per row (read as unsigned). Shared, not copied: callers
   * must not modify it.
   */
  byte[] column(int feature) {
    return bins[feature];
  }

  /** The upper edge of bin {@code bin} of a feature: values up to it go left. */
  public double threshold(int feature, int bin) {
    double[] cuts = edges.get(feature).cuts();
    if (bin < 0 || bin >= cuts.length) {
      throw new IllegalArgumentException("feature '" + edges.get(feature).feature() + "' has no "
          + "cut after bin " + bin + " (" + cuts.length + " cuts)");
    }
    return cuts[bin];
  }

  /**
   * The bin whose upper edge is {@code threshold}: the last bin a split at that threshold sends
   * left.
   *
   * @throws IllegalArgumentException when the threshold is not one of the feature's cuts
   */
  public int binOfThreshold(int feature, double threshold) {
    int b = java.util.Arrays.binarySearch(edges.get(feature).cuts(), threshold);
    if (b < 0) {
      throw new IllegalArgumentException("threshold " + threshold + " is not a cut of feature '"
          + edges.get(feature).feature() + "'");
    }
    return b;
  }

  /**
   * The rows among {@code rows} whose bin of {@code feature} is at most {@code bin}, in order,
   * and the others: {@code [0]} left, {@code [1]} right.
   */
  public int[][] partition(int[] rows, int feature, int bin) {
    byte[] col = bins[feature];
    int[] left = new int[rows.length];
    int[] right = new int[rows.length];
    int nl = 0;
    int nr = 0;
    for (int r : rows) {
      if ((col[r] & 0xFF) <= bin) {
        left[nl++] = r;
      } else {
        right[nr++] = r;
      }
    }
    return new int[][] {java.util.Arrays.copyOf(left, nl), java.util.Arrays.copyOf(right, nr)};
  }
}
