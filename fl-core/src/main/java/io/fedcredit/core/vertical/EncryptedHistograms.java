package io.fedcredit.core.vertical;

import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.crypto.paillier.CiphertextSums;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * A SecureBoost host's encrypted histograms of one node: per feature and bin, the homomorphic sum
 * of the rows' packed gradient ciphertexts. Each addition is one multiplication mod {@code n^2},
 * so the cost is about one per (row, feature), in the fastest arithmetic available ({@link
 * CiphertextSums}). Features are taken two at a time: when the node's
 * rows fill fewer than 90% as many joint cells {@code (bin_a, bin_b)} as there are rows, the rows
 * are summed once into the joint cells and each feature's bins are read off as sums of cells
 * (about {@code rows + cells} additions for the pair instead of {@code 2 rows}); otherwise each
 * feature is summed on its own. Pairs run on all cores. Stateless.
 */
final class EncryptedHistograms {
  /** Joint cells are used when they number below this share of the rows. */
  static final double JOINT_CELL_SHARE = 0.9;

  private EncryptedHistograms() {}

  /**
   * The sums of one node.
   *
   * @param byRow the packed encrypted gradient of every row the tree uses, prepared
   * @param rows the node's rows that have a ciphertext
   * @param features host-local features to sum, each with at least two bins
   * @param adds counts the homomorphic additions made
   * @return per feature (in the order given), per bin, the encrypted sum, or null for an empty bin
   */
  static CiphertextSums.Sum[][] build(BinnedFeatures x, CiphertextSums byRow, int[] rows,
      int[] features, LongAdder adds) {
    CiphertextSums.Sum[][] out = new CiphertextSums.Sum[features.length][];
    int pairs = (features.length + 1) / 2;
    IntStream.range(0, pairs).parallel().forEach(p -> {
      int a = 2 * p;
      if (a + 1 < features.length && jointPays(x, rows, features[a], features[a + 1])) {
        CiphertextSums.Sum[][] two = joint(x, byRow, rows, features[a], features[a + 1], adds);
        out[a] = two[0];
        out[a + 1] = two[1];
      } else {
        out[a] = single(x, byRow, rows, features[a], adds);
        if (a + 1 < features.length) {
          out[a + 1] = single(x, byRow, rows, features[a + 1], adds);
        }
      }
    });
    return out;
  }

  private static boolean jointPays(BinnedFeatures x, int[] rows, int fa, int fb) {
    int kb = x.edges().get(fb).bins();
    boolean[] seen = new boolean[x.edges().get(fa).bins() * kb];
    int cells = 0;
    long limit = (long) (JOINT_CELL_SHARE * rows.length);
    for (int r : rows) {
      int c = x.bin(fa, r) * kb + x.bin(fb, r);
      if (!seen[c]) {
        seen[c] = true;
        if (++cells >= limit) {
          return false;
        }
      }
    }
    return true;
  }

  private static CiphertextSums.Sum[] single(BinnedFeatures x, CiphertextSums byRow, int[] rows,
      int f, LongAdder adds) {
    CiphertextSums.Sum[] acc = new CiphertextSums.Sum[x.edges().get(f).bins()];
    long n = 0;
    for (int r : rows) {
      int b = x.bin(f, r);
      if (acc[b] == null) {
        acc[b] = byRow.newSum();
      } else {
        n++;
      }
      acc[b].add(r);
    }
    adds.add(n);
    return acc;
  }

  private static CiphertextSums.Sum[][] joint(BinnedFeatures x, CiphertextSums byRow, int[] rows,
      int fa, int fb, LongAdder adds) {
    int ka = x.edges().get(fa).bins();
    int kb = x.edges().get(fb).bins();
    CiphertextSums.Sum[] cells = new CiphertextSums.Sum[ka * kb];
    long n = 0;
    for (int r : rows) {
      int c = x.bin(fa, r) * kb + x.bin(fb, r);
      if (cells[c] == null) {
        cells[c] = byRow.newSum();
      } else {
        n++;
      }
      cells[c].add(r);
    }
    CiphertextSums.Sum[] a = new CiphertextSums.Sum[ka];
    CiphertextSums.Sum[] b = new CiphertextSums.Sum[kb];
    for (int i = 0; i < ka; i++) {
      for (int j = 0; j < kb; j++) {
        CiphertextSums.Sum c = cells[i * kb + j];
        if (c == null) {
          continue;
        }
        n += addTo(a, i, c, byRow) + addTo(b, j, c, byRow);
      }
    }
    adds.add(n);
    return new CiphertextSums.Sum[][] {a, b};
  }

  /** Adds a cell into a bin; returns the additions made (0 for the bin's first cell). */
  private static int addTo(CiphertextSums.Sum[] bins, int bin, CiphertextSums.Sum cell,
      CiphertextSums byRow) {
    boolean first = bins[bin] == null;
    if (first) {
      bins[bin] = byRow.newSum();
    }
    bins[bin].add(cell);
    return first ? 0 : 1;
  }

  /** The non-empty sums of every feature in order, and their bit map over all (feature, bin). */
  static List<CiphertextSums.Sum> nonEmpty(CiphertextSums.Sum[][] sums, boolean[] flags) {
    List<CiphertextSums.Sum> out = new ArrayList<>();
    int i = 0;
    for (CiphertextSums.Sum[] feature : sums) {
      for (CiphertextSums.Sum c : feature) {
        flags[i++] = c != null;
        if (c != null) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
