package io.fedcredit.core.serving;

import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeNode;
import io.fedcredit.core.vertical.SecureBoostHostModel;
import io.fedcredit.proto.HostSplit;
import io.fedcredit.proto.OwnSplit;
import io.fedcredit.proto.RemoteSplit;
import io.fedcredit.proto.ServedTree;
import io.fedcredit.proto.ServedTreeNode;
import io.fedcredit.proto.TreeHalf;
import java.util.ArrayList;
import java.util.List;

/** {@link TreePart} to and from its message {@code TreeHalf} (serving.proto). */
final class TreeWire {
  private TreeWire() {}

  static TreeHalf toProto(TreePart part) {
    TreeHalf.Builder b = TreeHalf.newBuilder()
        .addAllFeatures(part.featureNames())
        .setBaseScore(part.scale().baseScore())
        .setBaseOdds(part.scale().baseOdds())
        .setPdo(part.scale().pdo());
    if (part.holdsTrees()) {
      BoostedTrees model = part.trees();
      b.setInitialLogOdds(model.baseScore());
      for (TreeModel t : model.trees()) {
        ServedTree.Builder tb = ServedTree.newBuilder();
        for (TreeNode n : t.nodes()) {
          ServedTreeNode.Builder nb = ServedTreeNode.newBuilder().setLeft(n.left())
              .setRight(n.right()).setValue(n.value()).setGain(n.gain()).setRows(n.rows());
          if (n.rule() instanceof SplitRule.Threshold th) {
            nb.setOwn(OwnSplit.newBuilder().setFeature(th.feature())
                .setThreshold(th.threshold()));
          } else if (n.rule() instanceof SplitRule.Remote r) {
            nb.setRemote(RemoteSplit.newBuilder().setParty(r.party()).setSplitId(r.splitId()));
          }
          tb.addNodes(nb);
        }
        b.addTrees(tb);
      }
    } else {
      for (SecureBoostHostModel.Split s : part.splitTable().splits()) {
        b.addSplits(HostSplit.newBuilder().setSplitId(s.splitId()).setFeature(s.feature())
            .setThreshold(s.threshold()));
      }
    }
    return b.build();
  }

  /**
   * Reads a tree part.
   *
   * @param part the part the file says it is (a data node half holds splits, others trees)
   * @param party the part's holder
   * @throws IllegalArgumentException naming the field at fault
   */
  static TreePart fromProto(TreeHalf h, ServingModel.Part part, String party) {
    Scorecard.Scale scale;
    try {
      scale = new Scorecard.Scale(h.getBaseScore(), h.getBaseOdds(), h.getPdo());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field 'trees.base_score/base_odds/pdo': "
          + e.getMessage(), e);
    }
    if (part == ServingModel.Part.DATA_NODE_HALF) {
      if (h.getTreesCount() > 0) {
        throw new IllegalArgumentException("field 'trees.trees': a data node half holds its "
            + "split table, not trees (" + h.getTreesCount() + " trees)");
      }
      List<SecureBoostHostModel.Split> splits = new ArrayList<>();
      long previous = 0;
      for (int i = 0; i < h.getSplitsCount(); i++) {
        HostSplit s = h.getSplits(i);
        if (i > 0 && s.getSplitId() <= previous) {
          throw new IllegalArgumentException("field 'trees.splits', entry " + i + ": split ids "
              + "must be strictly ascending");
        }
        previous = s.getSplitId();
        try {
          splits.add(new SecureBoostHostModel.Split(s.getSplitId(), s.getFeature(),
              s.getThreshold()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("field 'trees.splits', entry " + i + ": "
              + e.getMessage(), e);
        }
      }
      try {
        return TreePart.ofSplits(new SecureBoostHostModel(party, h.getFeaturesList(),
            splits), scale);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field 'trees.splits': " + e.getMessage(), e);
      }
    }
    if (h.getSplitsCount() > 0) {
      throw new IllegalArgumentException("field 'trees.splits': a " + part + " holds trees, not "
          + "a data node's split table");
    }
    List<TreeModel> trees = new ArrayList<>();
    for (int t = 0; t < h.getTreesCount(); t++) {
      List<TreeNode> nodes = new ArrayList<>();
      ServedTree st = h.getTrees(t);
      for (int i = 0; i < st.getNodesCount(); i++) {
        ServedTreeNode n = st.getNodes(i);
        try {
          SplitRule rule = switch (n.getRuleCase()) {
            case OWN -> new SplitRule.Threshold(n.getOwn().getFeature(),
                n.getOwn().getThreshold());
            case REMOTE -> new SplitRule.Remote(n.getRemote().getParty(),
                n.getRemote().getSplitId());
            default -> null;
          };
          nodes.add(new TreeNode(n.getLeft(), n.getRight(), rule, n.getValue(), n.getGain(),
              n.getRows()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("field 'trees.trees', tree " + t + " node " + i
              + ": " + e.getMessage(), e);
        }
      }
      try {
        trees.add(new TreeModel(nodes));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field 'trees.trees', tree " + t + ": "
            + e.getMessage(), e);
      }
    }
    try {
      return TreePart.ofTrees(new BoostedTrees(h.getFeaturesList(), h.getInitialLogOdds(),
          trees), scale);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field 'trees': " + e.getMessage(), e);
    }
  }
}
