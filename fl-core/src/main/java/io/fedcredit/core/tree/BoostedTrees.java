package io.fedcredit.core.tree;

import io.fedcredit.core.data.FeatureTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A gradient-boosted tree model for binary classification: the raw score (log-odds of default)
 * of a row is {@code baseScore} plus one leaf value per tree. Splits on the owner's features are
 * thresholds on raw (unbinned) values; in a vertical model, splits on a host's features are
 * {@link SplitRule.Remote} ids that only that host can evaluate ({@link #predictRaw(FeatureTable,
 * RemoteDecisions)}). Immutable; a record of lists and numbers, so it serializes as it is.
 *
 * @param featureNames the owner's features, indexed by {@link SplitRule.Threshold#feature()}
 * @param baseScore the initial raw score (log-odds of the training default rate)
 * @param trees the trees, in boosting order
 */
public record BoostedTrees(List<String> featureNames, double baseScore, List<TreeModel> trees) {

  public BoostedTrees {
    featureNames = List.copyOf(featureNames);
    trees = List.copyOf(trees);
    if (!Double.isFinite(baseScore)) {
      throw new IllegalArgumentException("baseScore " + baseScore + " is not finite");
    }
    for (int t = 0; t < trees.size(); t++) {
      for (TreeNode n : trees.get(t).nodes()) {
        if (n.rule() instanceof SplitRule.Threshold th
            && th.feature() >= featureNames.size()) {
          throw new IllegalArgumentException("tree " + t + " splits on feature " + th.feature()
              + "; the model has " + featureNames.size());
        }
      }
    }
  }

  /**
   * Decisions of other parties' splits for a batch of rows: whether row {@code row} of the batch
   * goes left at the remote split.
   */
  @FunctionalInterface
  public interface RemoteDecisions {
    boolean goesLeft(SplitRule.Remote split, int row);

    /** For a model without remote splits. */
    static RemoteDecisions none() {
      return (split, row) -> {
        throw new IllegalStateException("the model has a split of party " + split.party()
            + " (id " + split.splitId() + "): its decisions are needed to score");
      };
    }
  }

  /** Whether some split belongs to another party. */
  public boolean hasRemoteSplits() {
    return trees.stream().flatMap(t -> t.nodes().stream())
        .anyMatch(n -> n.rule() instanceof SplitRule.Remote);
  }

  /** The remote splits of every tree, in tree and node order, without repeats. */
  public List<SplitRule.Remote> remoteSplits() {
    return trees.stream().flatMap(t -> t.nodes().stream()).map(TreeNode::rule)
        .filter(r -> r instanceof SplitRule.Remote).map(r -> (SplitRule.Remote) r).distinct()
        .toList();
  }

  /**
   * Raw scores of rows holding every feature of the model (by name, any order).
   *
   * @throws IllegalArgumentException naming a missing feature
   * @throws IllegalStateException when the model has remote splits
   */
  public double[] predictRaw(FeatureTable table) {
    return predictRaw(table, RemoteDecisions.none());
  }

  /**
   * Raw scores, with the decisions of other parties' splits for the same rows.
   *
   * @throws IllegalArgumentException naming a missing feature
   */
  public double[] predictRaw(FeatureTable table, RemoteDecisions remote) {
    int[] column = new int[featureNames.size()];
    for (int j = 0; j < column.length; j++) {
      column[j] = table.schema().indexOf(featureNames.get(j));
      if (column[j] < 0) {
        throw new IllegalArgumentException("the table has no feature '" + featureNames.get(j)
            + "', which the model uses");
      }
    }
    int d = table.numFeatures();
    double[] values = table.values();
    double[] out = new double[table.rows()];
    for (int r = 0; r < out.length; r++) {
      int row = r;
      TreeModel.Router router = rule -> rule instanceof SplitRule.Threshold th
          ? values[row * d + column[th.feature()]] <= th.threshold()
          : remote.goesLeft((SplitRule.Remote) rule, row);
      double s = baseScore;
      for (TreeModel t : trees) {
        s += t.value(router);
      }
      out[r] = s;
    }
    return out;
  }

  /** Probabilities of default: the logistic function of {@link #predictRaw(FeatureTable)}. */
  public double[] predict(FeatureTable table) {
    return probabilities(predictRaw(table));
  }

  /** Probabilities of default with other parties' decisions. */
  public double[] predict(FeatureTable table, RemoteDecisions remote) {
    return probabilities(predictRaw(table, remote));
  }

  /** The logistic function of every raw score (a new array). */
  public static double[] probabilities(double[] raw) {
    double[] p = new double[raw.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Gradients.sigmoid(raw[i]);
    }
    return p;
  }

  /**
   * Split count and total gain per feature: own features by name, remote splits by
   * {@code party#splitId}. Features never split on are listed with zeros; order: own features,
   * then remote splits in order of first use.
   */
  public Map<String, FeatureImportance> importance() {
    Map<String, FeatureImportance> out = new LinkedHashMap<>();
    for (String f : featureNames) {
      out.put(f, FeatureImportance.ZERO);
    }
    for (TreeModel t : trees) {
      for (TreeNode n : t.nodes()) {
        if (n.rule() instanceof SplitRule.Threshold th) {
          out.merge(featureNames.get(th.feature()), FeatureImportance.of(n.gain()),
              FeatureImportance::plus);
        } else if (n.rule() instanceof SplitRule.Remote rs) {
          out.merge(remoteKey(rs), FeatureImportance.of(n.gain()), FeatureImportance::plus);
        }
      }
    }
    return out;
  }

  /** The key of a remote split in {@link #importance()}: {@code party#splitId}. */
  public static String remoteKey(SplitRule.Remote split) {
    Objects.requireNonNull(split, "split");
    return split.party() + "#" + split.splitId();
  }
}
