package io.fedcredit.core.serving;

import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.serving.ServingModel.PartRef;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeNode;
import io.fedcredit.core.vertical.SecureBoostHostModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One party's part of a gradient-boosted tree model as it is served. The bank's half of a
 * SecureBoost model and a whole horizontal GBDT hold the trees ({@link BoostedTrees}: thresholds
 * on the holder's own features, and a data node's splits by opaque id only); a data node's half
 * holds only its split table ({@link SecureBoostHostModel}: split id to feature and threshold),
 * split ids ascending. To score, the data node sends one decision bit per split of the requested
 * model ({@link #decisions}) and the bank walks its trees with them ({@link Scorer}). Immutable
 * and thread-safe.
 */
public final class TreePart {
  private final BoostedTrees trees;
  private final SecureBoostHostModel splits;
  private final Scorecard.Scale scale;

  private TreePart(BoostedTrees trees, SecureBoostHostModel splits, Scorecard.Scale scale) {
    this.trees = trees;
    this.splits = splits;
    this.scale = Objects.requireNonNull(scale, "scale");
  }

  /**
   * The trees of a bank half or of a whole model.
   *
   * @param scale expresses the log-odds as points: {@code offset - factor * log-odds}
   */
  public static TreePart ofTrees(BoostedTrees trees, Scorecard.Scale scale) {
    return new TreePart(Objects.requireNonNull(trees, "trees"), null, scale);
  }

  /**
   * A data node's split table, kept in ascending order of split id (the order of its decision
   * bits).
   *
   * @throws IllegalArgumentException when a split id repeats or names no feature
   */
  public static TreePart ofSplits(SecureBoostHostModel table, Scorecard.Scale scale) {
    List<SecureBoostHostModel.Split> sorted = new ArrayList<>(table.splits());
    sorted.sort(Comparator.comparingLong(SecureBoostHostModel.Split::splitId));
    return new TreePart(null, new SecureBoostHostModel(table.party(), table.featureNames(),
        sorted), scale);
  }

  /** Whether this part holds trees (bank half, whole model) rather than a split table. */
  public boolean holdsTrees() {
    return trees != null;
  }

  /**
   * The trees.
   *
   * @throws IllegalStateException for a data node's split table
   */
  public BoostedTrees trees() {
    if (trees == null) {
      throw new IllegalStateException("a data node's tree half holds splits, not trees");
    }
    return trees;
  }

  /**
   * The split table, split ids ascending.
   *
   * @throws IllegalStateException for a part holding trees
   */
  public SecureBoostHostModel splitTable() {
    if (splits == null) {
      throw new IllegalStateException("this tree part holds trees, not a data node's splits");
    }
    return splits;
  }

  public Scorecard.Scale scale() {
    return scale;
  }

  /** The holder's own features, in the order {@link #decisions} and {@link Scorer} take them. */
  public List<String> featureNames() {
    return trees != null ? trees.featureNames() : splits.featureNames();
  }

  /** A data node half's split ids, ascending (empty for a part holding trees). */
  public List<Long> splitIds() {
    return splits == null ? List.of()
        : splits.splits().stream().map(SecureBoostHostModel.Split::splitId).toList();
  }

  /**
   * The ids of the data nodes' splits the trees use, per party (in order of first use), each
   * list ascending; empty for a whole model or a data node half.
   */
  public Map<String, List<Long>> remoteSplitIds() {
    Map<String, TreeSet<Long>> byParty = new LinkedHashMap<>();
    if (trees != null) {
      for (SplitRule.Remote r : trees.remoteSplits()) {
        byParty.computeIfAbsent(r.party(), p -> new TreeSet<>()).add(r.splitId());
      }
    }
    Map<String, List<Long>> out = new LinkedHashMap<>();
    byParty.forEach((p, ids) -> out.put(p, List.copyOf(ids)));
    return out;
  }

  /**
   * A data node's answer for one enterprise: bit {@code i} set when the enterprise goes left at
   * the {@code i}-th split (ascending id); {@code value <= threshold} goes left.
   *
   * @param values the enterprise's value of every feature, in {@link #featureNames()} order
   * @throws IllegalStateException for a part holding trees
   */
  public byte[] decisions(double[] values) {
    List<SecureBoostHostModel.Split> s = splitTable().splits();
    byte[] bits = new byte[(s.size() + 7) / 8];
    for (int i = 0; i < s.size(); i++) {
      SecureBoostHostModel.Split split = s.get(i);
      if (values[split.feature()] <= split.threshold()) {
        bits[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    return bits;
  }

  /**
   * A scorer of the trees for a model whose data nodes are {@code dataNodes} (the bank half's
   * parts, each listing its split ids).
   *
   * @throws IllegalArgumentException when a tree names a split of a party not listed, or an id
   *     its party does not list
   */
  public Scorer scorer(List<PartRef> dataNodes) {
    return new Scorer(trees(), dataNodes);
  }

  /** The kind, feature names and size, for logs; never a threshold or a leaf value. */
  @Override
  public String toString() {
    return trees != null ? "TreePart[" + trees.trees().size() + " trees, " + featureNames() + "]"
        : "TreePart[" + splits.splits().size() + " splits of " + splits.party() + ", "
            + featureNames() + "]";
  }

  /**
   * The trees laid out flat for scoring, with each data node split mapped to its data node's
   * index and its bit in that node's answer. Walks every tree of an applicant, adding the leaf
   * values in tree order (exactly as {@link BoostedTrees#predictRaw} does), and attributes each
   * step's change of value to the split's feature (Saabas' path attribution): to the bank's own
   * feature, or, for a data node's split, to that data node as a whole (the bank does not know
   * which of its features the split uses). Immutable and thread-safe.
   */
  public static final class Scorer {
    private final double initial;
    private final int[] roots;
    private final int[] left;
    private final int[] right;
    private final int[] owner; // >= 0: own feature; < 0: data node -(owner + 1)
    private final int[] bit;
    private final double[] threshold;
    private final double[] value;
    private final int ownFeatures;
    private final int slots;

    private Scorer(BoostedTrees model, List<PartRef> dataNodes) {
      Map<String, Integer> node = new HashMap<>();
      List<Map<Long, Integer>> bitOf = new ArrayList<>();
      for (int d = 0; d < dataNodes.size(); d++) {
        node.put(dataNodes.get(d).party(), d);
        Map<Long, Integer> bits = new HashMap<>();
        List<Long> ids = dataNodes.get(d).splitIds();
        for (int i = 0; i < ids.size(); i++) {
          bits.put(ids.get(i), i);
        }
        bitOf.add(bits);
      }
      int total = model.trees().stream().mapToInt(t -> t.nodes().size()).sum();
      this.initial = model.baseScore();
      this.roots = new int[model.trees().size()];
      this.left = new int[total];
      this.right = new int[total];
      this.owner = new int[total];
      this.bit = new int[total];
      this.threshold = new double[total];
      this.value = new double[total];
      this.ownFeatures = model.featureNames().size();
      this.slots = ownFeatures + dataNodes.size();
      int at = 0;
      for (int t = 0; t < roots.length; t++) {
        TreeModel tree = model.trees().get(t);
        roots[t] = at;
        for (int i = 0; i < tree.nodes().size(); i++) {
          TreeNode n = tree.nodes().get(i);
          int k = at + i;
          value[k] = n.value();
          left[k] = n.isLeaf() ? -1 : at + n.left();
          right[k] = n.isLeaf() ? -1 : at + n.right();
          if (n.rule() instanceof SplitRule.Threshold th) {
            owner[k] = th.feature();
            threshold[k] = th.threshold();
          } else if (n.rule() instanceof SplitRule.Remote r) {
            Integer d = node.get(r.party());
            if (d == null) {
              throw new IllegalArgumentException("tree " + t + " node " + i + " splits on data "
                  + "node '" + r.party() + "', which the model's parts do not list");
            }
            Integer b = bitOf.get(d).get(r.splitId());
            if (b == null) {
              throw new IllegalArgumentException("tree " + t + " node " + i + " uses split id "
                  + r.splitId() + " of '" + r.party() + "', which its part does not list");
            }
            owner[k] = -(d + 1);
            bit[k] = b;
          }
        }
        at += tree.nodes().size();
      }
    }

    /** Attribution slots: the own features, then one per data node. */
    public int slots() {
      return slots;
    }

    /** Own features of the model (the first attribution slots). */
    public int ownFeatures() {
      return ownFeatures;
    }

    /**
     * The raw score (log-odds of default) of one applicant.
     *
     * @param own the applicant's own features, in the trees' feature order
     * @param decisions per data node (in the order given to {@link TreePart#scorer}), its
     *     decision bits for the applicant
     * @param contributions when not null, {@link #slots()} long: adds the change of log-odds
     *     along the applicant's path attributed to each own feature and each data node
     * @throws IllegalArgumentException when a data node's bits are too short
     */
    public double logOdds(double[] own, byte[][] decisions, double[] contributions) {
      double z = initial;
      for (int root : roots) {
        int i = root;
        while (left[i] >= 0) {
          int o = owner[i];
          boolean goesLeft;
          if (o >= 0) {
            goesLeft = own[o] <= threshold[i];
          } else {
            byte[] bits = decisions[-(o + 1)];
            int b = bit[i];
            if ((b >>> 3) >= bits.length) {
              throw new IllegalArgumentException("data node " + -(o + 1) + " sent "
                  + bits.length + " bytes of decisions; split bit " + b + " is beyond them");
            }
            goesLeft = (bits[b >>> 3] & (1 << (b & 7))) != 0;
          }
          int c = goesLeft ? left[i] : right[i];
          if (contributions != null) {
            contributions[o >= 0 ? o : ownFeatures - (o + 1)] += value[c] - value[i];
          }
          i = c;
        }
        z += value[i];
      }
      return z;
    }
  }
}
