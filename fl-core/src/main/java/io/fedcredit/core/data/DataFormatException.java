package io.fedcredit.core.data;

import io.fedcredit.core.FedCreditException;

/**
 * Input data that cannot become a {@link FeatureTable}: a malformed CSV line, a missing column, a
 * value that is not a number, a duplicate id. The message names where the problem is (source,
 * line, column), the offending value when there is one, and how to fix it, for example:
 *
 * <pre>
 * bank_a.csv line 17, column 'x3': 'abc' is not a number; fix the value or leave the column out
 * bank_a.csv line 1, column 'y': missing from the header (header has: id, x0, x1); ...
 * </pre>
 *
 * <p>The same facts are available as accessors so that a caller (a CLI, a job validator) can
 * report them in its own way. Instances are immutable.
 */
public final class DataFormatException extends FedCreditException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_SHOWN_VALUE = 60;

  private final String source;
  private final long line;
  private final String column;
  private final String value;

  /**
   * @param source the file or stream name as the user knows it, or {@code null} when unknown
   * @param line 1-based line number (the header is line 1), or 0 when the problem concerns the
   *     input as a whole (an empty file, a file without rows)
   * @param column the column at fault, or {@code null}
   * @param value the offending text, or {@code null}
   * @param detail what is wrong and how to fix it; it follows the location in the message and
   *     should quote {@code value} with {@link #quote(String)} when there is one
   */
  public DataFormatException(String source, long line, String column, String value,
      String detail) {
    super(location(source, line, column) + (line == 0 && column == null ? " " : ": ") + detail);
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0: " + line);
    }
    this.source = source;
    this.line = line;
    this.column = column;
    this.value = value;
  }

  /** The file or stream name, or {@code null} when the input had none. */
  public String source() {
    return source;
  }

  /** The 1-based line number (header = 1), or 0 when the problem concerns the whole input. */
  public long line() {
    return line;
  }

  /** The column at fault, or {@code null} when the problem is not about one column. */
  public String column() {
    return column;
  }

  /** The offending text exactly as read (not truncated), or {@code null}. */
  public String value() {
    return value;
  }

  /**
   * A value as it appears in messages: in single quotes, cut to 60 characters so that a runaway
   * field cannot flood a log.
   */
  static String quote(String value) {
    if (value.length() <= MAX_SHOWN_VALUE) {
      return "'" + value + "'";
    }
    return "'" + value.substring(0, MAX_SHOWN_VALUE) + "...' (" + value.length() + " chars)";
  }

  private static String location(String source, long line, String column) {
    StringBuilder sb = new StringBuilder();
    if (source != null) {
      sb.append(source);
    }
    if (line > 0) {
      sb.append(sb.length() == 0 ? "line " : " line ").append(line);
    }
    if (column != null) {
      sb.append(sb.length() == 0 ? "column '" : ", column '").append(column).append('\'');
    }
    if (sb.length() == 0) {
      sb.append("input");
    }
    return sb.toString();
  }
}
