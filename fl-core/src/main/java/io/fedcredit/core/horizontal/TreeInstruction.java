package io.fedcredit.core.horizontal;

import io.fedcredit.core.tree.TreeBuilder;
import io.fedcredit.core.tree.TreeModel;
import java.util.List;

/**
 * The aggregator's instruction to every bank in horizontal histogram boosting: at the start of a
 * tree, the features it may split on; then the splits of the last level (to partition the bank's
 * rows) and the nodes whose histograms to send next; at the end, the finished tree. Immutable.
 *
 * @param tree the tree's index
 * @param allowed at a tree's start, the features it may split on (null: all); else null
 * @param splits the splits of the last level, in node order
 * @param build the nodes whose local histograms each bank sends next (securely summed)
 * @param finished the finished tree, or null while it grows
 */
public record TreeInstruction(int tree, boolean[] allowed, List<TreeBuilder.Split> splits,
    List<Integer> build, TreeModel finished) {

  public TreeInstruction {
    allowed = allowed == null ? null : allowed.clone();
    splits = List.copyOf(splits);
    build = List.copyOf(build);
  }

  @Override
  public boolean[] allowed() {
    return allowed == null ? null : allowed.clone();
  }
}
