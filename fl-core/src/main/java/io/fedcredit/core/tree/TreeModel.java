package io.fedcredit.core.tree;

import java.util.List;

/**
 * One regression tree of a boosted model: nodes in breadth-first order, the root first; every
 * split's children come after it. Immutable.
 *
 * @param nodes the nodes
 */
public record TreeModel(List<TreeNode> nodes) {

  public TreeModel {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a tree needs at least its root");
    }
    for (int i = 0; i < nodes.size(); i++) {
      TreeNode n = nodes.get(i);
      if (!n.isLeaf() && (n.left() <= i || n.right() <= i || n.left() >= nodes.size()
          || n.right() >= nodes.size() || n.left() == n.right())) {
        throw new IllegalArgumentException("node " + i + " has children " + n.left() + " and "
            + n.right() + ": they must be distinct later nodes of the " + nodes.size());
      }
    }
  }

  /** Decides, for a node's rule, whether the row goes left. */
  @FunctionalInterface
  public interface Router {
    boolean goesLeft(SplitRule rule);
  }

  /** The leaf a row reaches, as the router decides each split. */
  public int leafOf(Router router) {
    int i = 0;
    while (true) {
      TreeNode n = nodes.get(i);
      if (n.isLeaf()) {
        return i;
      }
      i = router.goesLeft(n.rule()) ? n.left() : n.right();
    }
  }

  /** The leaf value a row reaches. */
  public double value(Router router) {
    return nodes.get(leafOf(router)).value();
  }

  /** The depth of the deepest leaf (0 for a single leaf). */
  public int depth() {
    int[] depth = new int[nodes.size()];
    int max = 0;
    for (int i = 0; i < nodes.size(); i++) {
      TreeNode n = nodes.get(i);
      if (!n.isLeaf()) {
        depth[n.left()] = depth[i] + 1;
        depth[n.right()] = depth[i] + 1;
        max = Math.max(max, depth[i] + 1);
      }
    }
    return max;
  }
}
