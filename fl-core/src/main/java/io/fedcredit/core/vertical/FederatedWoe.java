package io.fedcredit.core.vertical;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.credit.Binning;
import io.fedcredit.core.credit.WoeTable;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.FixedPointEncoding;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Federated weight of evidence for a host's features: the guest (bank) encrypts its labels under
 * its own Paillier key; the host bins its features locally, adds the encrypted labels of the rows
 * in each bin and returns, per bin, the row count and the encrypted count of bads; the guest
 * decrypts and computes WOE and IV. The host learns nothing about the labels; the guest learns
 * per-bin counts of the host's features (not the cut points, not a row's bin). Rows must be
 * aligned (after PSI).
 */
public final class FederatedWoe {
  private FederatedWoe() {}

  /** Guest to host: one encrypted label per aligned row. */
  public record EncryptedLabels(PaillierPublicKey key, List<Ciphertext> labels) {
    public EncryptedLabels {
      labels = List.copyOf(labels);
    }
  }

  /** Host to guest: per feature, per bin, the row count and the encrypted count of bads. */
  public record BinSums(List<FeatureSums> features) {
    public BinSums {
      features = List.copyOf(features);
    }
  }

  /** One feature's per-bin sums; the feature is named, its cut points stay with the host. */
  public record FeatureSums(String feature, long[] rows, List<Ciphertext> bads) {
    public FeatureSums {
      rows = rows.clone();
      bads = List.copyOf(bads);
      if (rows.length != bads.size()) {
        throw new IllegalArgumentException(feature + ": " + rows.length + " bin counts but "
            + bads.size() + " encrypted sums");
      }
    }
  }

  /** The guest encrypts its 0/1 labels (with the key holder's faster CRT encryption). */
  public static EncryptedLabels encryptLabels(double[] labels, PaillierKeyPair guestKeys) {
    Ciphertext[] enc = guestKeys.privateKey().encryptAll(labels, FixedPointEncoding.INTEGER);
    return new EncryptedLabels(guestKeys.publicKey(), Arrays.asList(enc));
  }

  /**
   * The host bins its features ({@link Binning#quantiles}) and sums the encrypted labels per bin.
   *
   * @return the sums for the guest and the host's own edges (kept by the host)
   */
  public static HostBinning hostSums(FeatureTable hostTable, EncryptedLabels labels, int maxBins) {
    if (labels.labels().size() != hostTable.rows()) {
      throw new IllegalArgumentException(labels.labels().size() + " encrypted labels for "
          + hostTable.rows() + " host rows: the rows are not aligned");
    }
    List<BinEdges> edges = Binning.quantiles(hostTable, maxBins);
    int[][] bins = Binning.assign(hostTable, edges);
    Ciphertext zero = labels.key().encrypt(FixedPointEncoding.INTEGER.encode(0L));
    List<FeatureSums> out = new ArrayList<>();
    for (int j = 0; j < edges.size(); j++) {
      int k = edges.get(j).bins();
      long[] counts = new long[k];
      Ciphertext[] sums = new Ciphertext[k];
      Arrays.fill(sums, zero);
      for (int r = 0; r < bins[j].length; r++) {
        int b = bins[j][r];
        counts[b]++;
        sums[b] = sums[b].add(labels.labels().get(r));
      }
      for (int b = 0; b < k; b++) {
        sums[b] = sums[b].rerandomize();
      }
      out.add(new FeatureSums(edges.get(j).feature(), counts, Arrays.asList(sums)));
    }
    return new HostBinning(edges, new BinSums(out));
  }

  /** The host's side of a federated binning: its edges and what it sends. */
  public record HostBinning(List<BinEdges> edges, BinSums sums) {}

  /** The guest decrypts the sums and computes each host feature's WOE and IV by bin index. */
  public static List<WoeTable.Feature> guestWoe(BinSums sums, PaillierKeyPair guestKeys) {
    List<WoeTable.Feature> out = new ArrayList<>();
    for (FeatureSums f : sums.features()) {
      long[] bads = new long[f.rows().length];
      long[] goods = new long[bads.length];
      for (int b = 0; b < bads.length; b++) {
        bads[b] = guestKeys.privateKey().decrypt(f.bads().get(b)).toLongExact();
        goods[b] = f.rows()[b] - bads[b];
        if (bads[b] < 0 || goods[b] < 0) {
          throw new IllegalArgumentException(f.feature() + ": bin " + b + " has " + bads[b]
              + " bads of " + f.rows()[b] + " rows: inconsistent sums");
        }
      }
      out.add(WoeTable.Feature.of(BinEdges.ofIndices(f.feature(), bads.length), goods, bads));
    }
    return out;
  }
}
