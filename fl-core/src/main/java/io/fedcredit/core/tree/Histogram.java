package io.fedcredit.core.tree;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The gradient histogram of one tree node: for every feature and bin, the sums of the quantized
 * gradients and hessians ({@link Gradients}) and the number of rows of the node in that bin. Sums
 * are exact 64-bit integers, so a sibling's histogram is exactly the parent's minus the other
 * child's. Features a tree may not split on are left out ({@link #has}). Mutable while being
 * filled; not thread-safe except where a method says so.
 */
public final class Histogram {
  private final int[] bins;
  private final int[] offsets;
  private final long[] data; // stride 3 per (feature, bin): g, h, count
  private final boolean[] present;

  /** An empty histogram over features with the given numbers of bins. */
  public Histogram(int[] binsPerFeature) {
    this.bins = binsPerFeature.clone();
    this.offsets = new int[bins.length + 1];
    for (int f = 0; f < bins.length; f++) {
      if (bins[f] < 1) {
        throw new IllegalArgumentException("feature " + f + " has " + bins[f] + " bins");
      }
      offsets[f + 1] = offsets[f] + bins[f];
    }
    this.data = new long[3 * offsets[bins.length]];
    this.present = new boolean[bins.length];
  }

  /**
   * The histogram of some rows of a party's binned features, for the features marked in
   * {@code features} (all when null), built on all cores (one feature per task).
   */
  public static Histogram build(BinnedFeatures x, Gradients grad, int[] rows,
      boolean[] features) {
    Histogram out = new Histogram(x.binCounts());
    long[] g = grad.gradients();
    long[] h = grad.hessians();
    IntStream.range(0, x.features()).parallel().forEach(f -> {
      if (features != null && !features[f]) {
        return;
      }
      byte[] col = x.column(f);
      long[] d = out.data;
      int base = 3 * out.offsets[f];
      for (int r : rows) {
        int i = base + 3 * (col[r] & 0xFF);
        d[i] += g[r];
        d[i + 1] += h[r];
        d[i + 2]++;
      }
      out.present[f] = true;
    });
    return out;
  }

  /** Number of features. */
  public int features() {
    return bins.length;
  }

  /** Bins of a feature. */
  public int bins(int feature) {
    return bins[feature];
  }

  /** Bins of every feature (a copy). */
  public int[] binCounts() {
    return bins.clone();
  }

  /** Whether the feature's sums were filled in. */
  public boolean has(int feature) {
    return present[feature];
  }

  /** Quantized gradient sum of a bin. */
  public long gradient(int feature, int bin) {
    return data[index(feature, bin)];
  }

  /** Quantized hessian sum of a bin. */
  public long hessian(int feature, int bin) {
    return data[index(feature, bin) + 1];
  }

  /** Rows in a bin. */
  public long count(int feature, int bin) {
    return data[index(feature, bin) + 2];
  }

  private int index(int feature, int bin) {
    if (bin < 0 || bin >= bins[feature]) {
      throw new IndexOutOfBoundsException("bin " + bin + " of feature " + feature + " with "
          + bins[feature] + " bins");
    }
    return 3 * (offsets[feature] + bin);
  }

  /**
   * Fills one feature's sums (from another party's histogram, for example) and marks it present.
   * Safe to call concurrently for different features.
   *
   * @throws IllegalArgumentException when an array's length is not the feature's bin count
   */
  public void set(int feature, long[] gradients, long[] hessians, long[] counts) {
    int k = bins[feature];
    if (gradients.length != k || hessians.length != k || counts.length != k) {
      throw new IllegalArgumentException("feature " + feature + " has " + k + " bins; got "
          + gradients.length + "/" + hessians.length + "/" + counts.length + " sums");
    }
    int base = 3 * offsets[feature];
    for (int b = 0; b < k; b++) {
      data[base + 3 * b] = gradients[b];
      data[base + 3 * b + 1] = hessians[b];
      data[base + 3 * b + 2] = counts[b];
    }
    present[feature] = true;
  }

  /**
   * Copies the features of a party's histogram into this one, its feature {@code j} becoming
   * feature {@code offset + j} here.
   *
   * @throws IllegalArgumentException when the bin counts do not match
   */
  public void place(Histogram part, int offset) {
    for (int j = 0; j < part.features(); j++) {
      if (part.bins[j] != bins[offset + j]) {
        throw new IllegalArgumentException("feature " + (offset + j) + " has " + bins[offset + j]
            + " bins, the part's feature " + j + " has " + part.bins[j]);
      }
      if (part.present[j]) {
        int from = 3 * part.offsets[j];
        System.arraycopy(part.data, from, data, 3 * offsets[offset + j], 3 * part.bins[j]);
        present[offset + j] = true;
      }
    }
  }

  /**
   * {@code parent - child} for every feature present in both: the histogram of the child's
   * sibling.
   *
   * @throws IllegalArgumentException when the layouts differ
   */
  public static Histogram subtract(Histogram parent, Histogram child) {
    if (!Arrays.equals(parent.bins, child.bins)) {
      throw new IllegalArgumentException("histograms over different bins");
    }
    Histogram out = new Histogram(parent.bins);
    for (int f = 0; f < parent.bins.length; f++) {
      if (parent.present[f] && child.present[f]) {
        int from = 3 * parent.offsets[f];
        int to = 3 * parent.offsets[f + 1];
        for (int i = from; i < to; i++) {
          out.data[i] = parent.data[i] - child.data[i];
        }
        out.present[f] = true;
      }
    }
    return out;
  }

  /**
   * The node's totals {@code {G, H, count}}, read from the first present feature.
   *
   * @throws IllegalStateException when no feature is present
   */
  public long[] totals() {
    for (int f = 0; f < bins.length; f++) {
      if (present[f]) {
        long[] t = new long[3];
        int base = 3 * offsets[f];
        for (int b = 0; b < bins[f]; b++) {
          t[0] += data[base + 3 * b];
          t[1] += data[base + 3 * b + 1];
          t[2] += data[base + 3 * b + 2];
        }
        return t;
      }
    }
    throw new IllegalStateException("no feature present in the histogram");
  }

  /** Whether two histograms hold the same features and sums. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram other && Arrays.equals(other.bins, bins)
        && Arrays.equals(other.present, present) && Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  /** Prints the shape only, never a sum. */
  @Override
  public String toString() {
    return "Histogram[" + bins.length + " features, " + offsets[bins.length] + " bins]";
  }
}
