package io.fedcredit.core.data;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Reads a character stream line by line into one reusable {@code char[]} and splits a line into
 * field ranges, so that parsing a row allocates nothing but its id. Lines end at LF, CRLF or a
 * lone CR; a byte-order mark at the very start is dropped. Fields follow RFC 4180 on one line: a
 * field may be quoted with {@code "}, a quote inside a quoted field is written {@code ""}, and a
 * line break inside quotes is reported as an error. Unquoted fields (and the blanks around a
 * quoted one) are trimmed of spaces.
 *
 * <p>Not thread-safe; one instance reads one stream.
 */
final class CsvLines {
  static final int QUOTED = 1;
  static final int ESCAPED = 2; // quoted and holds "" pairs

  private final Reader in;
  private final char delimiter;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean skipLf; // the previous line ended with CR: a following LF belongs to it

  private char[] line = new char[512];
  private int length;
  private long lineNumber;

  private int[] starts = new int[32];
  private int[] ends = new int[32];
  private int[] flags = new int[32];
  private int fieldCount;
  private String syntaxError; // detail of the last failed split
  private int syntaxErrorField;

  CsvLines(Reader in, char delimiter) {
    this.in = in;
    this.delimiter = delimiter;
  }

  /** Reads the next line; false at the end of the input. */
  boolean next() throws IOException {
    length = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          if (any) {
            break;
          }
          return false;
        }
      }
      if (skipLf) {
        skipLf = false;
        if (buf[pos] == '\n') {
          pos++;
          continue;
        }
      }
      any = true;
      int start = pos;
      int end = start;
      char c = 0;
      while (end < limit && (c = buf[end]) != '\n' && c != '\r') {
        end++;
      }
      append(start, end);
      if (end < limit) {
        pos = end + 1;
        skipLf = c == '\r';
        break;
      }
      pos = limit;
    }
    lineNumber++;
    if (lineNumber == 1 && length > 0 && line[0] == '\uFEFF') {
      System.arraycopy(line, 1, line, 0, length - 1);
      length--;
    }
    return true;
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      pos = limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private void append(int from, int to) {
    int n = to - from;
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
    }
    System.arraycopy(buf, from, line, length, n);
    length += n;
  }

  /** 1-based number of the current line. */
  long lineNumber() {
    return lineNumber;
  }

  /** The current line's characters; valid up to {@link #length()} until the next call. */
  char[] chars() {
    return line;
  }

  int length() {
    return length;
  }

  /** True when the current line holds nothing but spaces and tabs. */
  boolean isBlank() {
    for (int i = 0; i < length; i++) {
      char c = line[i];
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * Splits the current line into fields.
   *
   * @return the number of fields, or -1 on a quoting error (see {@link #syntaxError()})
   */
  int split() {
    fieldCount = 0;
    int i = 0;
    while (true) {
      if (fieldCount == starts.length) {
        int n = starts.length * 2;
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
        flags = Arrays.copyOf(flags, n);
      }
      int f = fieldCount++;
      while (i < length && line[i] == ' ') {
        i++;
      }
      if (i < length && line[i] == '"') {
        int open = i;
        int start = ++i;
        int flag = QUOTED;
        while (true) {
          if (i >= length) {
            return fail(f, "the quoted field opened at character " + (open + 1)
                + " is not closed on this line; line breaks inside quotes are not supported,"
                + " so remove them from the value");
          }
          if (line[i] == '"') {
            if (i + 1 < length && line[i + 1] == '"') {
              flag = QUOTED | ESCAPED;
              i += 2;
              continue;
            }
            break;
          }
          i++;
        }
        starts[f] = start;
        ends[f] = i;
        flags[f] = flag;
        i++; // closing quote
        while (i < length && line[i] == ' ') {
          i++;
        }
        if (i < length && line[i] != delimiter) {
          return fail(f, "unexpected '" + line[i] + "' after the closing quote at character "
              + (i + 1) + "; a quote inside a quoted field must be doubled (\"\")");
        }
      } else {
        int start = i;
        while (i < length && line[i] != delimiter) {
          i++;
        }
        int end = i;
        while (end > start && line[end - 1] == ' ') {
          end--;
        }
        starts[f] = start;
        ends[f] = end;
        flags[f] = 0;
      }
      if (i >= length) {
        return fieldCount;
      }
      i++; // delimiter
    }
  }

  private int fail(int field, String detail) {
    syntaxError = detail;
    syntaxErrorField = field;
    return -1;
  }

  String syntaxError() {
    return syntaxError;
  }

  /** The 0-based field in which the last quoting error was found. */
  int syntaxErrorField() {
    return syntaxErrorField;
  }

  int start(int field) {
    return starts[field];
  }

  int end(int field) {
    return ends[field];
  }

  boolean isQuoted(int field) {
    return (flags[field] & QUOTED) != 0;
  }

  /** A field's text, with {@code ""} turned back into {@code "}. */
  String text(int field) {
    int s = starts[field];
    int e = ends[field];
    if ((flags[field] & ESCAPED) == 0) {
      return new String(line, s, e - s);
    }
    StringBuilder sb = new StringBuilder(e - s);
    for (int i = s; i < e; i++) {
      sb.append(line[i]);
      if (line[i] == '"') {
        i++; // skip the second quote of the pair
      }
    }
    return sb.toString();
  }

  /** True when the field holds no characters (after trimming an unquoted field). */
  boolean isEmpty(int field) {
    return starts[field] == ends[field];
  }
}
