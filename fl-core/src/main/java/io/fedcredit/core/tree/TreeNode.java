package io.fedcredit.core.tree;

/**
 * One node of a {@link TreeModel}: a leaf with its value, or a split with its children.
 *
 * @param left index of the left child, -1 for a leaf
 * @param right index of the right child, -1 for a leaf
 * @param rule how the node routes a row, null for a leaf
 * @param value a leaf's contribution to the raw score (learning rate applied); for a split, the
 *     value the node would have had as a leaf
 * @param gain a split's gain (0 for a leaf)
 * @param rows training rows that reached the node
 */
public record TreeNode(int left, int right, SplitRule rule, double value, double gain,
    long rows) {

  public TreeNode {
    if ((rule == null) != (left < 0) || (left < 0) != (right < 0)) {
      throw new IllegalArgumentException("a node is either a leaf (no rule, no children) or a "
          + "split (a rule and two children): rule " + rule + ", children " + left + ", "
          + right);
    }
    if (!Double.isFinite(value) || !Double.isFinite(gain) || rows < 0) {
      throw new IllegalArgumentException("node value " + value + ", gain " + gain + ", rows "
          + rows + ": must be finite and rows >= 0");
    }
  }

  /** A leaf. */
  public static TreeNode leaf(double value, long rows) {
    return new TreeNode(-1, -1, null, value, 0.0, rows);
  }

  public boolean isLeaf() {
    return rule == null;
  }
}
