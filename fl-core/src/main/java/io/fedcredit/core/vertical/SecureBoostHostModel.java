package io.fedcredit.core.vertical;

import io.fedcredit.core.data.FeatureTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A SecureBoost host's half of a boosted model: the lookup table from the opaque split ids the
 * guest's trees hold ({@link io.fedcredit.core.tree.SplitRule.Remote}) to a feature of the host
 * and a threshold ({@code value <= threshold} goes left). The guest never sees this table; to
 * score, it sends the ids of the rows and of the splits, and the host answers with one decision
 * per (split, row) ({@link #route}). Immutable; a record of lists and numbers.
 *
 * @param party the host's party id
 * @param featureNames the host's features, indexed by {@link Split#feature()}
 * @param splits every split the host made, in the order made
 */
public record SecureBoostHostModel(String party, List<String> featureNames, List<Split> splits) {

  /** One split of the host. */
  public record Split(long splitId, int feature, double threshold) {
    public Split {
      if (feature < 0 || !Double.isFinite(threshold)) {
        throw new IllegalArgumentException("split " + splitId + ": feature " + feature
            + ", threshold " + threshold);
      }
    }
  }

  public SecureBoostHostModel {
    Objects.requireNonNull(party, "party");
    featureNames = List.copyOf(featureNames);
    splits = List.copyOf(splits);
    Map<Long, Split> seen = new HashMap<>();
    for (Split s : splits) {
      if (s.feature() >= featureNames.size()) {
        throw new IllegalArgumentException("split " + s.splitId() + " names feature "
            + s.feature() + " of " + featureNames.size());
      }
      if (seen.put(s.splitId(), s) != null) {
        throw new IllegalArgumentException("split id " + s.splitId() + " is repeated");
      }
    }
  }

  /**
   * The split with this id.
   *
   * @throws IllegalArgumentException when the host made no such split
   */
  public Split split(long splitId) {
    for (Split s : splits) {
      if (s.splitId() == splitId) {
        return s;
      }
    }
    throw new IllegalArgumentException(party + " has no split with id " + splitId);
  }

  /**
   * Whether each row goes left at each split: {@code [split][row]}.
   *
   * @param rows the host's rows (any order of features; its model's features by name)
   * @throws IllegalArgumentException naming an unknown split id or a missing feature
   */
  public boolean[][] route(FeatureTable rows, long[] splitIds) {
    boolean[][] out = new boolean[splitIds.length][rows.rows()];
    for (int s = 0; s < splitIds.length; s++) {
      Split split = split(splitIds[s]);
      String name = featureNames.get(split.feature());
      int column = rows.schema().indexOf(name);
      if (column < 0) {
        throw new IllegalArgumentException(party + ": the rows to route have no feature '"
            + name + "'");
      }
      for (int r = 0; r < rows.rows(); r++) {
        out[s][r] = rows.value(r, column) <= split.threshold();
      }
    }
    return out;
  }
}
