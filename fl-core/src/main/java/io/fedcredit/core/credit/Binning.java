package io.fedcredit.core.credit;

import io.fedcredit.core.data.FeatureTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Binning of a party's own features, computed where the data lives (the data node bins its
 * features without seeing labels). Quantile edges put about the same number of rows in each bin;
 * ties are kept together, so a feature with few distinct values gets fewer bins.
 */
public final class Binning {
  private Binning() {}

  /**
   * Quantile cut points for every feature of a table.
   *
   * @param maxBins most bins per feature, at least 2
   */
  public static List<BinEdges> quantiles(FeatureTable table, int maxBins) {
    if (maxBins < 2) {
      throw new IllegalArgumentException("maxBins must be >= 2: " + maxBins);
    }
    List<BinEdges> out = new ArrayList<>();
    int n = table.rows();
    for (int j = 0; j < table.numFeatures(); j++) {
      double[] v = new double[n];
      for (int r = 0; r < n; r++) {
        v[r] = table.value(r, j);
      }
      Arrays.sort(v);
      List<Double> cuts = new ArrayList<>();
      for (int q = 1; q < maxBins; q++) {
        int idx = (int) Math.ceil((double) q * n / maxBins) - 1;
        if (idx < 0 || idx >= n - 1) {
          continue;
        }
        double cut = v[idx];
        // a cut must leave values above it, and must be new
        if (cut < v[n - 1] && (cuts.isEmpty() || cut > cuts.get(cuts.size() - 1))) {
          cuts.add(cut);
        }
      }
      out.add(new BinEdges(table.schema().featureNames().get(j),
          cuts.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return out;
  }

  /** Bin indices of every row for every feature, {@code [feature][row]}. */
  public static int[][] assign(FeatureTable table, List<BinEdges> edges) {
    if (edges.size() != table.numFeatures()) {
      throw new IllegalArgumentException(edges.size() + " binnings for "
          + table.numFeatures() + " features");
    }
    int[][] out = new int[edges.size()][table.rows()];
    for (int j = 0; j < edges.size(); j++) {
      BinEdges e = edges.get(j);
      for (int r = 0; r < table.rows(); r++) {
        out[j][r] = e.binOf(table.value(r, j));
      }
    }
    return out;
  }

  /**
   * Merges adjacent bins until weight of evidence is monotone in the feature (increasing or
   * decreasing, whichever keeps more information value), merging at each step the adjacent pair
   * whose counts are most alike. Works from counts only, so the label holder can run it on
   * federated sums and send back which cuts to drop.
   *
   * @param goods per-bin count of label-0 rows
   * @param bads per-bin count of label-1 rows
   * @return the monotone bins with their counts, WOE and IV
   */
  public static WoeTable.Feature monotone(BinEdges edges, long[] goods, long[] bads) {
    WoeTable.Feature up = mergeUntilMonotone(edges, goods, bads, true);
    WoeTable.Feature down = mergeUntilMonotone(edges, goods, bads, false);
    return up.iv() >= down.iv() ? up : down;
  }

  private static WoeTable.Feature mergeUntilMonotone(BinEdges edges, long[] goods, long[] bads,
      boolean increasing) {
    BinEdges e = edges;
    long[] g = goods.clone();
    long[] b = bads.clone();
    while (true) {
      WoeTable.Feature f = WoeTable.Feature.of(e, g, b);
      double[] woe = f.woe();
      int worst = -1;
      double closest = Double.POSITIVE_INFINITY;
      for (int i = 0; i + 1 < woe.length; i++) {
        boolean violates = increasing ? woe[i + 1] < woe[i] : woe[i + 1] > woe[i];
        if (violates) {
          double gap = Math.abs(woe[i + 1] - woe[i]);
          if (gap < closest) {
            closest = gap;
            worst = i;
          }
        }
      }
      if (worst < 0) {
        return f;
      }
      e = e.mergeWithNext(worst);
      g = mergeCounts(g, worst);
      b = mergeCounts(b, worst);
    }
  }

  private static long[] mergeCounts(long[] c, int i) {
    long[] out = new long[c.length - 1];
    System.arraycopy(c, 0, out, 0, i);
    out[i] = c[i] + c[i + 1];
    System.arraycopy(c, i + 2, out, i + 1, c.length - i - 2);
    return out;
  }

  /**
   * WOE and IV of every feature of a labelled table, from its own labels (the guest's features
   * in a vertical job).
   */
  public static List<WoeTable.Feature> woe(FeatureTable labelled, List<BinEdges> edges) {
    int[][] bins = assign(labelled, edges);
    List<WoeTable.Feature> out = new ArrayList<>();
    for (int j = 0; j < edges.size(); j++) {
      long[] goods = new long[edges.get(j).bins()];
      long[] bads = new long[goods.length];
      for (int r = 0; r < labelled.rows(); r++) {
        if (labelled.label(r) == 1) {
          bads[bins[j][r]]++;
        } else {
          goods[bins[j][r]]++;
        }
      }
      out.add(WoeTable.Feature.of(edges.get(j), goods, bads));
    }
    return out;
  }

  /**
   * The table with every feature replaced by the WOE of its bin: {@code woe.get(f)[b]} for a
   * value in bin {@code b} of {@code f}'s edges. Features keep their names; ids and labels stay.
   *
   * @throws IllegalArgumentException when a feature has no edges or WOE, or their bins differ
   */
  public static FeatureTable woeTransform(FeatureTable table, List<BinEdges> edges,
      java.util.Map<String, double[]> woe) {
    List<String> names = table.schema().featureNames();
    int d = names.size();
    BinEdges[] e = new BinEdges[d];
    double[][] w = new double[d][];
    for (int j = 0; j < d; j++) {
      String f = names.get(j);
      e[j] = edges.stream().filter(x -> x.feature().equals(f)).findFirst().orElseThrow(
          () -> new IllegalArgumentException("no bins for feature '" + f + "'"));
      w[j] = woe.get(f);
      if (w[j] == null || w[j].length != e[j].bins()) {
        throw new IllegalArgumentException("feature '" + f + "': " + e[j].bins() + " bins but "
            + (w[j] == null ? "no" : w[j].length) + " WOE values");
      }
    }
    double[] values = new double[table.rows() * d];
    for (int r = 0; r < table.rows(); r++) {
      for (int j = 0; j < d; j++) {
        values[r * d + j] = w[j][e[j].binOf(table.value(r, j))];
      }
    }
    return FeatureTable.of(table.schema(), table.ids(), table.hasLabels() ? table.labels() : null,
        values);
  }
}
