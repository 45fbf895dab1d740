package io.fedcredit.core.credit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weight of evidence and information value of binned features, computed from per-bin counts of
 * goods (label 0) and bads (label 1). The counts may come from plaintext or from decrypted
 * federated sums; nothing here needs rows. Empty cells are smoothed by adding 0.5 to both counts
 * of every bin of a feature that has one, so WOE stays finite. Immutable.
 */
public final class WoeTable {
  private final Map<String, Feature> features;

  private WoeTable(Map<String, Feature> features) {
    this.features = features;
  }

  /** A table of the given features, in order. */
  public static WoeTable of(List<Feature> features) {
    Map<String, Feature> m = new LinkedHashMap<>();
    for (Feature f : features) {
      if (m.put(f.edges().feature(), f) != null) {
        throw new IllegalArgumentException("feature '" + f.edges().feature() + "' twice");
      }
    }
    return new WoeTable(m);
  }

  public List<Feature> features() {
    return List.copyOf(features.values());
  }

  public Feature feature(String name) {
    Feature f = features.get(name);
    if (f == null) {
      throw new IllegalArgumentException("no feature '" + name + "'; have " + features.keySet());
    }
    return f;
  }

  /** Features with information value at least {@code threshold}, in the table's order. */
  public List<String> selectByIv(double threshold) {
    List<String> out = new ArrayList<>();
    for (Feature f : features.values()) {
      if (f.iv() >= threshold) {
        out.add(f.edges().feature());
      }
    }
    return out;
  }

  /** The features by information value, highest first. */
  public List<Feature> rankedByIv() {
    List<Feature> out = new ArrayList<>(features.values());
    out.sort(Comparator.comparingDouble(Feature::iv).reversed());
    return out;
  }

  /**
   * One feature's bins, counts, WOE and IV.
   *
   * @param edges the bins
   * @param goods count of label-0 rows per bin
   * @param bads count of label-1 rows per bin
   */
  public record Feature(BinEdges edges, long[] goods, long[] bads, double[] woe, double iv) {

    /**
     * Computes WOE and IV from counts.
     *
     * @throws IllegalArgumentException if the lengths do not match the bins, a count is
     *     negative, or the feature has no good or no bad at all
     */
    public static Feature of(BinEdges edges, long[] goods, long[] bads) {
      int k = edges.bins();
      if (goods.length != k || bads.length != k) {
        throw new IllegalArgumentException(edges.feature() + ": " + k + " bins but "
            + goods.length + " good and " + bads.length + " bad counts");
      }
      double smooth = 0;
      long totalG = 0;
      long totalB = 0;
      for (int i = 0; i < k; i++) {
        if (goods[i] < 0 || bads[i] < 0) {
          throw new IllegalArgumentException(edges.feature() + ": negative count in bin " + i);
        }
        totalG += goods[i];
        totalB += bads[i];
        if (goods[i] == 0 || bads[i] == 0) {
          smooth = 0.5;
        }
      }
      if (totalG == 0 || totalB == 0) {
        throw new IllegalArgumentException(edges.feature() + ": needs both goods and bads, got "
            + totalG + " goods and " + totalB + " bads");
      }
      double g = totalG + smooth * k;
      double b = totalB + smooth * k;
      double[] woe = new double[k];
      double iv = 0;
      for (int i = 0; i < k; i++) {
        double pg = (goods[i] + smooth) / g;
        double pb = (bads[i] + smooth) / b;
        woe[i] = Math.log(pg / pb);
        iv += (pg - pb) * woe[i];
      }
      return new Feature(edges, goods.clone(), bads.clone(), woe, iv);
    }

    @Override
    public long[] goods() {
      return goods.clone();
    }

    @Override
    public long[] bads() {
      return bads.clone();
    }

    @Override
    public double[] woe() {
      return woe.clone();
    }

    /** WOE of the bin a value falls in. */
    public double woeOf(double value) {
      return woe[edges.binOf(value)];
    }

    /** Siddiqi's reading of IV: unpredictive, weak, medium, strong, or suspiciously strong. */
    public String strength() {
      return iv < 0.02 ? "unpredictive" : iv < 0.1 ? "weak" : iv < 0.3 ? "medium"
          : iv < 0.5 ? "strong" : "suspicious (check for leakage)";
    }
  }
}
