package io.fedcredit.core.data;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Column layout of a {@link FeatureTable}: the id column, the optional label column and the
 * ordered numeric feature columns.
 *
 * @param idColumn name of the column holding the enterprise id
 * @param labelColumn name of the 0/1 label column, or {@code null} when the table has no label
 * @param featureNames ordered feature names; unique, at least one
 */
public record Schema(String idColumn, String labelColumn, List<String> featureNames) {

  public Schema {
    Objects.requireNonNull(idColumn, "idColumn");
    Objects.requireNonNull(featureNames, "featureNames");
    featureNames = List.copyOf(featureNames);
    if (idColumn.isBlank()) {
      throw new IllegalArgumentException("idColumn must not be blank");
    }
    if (featureNames.isEmpty()) {
      throw new IllegalArgumentException("a schema needs at least one feature column");
    }
    Set<String> seen = new HashSet<>();
    for (String name : featureNames) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("feature names must not be blank: " + featureNames);
      }
      if (name.equals(idColumn) || name.equals(labelColumn)) {
        throw new IllegalArgumentException(
            "feature '" + name + "' is also the id or label column");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("duplicate feature name '" + name + "'");
      }
    }
  }

  /** A schema with a label column. */
  public static Schema labelled(String idColumn, String labelColumn, List<String> featureNames) {
    return new Schema(idColumn, Objects.requireNonNull(labelColumn, "labelColumn"), featureNames);
  }

  /** A schema without a label column (a data node's feature table). */
  public static Schema unlabelled(String idColumn, List<String> featureNames) {
    return new Schema(idColumn, null, featureNames);
  }

  public boolean hasLabel() {
    return labelColumn != null;
  }

  public int numFeatures() {
    return featureNames.size();
  }

  /** Position of a feature, or -1. */
  public int indexOf(String featureName) {
    return featureNames.indexOf(featureName);
  }

  /** The same columns without the label (what a table shows to a scorer). */
  public Schema withoutLabel() {
    return new Schema(idColumn, null, featureNames);
  }
}
