package io.fedcredit.core.vertical;

import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.CompressedCiphertext;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import java.util.List;
import java.util.Objects;

/**
 * The messages of vertical SecureBoost between the guest (the bank: labels, Paillier key pair) and
 * each host (a data node: features). Everything travels sealed between the two; the coordinator
 * only relays. Arrays and lists are copied in. Rows are positions in the aligned training rows;
 * a node's rows are always listed in ascending order, and a partition of a node is a bit map over
 * that order (bit i set: the node's i-th row goes left; bit i of byte i / 8, least significant
 * bit first).
 */
public final class SecureBoostMessages {
  private SecureBoostMessages() {}

  /**
   * Guest to host, once: the guest's public key, the packing of gradients, and the number of
   * trees.
   *
   * @param key the guest's Paillier public key (gradients are encrypted under it)
   * @param rowBits the {@link GradientPacking} parameter
   * @param trees how many trees the guest will grow
   */
  public record GuestHello(PaillierPublicKey key, int rowBits, int trees) {
    public GuestHello {
      Objects.requireNonNull(key, "key");
      new GradientPacking(rowBits); // validates
      if (trees < 1) {
        throw new IllegalArgumentException("trees " + trees + " must be >= 1");
      }
    }
  }

  /**
   * Host to guest, once: its feature names and the number of bins of each (its cut points stay
   * with it).
   */
  public record HostFeatures(String host, List<String> names, int[] bins) {
    public HostFeatures {
      Objects.requireNonNull(host, "host");
      names = List.copyOf(names);
      bins = bins.clone();
      if (names.size() != bins.length) {
        throw new IllegalArgumentException(host + ": " + names.size() + " features but "
            + bins.length + " bin counts");
      }
      for (int b : bins) {
        if (b < 1 || b > 256) {
          throw new IllegalArgumentException(host + ": a feature with " + b + " bins");
        }
      }
    }

    @Override
    public int[] bins() {
      return bins.clone();
    }
  }

  /**
   * Guest to host, per tree: the rows the tree is grown on (empty: all aligned rows), the
   * host's features the tree may split on (host-local indices, ascending) and the packed
   * encrypted gradient of each of those rows ({@link GradientPacking}), in row order.
   */
  public record TreeStart(int tree, int[] rows, int[] features, List<Ciphertext> gradients) {
    public TreeStart {
      rows = rows.clone();
      features = features.clone();
      gradients = List.copyOf(gradients);
    }

    @Override
    public int[] rows() {
      return rows.clone();
    }

    @Override
    public int[] features() {
      return features.clone();
    }
  }

  /**
   * A split of a node whose partition the host is told: a guest split, or another host's.
   *
   * @param node the split node
   * @param left the left child's id
   * @param right the right child's id
   * @param leftRows the partition (bit map over the node's rows)
   */
  public record Partition(int node, int left, int right, byte[] leftRows) {
    public Partition {
      leftRows = leftRows.clone();
    }

    @Override
    public byte[] leftRows() {
      return leftRows.clone();
    }
  }

  /**
   * A split the guest chose on one of the host's own features, named by its position in the
   * host's histogram (host-local feature index and bin): the host keeps the threshold and
   * answers with an opaque split id.
   */
  public record SplitChoice(int node, int left, int right, int feature, int bin) {}

  /**
   * Guest to host, one or more per tree level: splits to apply (partitions told, and the host's
   * own splits chosen), then the nodes of the level whose histograms to build; {@code finished}
   * when the tree is complete after these splits.
   */
  public record LevelRequest(int tree, int depth, List<Partition> partitions,
      List<SplitChoice> choices, List<Integer> build, boolean finished) {
    public LevelRequest {
      partitions = List.copyOf(partitions);
      choices = List.copyOf(choices);
      build = List.copyOf(build);
    }
  }

  /** The host's answer to a {@link SplitChoice}: the opaque id and the partition. */
  public record SplitResult(int node, long splitId, byte[] leftRows) {
    public SplitResult {
      leftRows = leftRows.clone();
    }

    @Override
    public byte[] leftRows() {
      return leftRows.clone();
    }
  }

  /**
   * The host's encrypted histogram of one node: a bit map of the (feature, bin) cells holding
   * rows, over the tree's allowed features with at least two bins in order and their bins in
   * order, and the packed sums of those cells, compressed and re-randomized.
   */
  public record NodeHistogram(int node, byte[] nonEmpty, CompressedCiphertext sums) {
    public NodeHistogram {
      nonEmpty = nonEmpty.clone();
      Objects.requireNonNull(sums, "sums");
    }

    @Override
    public byte[] nonEmpty() {
      return nonEmpty.clone();
    }
  }

  /** Host to guest: the results of the request's split choices and the requested histograms. */
  public record LevelReply(int tree, int depth, List<SplitResult> splits,
      List<NodeHistogram> histograms) {
    public LevelReply {
      splits = List.copyOf(splits);
      histograms = List.copyOf(histograms);
    }
  }

  /**
   * Guest to host after training: route these enterprises (by id) at these splits of the host.
   */
  public record RouteRequest(List<String> ids, long[] splitIds) {
    public RouteRequest {
      ids = List.copyOf(ids);
      splitIds = splitIds.clone();
    }

    @Override
    public long[] splitIds() {
      return splitIds.clone();
    }
  }

  /** Host to guest: per requested split, a bit map over the requested ids (set: goes left). */
  public record RouteReply(List<byte[]> leftRows) {
    public RouteReply {
      leftRows = leftRows.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> leftRows() {
      return leftRows.stream().map(byte[]::clone).toList();
    }
  }
}
