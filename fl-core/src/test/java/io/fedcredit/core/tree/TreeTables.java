package io.fedcredit.core.tree;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.Schema;
import java.util.ArrayList;
import java.util.List;

/** Test helpers for tree tests. */
final class TreeTables {
  private TreeTables() {}

  /** The columns of {@code right} appended to {@code left}'s, row by row (ids must agree). */
  static FeatureTable joinColumns(FeatureTable left, FeatureTable right, String prefix) {
    if (left.rows() != right.rows()) {
      throw new IllegalArgumentException(left.rows() + " vs " + right.rows() + " rows");
    }
    int a = left.numFeatures();
    int b = right.numFeatures();
    double[] v = new double[left.rows() * (a + b)];
    double[] lv = left.values();
    double[] rv = right.values();
    for (int r = 0; r < left.rows(); r++) {
      if (!left.id(r).equals(right.id(r))) {
        throw new IllegalArgumentException("row " + r + ": ids " + left.id(r) + " and "
            + right.id(r));
      }
      System.arraycopy(lv, r * a, v, r * (a + b), a);
      System.arraycopy(rv, r * b, v, r * (a + b) + a, b);
    }
    List<String> names = new ArrayList<>(left.schema().featureNames());
    for (String n : right.schema().featureNames()) {
      names.add(prefix + n);
    }
    return FeatureTable.of(new Schema(left.schema().idColumn(), left.schema().labelColumn(),
        names), left.ids(), left.hasLabels() ? left.labels() : null, v);
  }
}
