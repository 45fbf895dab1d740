package io.fedcredit.core.horizontal;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.Histogram;
import io.fedcredit.core.tree.NodeSums;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.tree.TreeBuilder;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeSampling;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The coordinator in horizontal histogram boosting, as a state machine that only ever receives
 * securely summed vectors: the pooled binning counts ({@link FederatedBinning}), from which it
 * fixes the bin edges and the base score, then per tree and level the summed gradient histograms
 * of the nodes it asked for, from which the same {@link TreeBuilder} as the plaintext trainer
 * chooses the splits. It asks for the smaller child of each split only; the larger one is the
 * parent's histogram minus it. What it learns: pooled counts on the binning grids, pooled node
 * histograms (sums of gradients, hessians and rows per bin) and the trees. Not thread-safe.
 */
public final class BoostingAggregator {
  /**
   * The layout of a histogram vector: per node asked, per feature, per bin, the triple (gradient
   * sum, hessian sum, rows), all quantized integers.
   */
  public static final String HISTOGRAM_LAYOUT = "node, feature, bin, (g, h, count)";

  private final BoostingConfig cfg;
  private final List<String> features;
  private FederatedBinning.Ranges ranges;
  private List<BinEdges> edges;
  private double baseScore;
  private final List<TreeModel> trees = new ArrayList<>();
  private int tree = -1;
  private boolean[] allowed;
  private TreeBuilder builder;
  private List<Integer> asked = List.of();

  public BoostingAggregator(BoostingConfig cfg, List<String> features) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    this.features = List.copyOf(features);
  }

  /** Binning step 1: the pooled ranges (and label counts) from the summed coarse counts. */
  public FederatedBinning.Ranges ranges(long[] coarseSum) {
    ranges = FederatedBinning.ranges(coarseSum, features.size());
    long[] labels = FederatedBinning.labelCounts(coarseSum, features.size());
    if (labels[1] <= 0 || labels[1] >= labels[0]) {
      throw new IllegalArgumentException("the banks hold " + labels[1] + " positives of "
          + labels[0] + " rows: boosting needs both classes");
    }
    double p = (double) labels[1] / labels[0];
    baseScore = Math.log(p / (1 - p));
    return ranges;
  }

  /** Binning step 2: the edges every bank uses, from the summed fine counts. */
  public List<BinEdges> edges(long[] fineSum) {
    if (ranges == null) {
      throw new IllegalStateException("ranges first");
    }
    edges = FederatedBinning.edges(fineSum, ranges, features, cfg.maxBins());
    return edges;
  }

  /**
   * Skips the binning rounds with edges agreed elsewhere (for comparisons with the plaintext
   * trainer on the same bins), and the pooled label counts.
   */
  public void useEdges(List<BinEdges> agreed, long rows, long positives) {
    this.edges = List.copyOf(agreed);
    double p = (double) positives / rows;
    this.baseScore = Math.log(p / (1 - p));
  }

  /** The pooled base score (log-odds of the pooled default rate). */
  public double baseScore() {
    return baseScore;
  }

  /** Whether every tree is grown. */
  public boolean done() {
    return trees.size() == cfg.trees();
  }

  /** Starts the next tree: the features it may split on; every bank sends its root histogram. */
  public TreeInstruction startTree() {
    if (edges == null || done() || builder != null) {
      throw new IllegalStateException("cannot start a tree now");
    }
    tree++;
    allowed = TreeSampling.features(features.size(), tree, cfg);
    asked = List.of(0);
    return new TreeInstruction(tree, allowed, List.of(), asked, null);
  }

  /**
   * The summed histograms of the nodes asked for: the next instruction (splits and nodes to
   * send, or the finished tree).
   *
   * @throws IllegalArgumentException when the vector does not have the layout asked for
   */
  public TreeInstruction accept(long[] histogramSum) {
    int[] bins = edges.stream().mapToInt(BinEdges::bins).toArray();
    int cells = java.util.Arrays.stream(bins).sum();
    if (histogramSum.length != 3 * cells * asked.size()) {
      throw new IllegalArgumentException("summed histograms have " + histogramSum.length
          + " values; " + asked.size() + " nodes x " + cells + " bins x 3 expected");
    }
    int offset = 0;
    List<Histogram> received = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      Histogram h = new Histogram(bins);
      for (int f = 0; f < bins.length; f++) {
        long[] g = new long[bins[f]];
        long[] hs = new long[bins[f]];
        long[] c = new long[bins[f]];
        for (int b = 0; b < bins[f]; b++) {
          g[b] = histogramSum[offset];
          hs[b] = histogramSum[offset + 1];
          c[b] = histogramSum[offset + 2];
          offset += 3;
        }
        if (allowed == null || allowed[f]) {
          h.set(f, g, hs, c);
        }
      }
      received.add(h);
    }
    if (builder == null) {
      builder = new TreeBuilder(cfg, NodeSums.of(received.get(0).totals()), allowed);
    }
    List<TreeBuilder.Split> splits = List.of();
    if (!builder.finished()) {
      for (int i = 0; i < asked.size(); i++) {
        builder.putHistogram(asked.get(i), received.get(i));
      }
      splits = builder.splitLevel();
    }
    if (builder.finished()) {
      TreeModel t = builder.tree((node, f, bin) -> new SplitRule.Threshold(f,
          edges.get(f).cuts()[bin]));
      trees.add(t);
      builder = null;
      asked = List.of();
      return new TreeInstruction(tree, null, List.of(), List.of(), t);
    }
    asked = builder.histogramsToBuild();
    return new TreeInstruction(tree, null, splits, asked, null);
  }

  /**
   * Length of a histogram vector for {@code nodes} nodes ({@link #HISTOGRAM_LAYOUT}).
   *
   * @throws IllegalStateException before the edges are agreed
   */
  public int histogramLength(int nodes) {
    if (edges == null) {
      throw new IllegalStateException("no bin edges yet");
    }
    return 3 * nodes * edges.stream().mapToInt(BinEdges::bins).sum();
  }

  /** Number of features. */
  public int features() {
    return features.size();
  }

  /** The model so far. */
  public BoostedTrees model() {
    return new BoostedTrees(features, baseScore, trees);
  }
}
