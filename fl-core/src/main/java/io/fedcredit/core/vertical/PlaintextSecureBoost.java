package io.fedcredit.core.vertical;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.Schema;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.FeatureImportance;
import io.fedcredit.core.tree.GradientBoosting;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plaintext twin of vertical SecureBoost, for comparisons: the same boosting ({@link
 * GradientBoosting}) on the guest's and the hosts' aligned rows joined column by column (guest
 * features first, then each host's as {@code host/feature}), with the same bin edges. With the
 * same settings it grows exactly the trees of the federated job; {@link #resolve} turns a
 * federated model and the hosts' split tables into the joint model to compare.
 */
public final class PlaintextSecureBoost {
  private PlaintextSecureBoost() {}

  /**
   * Joins the guest's labelled rows with the hosts' rows (same order).
   *
   * @throws IllegalArgumentException when the row counts differ
   */
  public static FeatureTable join(FeatureTable guest, Map<String, FeatureTable> hosts) {
    List<String> names = new ArrayList<>(guest.schema().featureNames());
    int d = guest.numFeatures();
    for (Map.Entry<String, FeatureTable> h : hosts.entrySet()) {
      if (h.getValue().rows() != guest.rows()) {
        throw new IllegalArgumentException(h.getKey() + " has " + h.getValue().rows()
            + " rows, the guest " + guest.rows() + ": not aligned");
      }
      for (String f : h.getValue().schema().featureNames()) {
        names.add(VerticalGuest.qualified(h.getKey(), f));
      }
    }
    int total = names.size();
    double[] v = new double[guest.rows() * total];
    double[] gv = guest.values();
    for (int r = 0; r < guest.rows(); r++) {
      System.arraycopy(gv, r * d, v, r * total, d);
    }
    int offset = d;
    for (FeatureTable h : hosts.values()) {
      int hd = h.numFeatures();
      double[] hv = h.values();
      for (int r = 0; r < h.rows(); r++) {
        System.arraycopy(hv, r * hd, v, r * total + offset, hd);
      }
      offset += hd;
    }
    return FeatureTable.of(new Schema(guest.schema().idColumn(), guest.schema().labelColumn(),
        names), guest.ids(), guest.labels(), v);
  }

  /**
   * Trains on the joined rows with the parties' own edges (renamed as in {@link #join}).
   *
   * @param guestEdges the guest's edges
   * @param hostEdges each host's edges
   */
  public static BoostedTrees train(FeatureTable joined, List<BinEdges> guestEdges,
      Map<String, List<BinEdges>> hostEdges, BoostingConfig cfg) {
    List<BinEdges> edges = new ArrayList<>(guestEdges);
    hostEdges.forEach((h, list) -> list.forEach(e -> edges.add(
        new BinEdges(VerticalGuest.qualified(h, e.feature()), e.cuts()))));
    return GradientBoosting.train(BinnedFeatures.of(joined, edges), joined.labels(), cfg,
        t -> { });
  }

  /**
   * Split count and gain per feature, by party: the guest's features from its own model, each
   * host's features from the gains the guest's model holds for the host's split ids, resolved
   * with the host's split table. Only whoever holds both halves (a harness, or parties that agree
   * to pool their halves' statistics) can compute it; features never split on show zeros.
   *
   * @param guest the guest's party id
   */
  public static Map<String, Map<String, FeatureImportance>> importanceByParty(String guest,
      BoostedTrees guestModel, List<SecureBoostHostModel> hosts) {
    Map<String, FeatureImportance> all = guestModel.importance();
    Map<String, Map<String, FeatureImportance>> out = new LinkedHashMap<>();
    Map<String, FeatureImportance> mine = new LinkedHashMap<>();
    for (String f : guestModel.featureNames()) {
      mine.put(f, all.get(f));
    }
    out.put(guest, mine);
    for (SecureBoostHostModel h : hosts) {
      Map<String, FeatureImportance> theirs = new LinkedHashMap<>();
      for (String f : h.featureNames()) {
        theirs.put(f, FeatureImportance.ZERO);
      }
      for (SecureBoostHostModel.Split s : h.splits()) {
        FeatureImportance imp = all.get(BoostedTrees.remoteKey(
            new SplitRule.Remote(h.party(), s.splitId())));
        if (imp != null) {
          theirs.merge(h.featureNames().get(s.feature()), imp, FeatureImportance::plus);
        }
      }
      out.put(h.party(), theirs);
    }
    return out;
  }

  /**
   * A federated guest model with every host split replaced by the host's feature (in the joint
   * order of {@link #join}) and threshold.
   */
  public static BoostedTrees resolve(BoostedTrees guest, List<SecureBoostHostModel> hosts) {
    List<String> names = new ArrayList<>(guest.featureNames());
    Map<String, Integer> offsets = new HashMap<>();
    Map<String, SecureBoostHostModel> byParty = new HashMap<>();
    for (SecureBoostHostModel h : hosts) {
      offsets.put(h.party(), names.size());
      byParty.put(h.party(), h);
      for (String f : h.featureNames()) {
        names.add(VerticalGuest.qualified(h.party(), f));
      }
    }
    List<TreeModel> trees = new ArrayList<>();
    for (TreeModel t : guest.trees()) {
      List<TreeNode> nodes = new ArrayList<>();
      for (TreeNode n : t.nodes()) {
        if (n.rule() instanceof SplitRule.Remote r) {
          SecureBoostHostModel.Split s = byParty.get(r.party()).split(r.splitId());
          nodes.add(new TreeNode(n.left(), n.right(), new SplitRule.Threshold(
              offsets.get(r.party()) + s.feature(), s.threshold()), n.value(), n.gain(),
              n.rows()));
        } else {
          nodes.add(n);
        }
      }
      trees.add(new TreeModel(nodes));
    }
    return new BoostedTrees(names, guest.baseScore(), trees);
  }
}
