package io.fedcredit.core.horizontal;

import io.fedcredit.core.Seeds;
import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.Gradients;
import io.fedcredit.core.tree.Histogram;
import io.fedcredit.core.tree.TreeBuilder;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeSampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One bank in horizontal histogram boosting, as a state machine: it answers the aggregator's
 * requests with vectors that are only ever securely summed with the other banks' ({@link
 * SecureSum}): its counts for the federated bin edges ({@link FederatedBinning}), then per tree
 * and level its local gradient histograms of the nodes asked for. It partitions its own rows by
 * the splits it is told and updates its scores with each finished tree. Its rows, labels,
 * gradients and histograms never leave it in the clear. Not thread-safe.
 */
public final class BoostingBank {
  private final String id;
  private final FeatureTable rows;
  private final BoostingConfig cfg;
  private final double[] labels;
  private BinnedFeatures x;
  private double baseScore;
  private double[] raw;
  private final List<TreeModel> trees = new ArrayList<>();

  private int tree = -1;
  private Gradients grad;
  private boolean[] allowed;
  private Map<Integer, int[]> rowsOf;

  /**
   * @param rows the bank's labelled rows (the same features, in the same order, as every bank)
   */
  public BoostingBank(String id, FeatureTable rows, BoostingConfig cfg) {
    this.id = Objects.requireNonNull(id, "id");
    if (!rows.hasLabels()) {
      throw new IllegalArgumentException(id + ": a bank's rows need labels");
    }
    this.rows = rows;
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    this.labels = rows.labels();
  }

  public String id() {
    return id;
  }

  /** The bank's feature names. */
  public List<String> featureNames() {
    return rows.schema().featureNames();
  }

  /** Step 1 of binning: coarse counts, row count, positives. */
  public long[] coarseCounts() {
    return FederatedBinning.coarseCounts(rows);
  }

  /** Step 2 of binning: fine counts over the pooled ranges. */
  public long[] fineCounts(FederatedBinning.Ranges ranges) {
    return FederatedBinning.fineCounts(rows, ranges);
  }

  /** Takes the agreed edges and the pooled base score, and bins the bank's rows. */
  public void binning(List<BinEdges> edges, double pooledBaseScore) {
    this.x = BinnedFeatures.of(rows, edges);
    this.baseScore = pooledBaseScore;
    this.raw = new double[labels.length];
    Arrays.fill(raw, pooledBaseScore);
  }

  /**
   * Follows an instruction: at a tree's start, gradients and the bank's own row sample; then the
   * last level's splits; then the local histograms of the nodes asked for, concatenated in the
   * order asked ({@link BoostingAggregator#HISTOGRAM_LAYOUT}); an empty vector when none is asked.
   * A finished tree updates the bank's scores.
   */
  public long[] follow(TreeInstruction in) {
    if (x == null) {
      throw new IllegalStateException(id + ": no bin edges yet");
    }
    if (in.tree() != tree) {
      if (in.tree() != tree + 1 || grad != null) {
        throw new IllegalStateException(id + " is on tree " + tree + ", asked for tree "
            + in.tree());
      }
      tree = in.tree();
      grad = Gradients.logistic(labels, raw);
      allowed = in.allowed();
      BoostingConfig mine = cfg.withSampling(cfg.rowSample(), cfg.featureSample(),
          Seeds.derive(cfg.seed(), "bank-rows/" + id));
      rowsOf = new HashMap<>();
      rowsOf.put(0, TreeSampling.rows(labels.length, tree, mine));
    }
    if (in.finished() != null) {
      addTree(in.finished());
      return new long[0];
    }
    for (TreeBuilder.Split s : in.splits()) {
      int[] nodeRows = rowsOf.remove(s.node());
      if (nodeRows == null) {
        throw new IllegalStateException(id + ": node " + s.node() + " is unknown");
      }
      int[][] parts = x.partition(nodeRows, s.feature(), s.bin());
      rowsOf.put(s.left(), parts[0]);
      rowsOf.put(s.right(), parts[1]);
    }
    int[] bins = x.binCounts();
    int cells = Arrays.stream(bins).sum();
    long[] out = new long[3 * cells * in.build().size()];
    int offset = 0;
    for (int node : in.build()) {
      int[] nodeRows = rowsOf.get(node);
      if (nodeRows == null) {
        throw new IllegalStateException(id + ": node " + node + " is unknown");
      }
      Histogram h = Histogram.build(x, grad, nodeRows, allowed);
      for (int f = 0; f < bins.length; f++) {
        for (int b = 0; b < bins[f]; b++) {
          if (h.has(f)) {
            out[offset] = h.gradient(f, b);
            out[offset + 1] = h.hessian(f, b);
            out[offset + 2] = h.count(f, b);
          }
          offset += 3;
        }
      }
    }
    return out;
  }

  /**
   * Answers a step that arrived over the wire: the binning counts, or the tree instructions
   * followed in order (with the agreed edges first, when the step carries them).
   *
   * @return the vector to sum securely: the answer to the step's last instruction
   * @throws IllegalStateException when the step does not fit where the bank stands
   */
  public long[] answer(BoostingStep step) {
    switch (step.kind()) {
      case COARSE_COUNTS:
        return coarseCounts();
      case FINE_COUNTS:
        return fineCounts(step.ranges());
      default:
        if (step.edges() != null) {
          if (x != null) {
            throw new IllegalStateException(id + ": bin edges arrived twice");
          }
          binning(step.edges(), step.baseScore());
        }
        long[] out = new long[0];
        for (TreeInstruction in : step.instructions()) {
          out = follow(in);
        }
        return out;
    }
  }

  /** Number of trees the bank holds. */
  public int treeCount() {
    return trees.size();
  }

  private void addTree(TreeModel t) {
    double[] v = new BoostedTrees(featureNames(), 0.0, List.of(t)).predictRaw(rows);
    for (int i = 0; i < raw.length; i++) {
      raw[i] += v[i];
    }
    trees.add(t);
    grad = null;
    rowsOf = null;
  }

  /** The model so far (the same at every bank). */
  public BoostedTrees model() {
    return new BoostedTrees(featureNames(), baseScore, trees);
  }

  /** The bank's raw scores of its own rows. */
  public double[] scores() {
    return raw.clone();
  }
}
