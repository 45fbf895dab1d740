package io.fedcredit.core.tree;

import java.util.Objects;

/**
 * How an internal tree node routes a row: by a threshold on one of the model owner's own
 * features, or by a decision only another party can take (a vertical host's split, of which the
 * model holds an opaque id and nothing else).
 */
public sealed interface SplitRule permits SplitRule.Threshold, SplitRule.Remote {

  /**
   * A split on the owner's own feature: {@code value <= threshold} goes left.
   *
   * @param feature index into the model's feature names
   * @param threshold the upper edge of the last bin going left
   */
  record Threshold(int feature, double threshold) implements SplitRule {
    public Threshold {
      if (feature < 0) {
        throw new IllegalArgumentException("feature index " + feature + " is negative");
      }
      if (!Double.isFinite(threshold)) {
        throw new IllegalArgumentException("threshold " + threshold + " is not finite");
      }
    }
  }

  /**
   * A split owned by another party: that party alone knows the feature and the threshold behind
   * {@code splitId} and tells, row by row, whether a row goes left.
   *
   * @param party the owning party's id
   * @param splitId the opaque id the party gave the split
   */
  record Remote(String party, long splitId) implements SplitRule {
    public Remote {
      Objects.requireNonNull(party, "party");
      if (party.isBlank()) {
        throw new IllegalArgumentException("party must not be blank");
      }
    }
  }
}
