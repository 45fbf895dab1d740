package io.fedcredit.core.tree;

import io.fedcredit.core.data.FeatureTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Histogram gradient boosting for binary classification on one party's plaintext rows: the
 * reference every federated variant is checked against. Features are binned once into at most
 * {@link BoostingConfig#maxBins()} quantile bins; each tree is grown level by level by {@link
 * TreeBuilder} on exact integer histograms of quantized gradients ({@link Gradients}), the
 * larger child of each split by subtraction from its parent. Pure Java, on all cores.
 */
public final class GradientBoosting {
  private GradientBoosting() {}

  /**
   * Trains on a labelled table with quantile bins computed from it.
   *
   * @throws IllegalArgumentException when the table has no labels, or only one class
   */
  public static BoostedTrees train(FeatureTable table, BoostingConfig cfg) {
    return train(BinnedFeatures.quantiles(table, cfg.maxBins()), labels(table), cfg, t -> { });
  }

  /**
   * Trains on binned rows.
   *
   * @param labels 0/1 label of every row
   * @param onTree called with every finished tree
   * @throws IllegalArgumentException when the labels do not match the rows or hold one class
   */
  public static BoostedTrees train(BinnedFeatures x, double[] labels, BoostingConfig cfg,
      Consumer<TreeModel> onTree) {
    if (labels.length != x.rows()) {
      throw new IllegalArgumentException(labels.length + " labels for " + x.rows() + " rows");
    }
    double base = baseScore(labels);
    double[] raw = new double[labels.length];
    java.util.Arrays.fill(raw, base);
    List<TreeModel> trees = new ArrayList<>();
    for (int t = 0; t < cfg.trees(); t++) {
      Gradients grad = Gradients.logistic(labels, raw);
      int[] rows = TreeSampling.rows(x.rows(), t, cfg);
      boolean[] allowed = TreeSampling.features(x.features(), t, cfg);
      TreeModel tree = growTree(x, grad, rows, allowed, cfg);
      addTree(tree, x, raw);
      trees.add(tree);
      onTree.accept(tree);
    }
    return new BoostedTrees(x.featureNames(), base, trees);
  }

  /** Grows one tree on the given rows. */
  static TreeModel growTree(BinnedFeatures x, Gradients grad, int[] rows, boolean[] allowed,
      BoostingConfig cfg) {
    TreeBuilder b = new TreeBuilder(cfg, NodeSums.of(grad.sums(rows)), allowed);
    Map<Integer, int[]> rowsOf = new HashMap<>();
    rowsOf.put(0, rows);
    while (!b.finished()) {
      for (int id : b.histogramsToBuild()) {
        b.putHistogram(id, Histogram.build(x, grad, rowsOf.get(id), allowed));
      }
      for (TreeBuilder.Split s : b.splitLevel()) {
        int[][] parts = x.partition(rowsOf.remove(s.node()), s.feature(), s.bin());
        rowsOf.put(s.left(), parts[0]);
        rowsOf.put(s.right(), parts[1]);
      }
    }
    return b.tree((node, f, bin) -> new SplitRule.Threshold(f, x.threshold(f, bin)));
  }

  /** Adds a tree's leaf values to the raw scores of every row (routed by the rows' bins). */
  static void addTree(TreeModel tree, BinnedFeatures x, double[] raw) {
    List<TreeNode> nodes = tree.nodes();
    int[] feature = new int[nodes.size()];
    int[] lastLeftBin = new int[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).rule() instanceof SplitRule.Threshold th) {
        feature[i] = th.feature();
        lastLeftBin[i] = x.binOfThreshold(th.feature(), th.threshold());
      }
    }
    for (int r = 0; r < raw.length; r++) {
      int i = 0;
      while (!nodes.get(i).isLeaf()) {
        TreeNode n = nodes.get(i);
        i = x.bin(feature[i], r) <= lastLeftBin[i] ? n.left() : n.right();
      }
      raw[r] += nodes.get(i).value();
    }
  }

  /**
   * The initial raw score: the log-odds of the mean label.
   *
   * @throws IllegalArgumentException when every label is the same
   */
  public static double baseScore(double[] labels) {
    double pos = 0;
    for (double y : labels) {
      pos += y;
    }
    if (pos == 0 || pos == labels.length) {
      throw new IllegalArgumentException("the labels hold one class only (" + (long) pos
          + " positives of " + labels.length + "): boosting needs both");
    }
    double p = pos / labels.length;
    return Math.log(p / (1 - p));
  }

  /**
   * The labels of a table.
   *
   * @throws IllegalArgumentException when it has none
   */
  static double[] labels(FeatureTable table) {
    if (!table.hasLabels()) {
      throw new IllegalArgumentException("boosting needs a labelled table");
    }
    return table.labels();
  }
}
