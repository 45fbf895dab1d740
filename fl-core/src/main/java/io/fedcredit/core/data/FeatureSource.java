package io.fedcredit.core.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a party's {@link FeatureTable} comes from: a CSV file today, a Spark or JDBC query later.
 * Callers (a bank client, a data node) depend on this seam only, so a new kind of source is one
 * small class.
 *
 * <p>Implementations report bad content with {@link DataFormatException} and failures to reach
 * the data with {@link java.io.UncheckedIOException} (or another unchecked exception naming the
 * source); {@link #describe()} must never reveal records or credentials.
 */
public interface FeatureSource {

  /**
   * The columns {@link #load()} will return, without reading the rows when the source can avoid
   * it (a CSV source reads only the header).
   */
  Schema schema();

  /** Reads the whole table. Each call reads the source again. */
  FeatureTable load();

  /** A short description for logs and provenance, such as {@code csv:data/bank_a.csv}. */
  String describe();

  /** A source reading a CSV file with the given options. */
  static FeatureSource csv(Path file, CsvOptions options) {
    return new CsvFeatureSource(file, options);
  }

  /** A source serving a table already in memory (tests, generated data, demos). */
  static FeatureSource of(FeatureTable table, String description) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(description, "description");
    return new FeatureSource() {
      @Override
      public Schema schema() {
        return table.schema();
      }

      @Override
      public FeatureTable load() {
        return table;
      }

      @Override
      public String describe() {
        return description;
      }

      @Override
      public String toString() {
        return "FeatureSource[" + description + "]";
      }
    };
  }
}
