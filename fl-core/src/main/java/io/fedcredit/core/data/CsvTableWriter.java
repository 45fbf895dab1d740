package io.fedcredit.core.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * Writes a {@link FeatureTable} as CSV that {@link CsvTableReader} reads back to an equal table:
 * a header {@code id[,label],features...}, one row per line ending in LF, UTF-8 without a
 * byte-order mark. Labels are written {@code 0}/{@code 1}; a feature that is a whole number of
 * magnitude below 10^15 is written without a fraction ({@code 12}), any other value with
 * {@link Double#toString(double)}, which parses back to the same double. Ids and column names
 * are quoted when they contain the delimiter, a quote or surrounding spaces.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class CsvTableWriter {
  private static final double MAX_PLAIN_INTEGER = 1e15;

  private final char delimiter;

  /** A writer using {@code ','}. */
  public CsvTableWriter() {
    this(',');
  }

  /**
   * A writer using the given delimiter.
   *
   * @throws IllegalArgumentException for a delimiter {@link CsvOptions} would reject
   */
  public CsvTableWriter(char delimiter) {
    CsvOptions.defaults().withDelimiter(delimiter); // same validation as the reader
    this.delimiter = delimiter;
  }

  /**
   * Writes the table to a file, replacing it: the rows go to a temporary file in the same
   * directory that is then moved into place, so a reader never sees half a table.
   *
   * @throws IllegalArgumentException when an id or column name holds a line break
   * @throws IOException when the file cannot be written
   */
  public void write(FeatureTable table, Path file) throws IOException {
    Objects.requireNonNull(table, "table");
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (Writer out = new BufferedWriter(
          new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16)) {
        write(table, out);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Writes the table to a character stream, which is flushed but not closed.
   *
   * @throws IllegalArgumentException when an id or column name holds a line break
   * @throws IOException when the stream fails
   */
  public void write(FeatureTable table, Writer out) throws IOException {
    Objects.requireNonNull(table, "table");
    Schema schema = table.schema();
    StringBuilder sb = new StringBuilder(256);
    appendText(sb, schema.idColumn(), "column name");
    if (schema.hasLabel()) {
      sb.append(delimiter);
      appendText(sb, schema.labelColumn(), "column name");
    }
    List<String> features = schema.featureNames();
    for (String f : features) {
      sb.append(delimiter);
      appendText(sb, f, "column name");
    }
    sb.append('\n');
    out.append(sb);
    int d = table.numFeatures();
    boolean labelled = table.hasLabels();
    for (int r = 0; r < table.rows(); r++) {
      sb.setLength(0);
      appendText(sb, table.id(r), "id");
      if (labelled) {
        sb.append(delimiter).append(table.label(r) == 1.0 ? '1' : '0');
      }
      for (int j = 0; j < d; j++) {
        sb.append(delimiter);
        appendNumber(sb, table.value(r, j));
      }
      sb.append('\n');
      out.append(sb);
    }
    out.flush();
  }

  static void appendNumber(StringBuilder sb, double v) {
    if (v == Math.rint(v) && Math.abs(v) < MAX_PLAIN_INTEGER
        && (v != 0.0 || Double.doubleToRawLongBits(v) == 0L)) {
      sb.append((long) v);
    } else {
      sb.append(v);
    }
  }

  private void appendText(StringBuilder sb, String text, String what) {
    // quote what the reader would otherwise trim, and a leading U+FEFF it would take for a BOM
    boolean quote = text.isEmpty() || text.charAt(0) == ' ' || text.charAt(0) == '\uFEFF'
        || text.charAt(text.length() - 1) == ' ';
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        throw new IllegalArgumentException(what + " " + DataFormatException.quote(text)
            + " holds a line break, which this CSV format cannot carry");
      }
      if (c == delimiter || c == '"') {
        quote = true;
      }
    }
    if (!quote) {
      sb.append(text);
      return;
    }
    sb.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }
}
