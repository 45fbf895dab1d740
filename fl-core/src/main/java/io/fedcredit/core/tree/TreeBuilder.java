package io.fedcredit.core.tree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Grows one tree level by level from node histograms, without ever seeing a row: the part of
 * gradient boosting that every setting shares. The plaintext trainer, the vertical guest (with
 * hosts' histograms decrypted into it) and the horizontal aggregator (with securely summed
 * histograms) all drive this same class, so the same histograms give the same tree.
 *
 * <p>Each level: {@link #histogramsToBuild()} names the nodes whose histograms the caller must
 * build from rows (the root, then the smaller child of each split: the larger child's histogram
 * is its parent's minus its sibling's); the caller passes them to {@link #putHistogram}; {@link
 * #splitLevel()} finds every node's best split ({@link SplitCandidate#best}) and returns the
 * splits, whose rows the caller partitions before the next level. When {@link #finished()}, the
 * leaves' values are set and {@link #tree} builds the model. Not thread-safe.
 */
public final class TreeBuilder {
  private final BoostingConfig cfg;
  private final boolean[] allowed;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<Integer, Histogram> histograms = new HashMap<>();
  private List<Integer> level = new ArrayList<>();
  private boolean finished;

  /** One node while growing. */
  private static final class Node {
    final int depth;
    final NodeSums sums;
    final int parent;
    SplitCandidate split;
    int left = -1;
    int right = -1;

    Node(int depth, NodeSums sums, int parent) {
      this.depth = depth;
      this.sums = sums;
      this.parent = parent;
    }
  }

  /** A split decided at the current level, to be applied to the rows. */
  public record Split(int node, int feature, int bin, int left, int right, double gain) {}

  /**
   * Starts a tree.
   *
   * @param root the sums of the rows the tree is grown on
   * @param allowed the features this tree may split on (all when null)
   */
  public TreeBuilder(BoostingConfig cfg, NodeSums root, boolean[] allowed) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    this.allowed = allowed == null ? null : allowed.clone();
    nodes.add(new Node(0, Objects.requireNonNull(root, "root"), -1));
    level.add(0);
    finished = !splittable(nodes.get(0));
  }

  private boolean splittable(Node n) {
    return n.depth < cfg.maxDepth() && n.sums.count() >= 2L * cfg.minChildSamples()
        && n.sums.realHessian() >= 2 * cfg.minChildWeight();
  }

  /** Whether the tree is complete. */
  public boolean finished() {
    return finished;
  }

  /** The depth of the current level. */
  public int depth() {
    return nodes.get(level.get(0)).depth;
  }

  /** The sums of a node. */
  public NodeSums sums(int node) {
    return nodes.get(node).sums;
  }

  /**
   * The nodes of the current level whose histograms the caller must build, in order: the root
   * at the first level, then per sibling pair with a node to split, the child with fewer rows
   * (the left one on a tie). Empty once finished.
   */
  public List<Integer> histogramsToBuild() {
    if (finished) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    if (level.size() == 1 && level.get(0) == 0) {
      out.add(0);
      return out;
    }
    for (int i = 0; i + 1 < level.size(); i += 2) {
      Node l = nodes.get(level.get(i));
      Node r = nodes.get(level.get(i + 1));
      if (splittable(l) || splittable(r)) {
        out.add(l.sums.count() <= r.sums.count() ? level.get(i) : level.get(i + 1));
      }
    }
    return out;
  }

  /**
   * Gives the histogram of a node named by {@link #histogramsToBuild()}.
   *
   * @throws IllegalArgumentException when the node is not one to build now, or its counts do not
   *     match the node's
   */
  public void putHistogram(int node, Histogram h) {
    if (!histogramsToBuild().contains(node)) {
      throw new IllegalArgumentException("node " + node + " is not one whose histogram is built "
          + "at this level " + histogramsToBuild());
    }
    long[] t = h.totals();
    if (t[2] != nodes.get(node).sums.count()) {
      throw new IllegalArgumentException("histogram of node " + node + " counts " + t[2]
          + " rows; the node has " + nodes.get(node).sums.count());
    }
    histograms.put(node, h);
  }

  /**
   * Finds the best split of every splittable node of the current level, derives the larger
   * siblings' histograms by subtraction, creates the children and moves to the next level.
   *
   * @return the splits, in node order; the caller partitions each split node's rows into the
   *     children before building the next level's histograms
   * @throws IllegalStateException when a histogram named by {@link #histogramsToBuild()} is
   *     missing, or the tree is finished
   */
  public List<Split> splitLevel() {
    if (finished) {
      throw new IllegalStateException("the tree is finished");
    }
    for (int id : histogramsToBuild()) {
      if (!histograms.containsKey(id)) {
        throw new IllegalStateException("the histogram of node " + id + " was not given");
      }
    }
    List<Split> out = new ArrayList<>();
    List<Integer> next = new ArrayList<>();
    Map<Integer, Histogram> keep = new HashMap<>();
    for (int id : level) {
      Node n = nodes.get(id);
      if (!splittable(n)) {
        continue;
      }
      Histogram h = histograms.get(id);
      if (h == null) {
        Node parent = nodes.get(n.parent);
        int sibling = parent.left == id ? parent.right : parent.left;
        h = Histogram.subtract(histograms.get(n.parent), histograms.get(sibling));
      }
      SplitCandidate best = SplitCandidate.best(h, n.sums, allowed, cfg);
      if (best == null) {
        continue;
      }
      n.split = best;
      n.left = nodes.size();
      nodes.add(new Node(n.depth + 1, best.left(), id));
      n.right = nodes.size();
      nodes.add(new Node(n.depth + 1, best.right(), id));
      next.add(n.left);
      next.add(n.right);
      keep.put(id, h);
      out.add(new Split(id, best.feature(), best.bin(), n.left, n.right, best.gain()));
    }
    histograms.clear();
    histograms.putAll(keep);
    level = next;
    finished = next.stream().noneMatch(c -> splittable(nodes.get(c)));
    if (finished) {
      histograms.clear();
    }
    return out;
  }

  /** Number of nodes so far. */
  public int nodeCount() {
    return nodes.size();
  }

  /** Whether a node is a leaf of the finished tree. */
  public boolean isLeaf(int node) {
    return nodes.get(node).split == null;
  }

  /** A leaf's value: {@code -learningRate * G / (H + lambda)}. */
  public double leafValue(int node) {
    return cfg.learningRate() * nodes.get(node).sums.weight(cfg.l2());
  }

  /** Turns a split's (feature, bin) into the rule the model keeps. */
  @FunctionalInterface
  public interface RuleMaker {
    SplitRule rule(int node, int feature, int bin);
  }

  /**
   * The finished tree.
   *
   * @throws IllegalStateException when the tree is not finished
   */
  public TreeModel tree(RuleMaker rules) {
    if (!finished) {
      throw new IllegalStateException("the tree is not finished");
    }
    List<TreeNode> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      double value = leafValue(i);
      out.add(n.split == null ? TreeNode.leaf(value, n.sums.count())
          : new TreeNode(n.left, n.right, rules.rule(i, n.split.feature(), n.split.bin()), value,
              n.split.gain(), n.sums.count()));
    }
    return new TreeModel(out);
  }
}
