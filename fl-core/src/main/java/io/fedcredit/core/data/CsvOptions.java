package io.fedcredit.core.data;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a CSV file maps onto a {@link FeatureTable}: which column holds the id, whether and where
 * the 0/1 label is, which columns are features, and the delimiter. Immutable; every combination
 * is validated when it is made, so a reader never starts on a contradictory configuration.
 *
 * <p>Three presets cover the usual cases:
 * <ul>
 *   <li>{@link #labelled(String)}: a bank's training table; the label column must be present.
 *   <li>{@link #unlabelled()}: a data node's feature table; there is no label. As a guard against
 *       leaking a label into the features, a column named like the label ({@code y} unless
 *       changed with {@link #withLabelColumn}) is an error unless the features are listed
 *       explicitly.
 *   <li>{@link #defaults()}: reads the label column {@code y} when the header has it and yields
 *       an unlabelled table when it does not.
 * </ul>
 * All presets use id column {@code id}, delimiter {@code ','} and every remaining column as a
 * feature, in header order.
 *
 * @param idColumn name of the id column
 * @param labelColumn name of the label column (for {@link LabelPolicy#NONE}: the name a label
 *     would have, which must not be read as a feature by accident)
 * @param labelPolicy whether the label column is required, optional or absent
 * @param features the feature columns to read, in this order, or {@code null} for every column
 *     that is neither the id nor the label, in header order; other columns are skipped
 * @param delimiter the field separator
 */
public record CsvOptions(String idColumn, String labelColumn, LabelPolicy labelPolicy,
    List<String> features, char delimiter) {

  /** Whether a table read with these options has labels. */
  public enum LabelPolicy {
    /** The label column must be in the header; the table is labelled. */
    REQUIRED,
    /** The table is labelled when the header has the label column, unlabelled otherwise. */
    IF_PRESENT,
    /** The table is unlabelled; the label column name is only used as a guard. */
    NONE
  }

  /** Default id column name. */
  public static final String DEFAULT_ID_COLUMN = "id";
  /** Default label column name. */
  public static final String DEFAULT_LABEL_COLUMN = "y";

  /**
   * Validates the combination.
   *
   * @throws IllegalArgumentException naming the parameter at fault: blank names, an empty or
   *     duplicated feature list, a feature that is also the id or label, an unusable delimiter
   */
  public CsvOptions {
    requireName(idColumn, "idColumn");
    requireName(labelColumn, "labelColumn");
    Objects.requireNonNull(labelPolicy, "labelPolicy");
    if (idColumn.equals(labelColumn) && labelPolicy != LabelPolicy.NONE) {
      throw new IllegalArgumentException(
          "idColumn and labelColumn are both '" + idColumn + "'");
    }
    if (features != null) {
      features = List.copyOf(features);
      if (features.isEmpty()) {
        throw new IllegalArgumentException(
            "features is empty; pass null to read every non-id, non-label column");
      }
      Set<String> seen = new HashSet<>();
      for (String f : features) {
        requireName(f, "feature name");
        if (f.equals(idColumn)) {
          throw new IllegalArgumentException("feature '" + f + "' is the id column");
        }
        if (f.equals(labelColumn) && labelPolicy != LabelPolicy.NONE) {
          throw new IllegalArgumentException("feature '" + f + "' is the label column");
        }
        if (!seen.add(f)) {
          throw new IllegalArgumentException("feature '" + f + "' is listed twice");
        }
      }
    }
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == ' '
        || delimiter == '.' || delimiter == '+' || delimiter == '-'
        || Character.isLetterOrDigit(delimiter)) {
      throw new IllegalArgumentException("delimiter " + printable(delimiter)
          + " cannot separate fields that hold numbers; use ',', ';', '|' or a tab");
    }
  }

  /** Id {@code id}, label {@code y} when present, every other column a feature, {@code ','}. */
  public static CsvOptions defaults() {
    return new CsvOptions(DEFAULT_ID_COLUMN, DEFAULT_LABEL_COLUMN, LabelPolicy.IF_PRESENT, null,
        ',');
  }

  /** A labelled table whose label column must be present (a bank's training data). */
  public static CsvOptions labelled(String labelColumn) {
    return new CsvOptions(DEFAULT_ID_COLUMN, labelColumn, LabelPolicy.REQUIRED, null, ',');
  }

  /** An unlabelled table (a data node's features); see the class comment for the label guard. */
  public static CsvOptions unlabelled() {
    return new CsvOptions(DEFAULT_ID_COLUMN, DEFAULT_LABEL_COLUMN, LabelPolicy.NONE, null, ',');
  }

  /** The same options with another id column. */
  public CsvOptions withIdColumn(String name) {
    return new CsvOptions(name, labelColumn, labelPolicy, features, delimiter);
  }

  /** The same options (and label policy) with another label column name. */
  public CsvOptions withLabelColumn(String name) {
    return new CsvOptions(idColumn, name, labelPolicy, features, delimiter);
  }

  /**
   * The same options reading only these features, in this order.
   *
   * @param names feature columns, or {@code null} for every non-id, non-label column
   */
  public CsvOptions withFeatures(List<String> names) {
    return new CsvOptions(idColumn, labelColumn, labelPolicy, names, delimiter);
  }

  /** The same options with another delimiter. */
  public CsvOptions withDelimiter(char d) {
    return new CsvOptions(idColumn, labelColumn, labelPolicy, features, d);
  }

  static String printable(char c) {
    return c == '\t' ? "'\\t'" : c == '\r' ? "'\\r'" : c == '\n' ? "'\\n'" : "'" + c + "'";
  }

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isBlank() || !name.strip().equals(name)) {
      throw new IllegalArgumentException(
          what + " must be non-blank without surrounding spaces: '" + name + "'");
    }
  }
}
