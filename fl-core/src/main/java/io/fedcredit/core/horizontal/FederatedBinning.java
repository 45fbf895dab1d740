package io.fedcredit.core.horizontal;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.FeatureTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantile bin edges for banks that hold the same features on different rows, from two securely
 * summed count histograms, so that no one sees a bank's values or even its own histogram:
 *
 * <ol>
 *   <li>Every bank counts its values of each feature on a fixed coarse grid of
 *       {@value #COARSE_CELLS} cells over {@code asinh(x)} in [-22, 22] (relative resolution of
 *       about 2% for large values, 0.02 near zero; values beyond about 1.8e9 in magnitude fall in
 *       the end cells), plus its row count and number of positives. The summed counts give each
 *       feature's pooled range: the first and last occupied coarse cell.</li>
 *   <li>Every bank counts its values on a fine linear grid of {@value #FINE_CELLS} cells over
 *       that range. From the summed counts, the cut for quantile {@code q / maxBins} is the upper
 *       edge of the fine cell holding the pooled value of that rank (the rank {@link
 *       io.fedcredit.core.credit.Binning#quantiles} uses), as long as it leaves values above it
 *       and exceeds the previous cut.</li>
 * </ol>
 *
 * <p>What the aggregator learns: the pooled row count and positives, and each feature's pooled
 * marginal counts on the two grids (nothing per bank, nothing joint across features). The cuts
 * differ from exact pooled quantiles by less than one fine cell (1/4096 of the range).
 */
public final class FederatedBinning {
  /** Cells of the coarse grid over {@code asinh(x)}. */
  public static final int COARSE_CELLS = 2048;
  /** Cells of the fine grid over each feature's pooled range. */
  public static final int FINE_CELLS = 4096;
  private static final double ASINH_LIMIT = 22.0;

  private FederatedBinning() {}

  /**
   * Each feature's pooled range: {@code [lower[j], upper[j]]}, with {@code upper > lower}.
   *
   * @param lower lower ends
   * @param upper upper ends
   */
  public record Ranges(double[] lower, double[] upper) {
    public Ranges {
      lower = lower.clone();
      upper = upper.clone();
      if (lower.length != upper.length) {
        throw new IllegalArgumentException(lower.length + " lower ends, " + upper.length
            + " upper ends");
      }
      for (int j = 0; j < lower.length; j++) {
        if (!(upper[j] > lower[j]) || !Double.isFinite(lower[j]) || !Double.isFinite(upper[j])) {
          throw new IllegalArgumentException("feature " + j + ": range [" + lower[j] + ", "
              + upper[j] + "] is empty or not finite");
        }
      }
    }

    @Override
    public double[] lower() {
      return lower.clone();
    }

    @Override
    public double[] upper() {
      return upper.clone();
    }

    int features() {
      return lower.length;
    }
  }

  /** The coarse cell of a value. */
  static int coarseCell(double x) {
    double a = asinh(x);
    int c = (int) Math.floor((a + ASINH_LIMIT) / (2 * ASINH_LIMIT) * COARSE_CELLS);
    return Math.max(0, Math.min(COARSE_CELLS - 1, c));
  }

  private static double asinh(double x) {
    double ax = Math.abs(x);
    double r = Math.log(ax + Math.sqrt(ax * ax + 1));
    return x < 0 ? -r : r;
  }

  private static double coarseEdge(int i) {
    return Math.sinh(-ASINH_LIMIT + 2 * ASINH_LIMIT * i / COARSE_CELLS);
  }

  /**
   * A bank's step 1: per feature, its counts on the coarse grid ({@code [j * COARSE_CELLS + c]}),
   * then its row count and its number of positives.
   */
  public static long[] coarseCounts(FeatureTable rows) {
    int d = rows.numFeatures();
    long[] out = new long[d * COARSE_CELLS + 2];
    double[] v = rows.values();
    for (int r = 0; r < rows.rows(); r++) {
      for (int j = 0; j < d; j++) {
        out[j * COARSE_CELLS + coarseCell(v[r * d + j])]++;
      }
    }
    out[d * COARSE_CELLS] = rows.rows();
    out[d * COARSE_CELLS + 1] = rows.positives();
    return out;
  }

  /**
   * The aggregator's step 1: each feature's pooled range from the summed coarse counts.
   *
   * @throws IllegalArgumentException when the sum has the wrong length or a feature no count
   */
  public static Ranges ranges(long[] coarseSum, int features) {
    requireLength(coarseSum, features * COARSE_CELLS + 2, "coarse counts");
    double[] lo = new double[features];
    double[] hi = new double[features];
    for (int j = 0; j < features; j++) {
      int first = -1;
      int last = -1;
      for (int c = 0; c < COARSE_CELLS; c++) {
        long k = coarseSum[j * COARSE_CELLS + c];
        if (k < 0) {
          throw new IllegalArgumentException("feature " + j + ": negative count in cell " + c);
        }
        if (k > 0) {
          if (first < 0) {
            first = c;
          }
          last = c;
        }
      }
      if (first < 0) {
        throw new IllegalArgumentException("feature " + j + " has no value in the coarse counts");
      }
      lo[j] = coarseEdge(first); // values beyond the grid fall in the end fine cells
      hi[j] = coarseEdge(last + 1);
    }
    return new Ranges(lo, hi);
  }

  /** The fine cell of a value in a range. */
  static int fineCell(double x, double lo, double hi) {
    double t = (x - lo) / (hi - lo) * FINE_CELLS;
    int c = (int) Math.floor(t);
    return Math.max(0, Math.min(FINE_CELLS - 1, c));
  }

  private static double fineEdge(int i, double lo, double hi) {
    return lo + (hi - lo) * i / FINE_CELLS;
  }

  /** A bank's step 2: per feature, its counts on the fine grid ({@code [j * FINE_CELLS + c]}). */
  public static long[] fineCounts(FeatureTable rows, Ranges ranges) {
    int d = rows.numFeatures();
    if (ranges.features() != d) {
      throw new IllegalArgumentException(ranges.features() + " ranges for " + d + " features");
    }
    double[] lo = ranges.lower();
    double[] hi = ranges.upper();
    long[] out = new long[d * FINE_CELLS];
    double[] v = rows.values();
    for (int r = 0; r < rows.rows(); r++) {
      for (int j = 0; j < d; j++) {
        out[j * FINE_CELLS + fineCell(v[r * d + j], lo[j], hi[j])]++;
      }
    }
    return out;
  }

  /**
   * The aggregator's step 2: quantile cuts from the summed fine counts.
   *
   * @param names feature names, in order
   * @param maxBins most bins per feature
   * @throws IllegalArgumentException when the sum has the wrong length or negative counts
   */
  public static List<BinEdges> edges(long[] fineSum, Ranges ranges, List<String> names,
      int maxBins) {
    int d = names.size();
    requireLength(fineSum, d * FINE_CELLS, "fine counts");
    List<BinEdges> out = new ArrayList<>();
    double[] lo = ranges.lower();
    double[] hi = ranges.upper();
    for (int j = 0; j < d; j++) {
      long n = 0;
      int last = -1;
      for (int c = 0; c < FINE_CELLS; c++) {
        long k = fineSum[j * FINE_CELLS + c];
        if (k < 0) {
          throw new IllegalArgumentException(names.get(j) + ": negative count in cell " + c);
        }
        n += k;
        if (k > 0) {
          last = c;
        }
      }
      List<Double> cuts = new ArrayList<>();
      int cell = 0;
      long below = 0; // values in cells before `cell`
      for (int q = 1; q < maxBins && n > 0; q++) {
        long rank = (long) Math.ceil((double) q * n / maxBins) - 1;
        if (rank < 0 || rank >= n - 1) {
          continue;
        }
        while (below + fineSum[j * FINE_CELLS + cell] <= rank) {
          below += fineSum[j * FINE_CELLS + cell];
          cell++;
        }
        double cut = fineEdge(cell + 1, lo[j], hi[j]);
        if (cell < last && (cuts.isEmpty() || cut > cuts.get(cuts.size() - 1))) {
          cuts.add(cut);
        }
      }
      out.add(new BinEdges(names.get(j), cuts.stream().mapToDouble(Double::doubleValue)
          .toArray()));
    }
    return out;
  }

  /** The pooled row count and positives from the summed coarse counts. */
  public static long[] labelCounts(long[] coarseSum, int features) {
    requireLength(coarseSum, features * COARSE_CELLS + 2, "coarse counts");
    return new long[] {coarseSum[features * COARSE_CELLS],
        coarseSum[features * COARSE_CELLS + 1]};
  }

  private static void requireLength(long[] v, int expected, String what) {
    if (v.length != expected) {
      throw new IllegalArgumentException(what + " have " + v.length + " entries, expected "
          + expected);
    }
  }
}
