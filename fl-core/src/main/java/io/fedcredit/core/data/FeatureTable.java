package io.fedcredit.core.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An immutable table of enterprises: one id per row, an optional 0/1 label and numeric features
 * stored row-major in one {@code double[]}. All values are finite; labels are 0 or 1; ids are
 * unique. Accessors that return arrays return copies.
 */
public final class FeatureTable {
  private final Schema schema;
  private final String[] ids;
  private final double[] labels; // null when the schema has no label
  private final double[] values; // rows * numFeatures, row-major

  private FeatureTable(Schema schema, String[] ids, double[] labels, double[] values) {
    this.schema = schema;
    this.ids = ids;
    this.labels = labels;
    this.values = values;
  }

  /**
   * Builds a table from arrays, validating shapes, finiteness, labels and id uniqueness.
   *
   * @param labels 0/1 labels, or {@code null} when {@code schema.hasLabel()} is false
   * @param values row-major features, {@code ids.length * schema.numFeatures()} values
   * @throws IllegalArgumentException naming the row and column at fault
   */
  public static FeatureTable of(Schema schema, String[] ids, double[] labels, double[] values) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(values, "values");
    int d = schema.numFeatures();
    if (values.length != (long) ids.length * d) {
      throw new IllegalArgumentException("values has " + values.length + " entries, expected "
          + ids.length + " rows x " + d + " features");
    }
    if (schema.hasLabel() != (labels != null)) {
      throw new IllegalArgumentException(schema.hasLabel()
          ? "schema has label column '" + schema.labelColumn() + "' but no labels were given"
          : "labels were given but the schema has no label column");
    }
    if (labels != null && labels.length != ids.length) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " entries, expected " + ids.length);
    }
    Map<String, Integer> seen = new HashMap<>(ids.length * 2);
    for (int r = 0; r < ids.length; r++) {
      String id = ids[r];
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("row " + r + ": empty id");
      }
      Integer first = seen.putIfAbsent(id, r);
      if (first != null) {
        throw new IllegalArgumentException(
            "row " + r + ": duplicate id '" + id + "' (first at row " + first + ")");
      }
      if (labels != null && labels[r] != 0.0 && labels[r] != 1.0) {
        throw new IllegalArgumentException(
            "row " + r + " (id '" + id + "'): label " + labels[r] + " is not 0 or 1");
      }
      for (int c = 0; c < d; c++) {
        double v = values[r * d + c];
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("row " + r + " (id '" + id + "'), feature '"
              + schema.featureNames().get(c) + "': value " + v + " is not finite");
        }
      }
    }
    return new FeatureTable(schema, ids.clone(), labels == null ? null : labels.clone(),
        values.clone());
  }

  /** Wraps arrays the caller has validated and will not touch again (readers, generators). */
  static FeatureTable wrapValidated(Schema schema, String[] ids, double[] labels, double[] values) {
    return new FeatureTable(schema, ids, labels, values);
  }

  public Schema schema() {
    return schema;
  }

  public int rows() {
    return ids.length;
  }

  public int numFeatures() {
    return schema.numFeatures();
  }

  public boolean hasLabels() {
    return labels != null;
  }

  public String id(int row) {
    return ids[row];
  }

  /** The label (0 or 1) of a row. */
  public double label(int row) {
    if (labels == null) {
      throw new IllegalStateException("table has no label column");
    }
    return labels[row];
  }

  public double value(int row, int feature) {
    return values[row * schema.numFeatures() + feature];
  }

  /** A copy of one row's features. */
  public double[] row(int row) {
    int d = schema.numFeatures();
    return Arrays.copyOfRange(values, row * d, row * d + d);
  }

  /** Copies the features of {@code rows} into {@code dst}, row-major, starting at 0. */
  public void copyRows(int[] rows, double[] dst) {
    int d = schema.numFeatures();
    if (dst.length < rows.length * d) {
      throw new IllegalArgumentException("dst too small: " + dst.length + " < " + rows.length * d);
    }
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(values, rows[i] * d, dst, i * d, d);
    }
  }

  /** A copy of all features, row-major. */
  public double[] values() {
    return values.clone();
  }

  /** A copy of the labels. */
  public double[] labels() {
    if (labels == null) {
      throw new IllegalStateException("table has no label column");
    }
    return labels.clone();
  }

  /** A copy of the ids. */
  public String[] ids() {
    return ids.clone();
  }

  /** Number of rows labelled 1. */
  public int positives() {
    int n = 0;
    for (double y : labels()) {
      n += (int) y;
    }
    return n;
  }

  /** The given rows, in the given order. */
  public FeatureTable select(int[] rows) {
    int d = schema.numFeatures();
    String[] newIds = new String[rows.length];
    double[] newLabels = labels == null ? null : new double[rows.length];
    double[] newValues = new double[rows.length * d];
    boolean[] taken = new boolean[ids.length];
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      if (taken[r]) {
        throw new IllegalArgumentException("row " + r + " selected twice");
      }
      taken[r] = true;
      newIds[i] = ids[r];
      if (labels != null) {
        newLabels[i] = labels[r];
      }
      System.arraycopy(values, r * d, newValues, i * d, d);
    }
    return new FeatureTable(schema, newIds, newLabels, newValues);
  }

  /** The same rows with only the named features, in the given order. */
  public FeatureTable withFeatures(List<String> names) {
    int[] idx = new int[names.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = schema.indexOf(names.get(i));
      if (idx[i] < 0) {
        throw new IllegalArgumentException("unknown feature '" + names.get(i)
            + "'; table has " + schema.featureNames());
      }
    }
    int d = schema.numFeatures();
    double[] newValues = new double[ids.length * idx.length];
    for (int r = 0; r < ids.length; r++) {
      for (int j = 0; j < idx.length; j++) {
        newValues[r * idx.length + j] = values[r * d + idx[j]];
      }
    }
    Schema s = new Schema(schema.idColumn(), schema.labelColumn(), names);
    return new FeatureTable(s, ids, labels, newValues);
  }

  /** The same rows without labels, as a scorer or a data node would see them. */
  public FeatureTable withoutLabels() {
    return new FeatureTable(schema.withoutLabel(), ids, null, values);
  }

  /**
   * A seeded random split. When the table is labelled the split is stratified, so both parts keep
   * the default rate.
   *
   * @param testFraction share of rows in the test part, in (0, 1)
   */
  public Split split(double testFraction, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be in (0, 1): " + testFraction);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = ids.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] train = new int[n];
    int[] test = new int[n];
    int nTrain = 0;
    int nTest = 0;
    // stratify: assign each class separately, in shuffled order
    double[] classes = labels == null ? new double[] {Double.NaN} : new double[] {0.0, 1.0};
    for (double cls : classes) {
      int count = 0;
      for (int r : order) {
        if (labels == null || labels[r] == cls) {
          count++;
        }
      }
      int testCount = (int) Math.round(count * testFraction);
      int k = 0;
      for (int r : order) {
        if (labels == null || labels[r] == cls) {
          if (k++ < testCount) {
            test[nTest++] = r;
          } else {
            train[nTrain++] = r;
          }
        }
      }
    }
    int[] trainRows = Arrays.copyOf(train, nTrain);
    int[] testRows = Arrays.copyOf(test, nTest);
    Arrays.sort(trainRows);
    Arrays.sort(testRows);
    return new Split(select(trainRows), select(testRows));
  }

  /** Concatenates tables with the same schema (ids must stay unique). */
  public static FeatureTable concat(List<FeatureTable> tables) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    Schema s = tables.get(0).schema;
    int n = 0;
    for (FeatureTable t : tables) {
      if (!t.schema.equals(s)) {
        throw new IllegalArgumentException(
            "schemas differ: " + s.featureNames() + " vs " + t.schema.featureNames());
      }
      n += t.rows();
    }
    int d = s.numFeatures();
    String[] ids = new String[n];
    double[] labels = s.hasLabel() ? new double[n] : null;
    double[] values = new double[n * d];
    Map<String, Boolean> seen = new HashMap<>(n * 2);
    int at = 0;
    for (FeatureTable t : tables) {
      for (int r = 0; r < t.rows(); r++) {
        if (seen.put(t.ids[r], Boolean.TRUE) != null) {
          throw new IllegalArgumentException("duplicate id '" + t.ids[r] + "' across tables");
        }
      }
      System.arraycopy(t.ids, 0, ids, at, t.rows());
      if (labels != null) {
        System.arraycopy(t.labels, 0, labels, at, t.rows());
      }
      System.arraycopy(t.values, 0, values, at * d, t.rows() * d);
      at += t.rows();
    }
    return new FeatureTable(s, ids, labels, values);
  }

  @Override
  public String toString() {
    // never prints records: only shape
    return "FeatureTable[" + rows() + " rows x " + numFeatures() + " features"
        + (hasLabels() ? ", labelled" : "") + "]";
  }

  /** A train/test split of one table. */
  public record Split(FeatureTable train, FeatureTable test) {}
}
