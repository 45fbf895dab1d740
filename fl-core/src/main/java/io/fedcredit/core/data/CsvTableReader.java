package io.fedcredit.core.data;

import io.fedcredit.core.data.CsvOptions.LabelPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Streams a CSV file into a {@link FeatureTable}, line by line, into primitive arrays: no
 * per-row objects besides the id string, no regular expressions, numbers parsed in place.
 *
 * <p>Input: UTF-8 (a byte-order mark is dropped), lines ending in LF or CRLF, the first line a
 * header naming the columns, then one row per line. Fields follow RFC 4180 within one line
 * (see {@link CsvOptions} for the column mapping). Unquoted fields are trimmed of spaces; quoted
 * fields are taken verbatim. Blank lines at the end are skipped; a blank line between rows is
 * an error, since it usually means two files were glued together.
 *
 * <p>Checks, each failing with a {@link DataFormatException} that names the source, line,
 * column and value and says how to fix it: a header with the id column, the required label
 * column and every listed feature, and no duplicate or nameless columns; every row with as many
 * fields as the header; non-empty ids, unique within the table; labels that are 0 or 1; features
 * that are finite decimal numbers (empty cells, {@code NA}, {@code NaN} and {@code Infinity} are
 * rejected); at least one row.
 *
 * <p>Reading a {@link Path} first counts its lines so that the arrays are allocated once at
 * their final size: a table of 4 million rows by 20 features needs little more memory than the
 * table itself. Reading a stream grows the arrays as it goes.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class CsvTableReader {
  private static final int ROLE_SKIP = -1;
  private static final int ROLE_ID = -2;
  private static final int ROLE_LABEL = -3;
  private static final int MAX_HEADER_SHOWN = 12;
  private static final Set<String> MISSING_MARKERS =
      Set.of("na", "n/a", "null", "none", "nil", "?", "-", "--", ".");
  private static final Set<String> NON_FINITE = Set.of("nan", "+nan", "-nan", "inf", "+inf",
      "-inf", "infinity", "+infinity", "-infinity", "∞", "-∞");

  private final CsvOptions options;

  /** A reader with the given column mapping. */
  public CsvTableReader(CsvOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The column mapping this reader applies. */
  public CsvOptions options() {
    return options;
  }

  /**
   * Reads a whole file. Messages name the file as given by {@code file.toString()}.
   *
   * @throws DataFormatException when the content does not form a valid table
   * @throws IOException when the file cannot be read
   */
  public FeatureTable read(Path file) throws IOException {
    int capacity = estimateRows(file);
    try (InputStream in = Files.newInputStream(file)) {
      return read(utf8(in), file.toString(), capacity);
    }
  }

  /**
   * Reads a UTF-8 byte stream to its end; the stream is not closed.
   *
   * @param sourceName how messages name the input, or {@code null}
   * @throws DataFormatException when the content does not form a valid table
   * @throws IOException when the stream fails
   */
  public FeatureTable read(InputStream in, String sourceName) throws IOException {
    return read(utf8(in), sourceName, 1024);
  }

  /**
   * Reads a character stream to its end; the reader is not closed.
   *
   * @param sourceName how messages name the input, or {@code null}
   * @throws DataFormatException when the content does not form a valid table
   * @throws IOException when the reader fails
   */
  public FeatureTable read(Reader in, String sourceName) throws IOException {
    return read(in, sourceName, 1024);
  }

  /**
   * Reads only the header line and returns the schema a full read would produce.
   *
   * @throws DataFormatException when the header is missing or does not fit the options
   * @throws IOException when the file cannot be read
   */
  public Schema readSchema(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      CsvLines lines = new CsvLines(utf8(in), options.delimiter());
      return readHeader(lines, file.toString()).schema;
    } catch (CharacterCodingException e) {
      throw notUtf8(file.toString(), 1);
    }
  }

  private FeatureTable read(Reader in, String source, int capacity) throws IOException {
    CsvLines lines = new CsvLines(in, options.delimiter());
    try {
      Header header = readHeader(lines, source);
      return readRows(lines, header, source, capacity);
    } catch (CharacterCodingException e) {
      throw notUtf8(source, lines.lineNumber() + 1);
    }
  }

  private FeatureTable readRows(CsvLines lines, Header header, String source, int capacity)
      throws IOException {
    Schema schema = header.schema;
    int d = schema.numFeatures();
    boolean labelled = schema.hasLabel();
    int[] roles = header.roles;
    int columns = roles.length;
    capacity = Math.max(1, Math.min(capacity, Integer.MAX_VALUE / Math.max(d, 1) - 8));
    String[] ids = new String[capacity];
    double[] labels = labelled ? new double[capacity] : null;
    double[] values = new double[capacity * d];
    IdIndex seen = new IdIndex(capacity);
    int rows = 0;
    long blankLine = 0; // first blank line of the current run, 0 if none
    while (lines.next()) {
      long lineNo = lines.lineNumber();
      if (lines.isBlank()) {
        if (blankLine == 0) {
          blankLine = lineNo;
        }
        continue;
      }
      if (blankLine != 0) {
        throw new DataFormatException(source, blankLine, null, null, "blank line inside the data"
            + " (rows continue on line " + lineNo + "); remove blank lines between rows");
      }
      int found = lines.split();
      if (found < 0) {
        throw new DataFormatException(source, lineNo, columnName(header, lines.syntaxErrorField()),
            null, lines.syntaxError());
      }
      if (found != columns) {
        throw new DataFormatException(source, lineNo, null, null, "expected " + columns
            + " fields, found " + found + "; check the delimiter "
            + CsvOptions.printable(options.delimiter()) + " and the quoting on this line");
      }
      if (rows == ids.length) {
        int grown = (int) Math.min((long) rows + (rows >> 1) + 16,
            Integer.MAX_VALUE / Math.max(d, 1) - 8);
        if (grown <= rows) {
          throw new DataFormatException(source, lineNo, null, null,
              "too many rows for one table (" + rows + "); split the file");
        }
        ids = Arrays.copyOf(ids, grown);
        values = Arrays.copyOf(values, grown * d);
        if (labelled) {
          labels = Arrays.copyOf(labels, grown);
        }
      }
      char[] chars = lines.chars();
      int base = rows * d;
      for (int c = 0; c < columns; c++) {
        int role = roles[c];
        if (role >= 0) {
          double v = DecimalParser.parse(chars, lines.start(c), lines.end(c));
          if (!Double.isFinite(v)) {
            throw numberError(source, lineNo, header.names[c], lines.text(c), v);
          }
          values[base + role] = v;
        } else if (role == ROLE_ID) {
          if (lines.isEmpty(c)) {
            throw new DataFormatException(source, lineNo, header.names[c], "",
                "empty id; every row needs an id");
          }
          String id = lines.text(c);
          ids[rows] = id;
          int first = seen.putIfAbsent(ids, rows);
          if (first >= 0) {
            throw new DataFormatException(source, lineNo, header.names[c], id,
                "duplicate id " + DataFormatException.quote(id) + " (first seen on line "
                    + (first + 2) + "); ids must be unique within a table");
          }
        } else if (role == ROLE_LABEL) {
          double y = DecimalParser.parse(chars, lines.start(c), lines.end(c));
          if (!Double.isFinite(y)) {
            throw numberError(source, lineNo, header.names[c], lines.text(c), y);
          }
          if (y != 0.0 && y != 1.0) {
            String text = lines.text(c);
            throw new DataFormatException(source, lineNo, header.names[c], text,
                DataFormatException.quote(text) + " is not a valid label; labels must be 0 or 1"
                    + " (1 = default)");
          }
          labels[rows] = y;
        }
      }
      rows++;
    }
    if (rows == 0) {
      throw new DataFormatException(source, 0, null, null,
          "has a header but no rows; add data rows or check that this is the right file");
    }
    if (rows != ids.length) {
      ids = Arrays.copyOf(ids, rows);
      values = Arrays.copyOf(values, rows * d);
      if (labelled) {
        labels = Arrays.copyOf(labels, rows);
      }
    }
    return FeatureTable.wrapValidated(schema, ids, labels, values);
  }

  private Header readHeader(CsvLines lines, String source) throws IOException {
    if (!lines.next()) {
      throw emptyInput(source);
    }
    if (lines.isBlank()) {
      while (lines.next()) {
        if (!lines.isBlank()) {
          throw new DataFormatException(source, 1, null, null,
              "blank header line; the first line must name the columns (" + expectedColumns()
                  + ")");
        }
      }
      throw emptyInput(source);
    }
    int n = lines.split();
    if (n < 0) {
      throw new DataFormatException(source, 1, null, null, lines.syntaxError());
    }
    String[] names = new String[n];
    Map<String, Integer> position = new HashMap<>();
    for (int c = 0; c < n; c++) {
      String name = lines.text(c);
      if (name.isBlank()) {
        throw new DataFormatException(source, 1, null, name, "column " + (c + 1)
            + " of the header has no name; name every column");
      }
      Integer previous = position.putIfAbsent(name, c);
      if (previous != null) {
        throw new DataFormatException(source, 1, name, name, "appears twice in the header"
            + " (columns " + (previous + 1) + " and " + (c + 1) + "); rename one of them");
      }
      names[c] = name;
    }
    String idColumn = options.idColumn();
    String labelColumn = options.labelColumn();
    if (!position.containsKey(idColumn)) {
      throw missingColumn(source, names, idColumn,
          "name the id column with --id-column or CsvOptions.withIdColumn(name)");
    }
    boolean labelled;
    switch (options.labelPolicy()) {
      case REQUIRED:
        if (!position.containsKey(labelColumn)) {
          throw missingColumn(source, names, labelColumn, "name the label column with"
              + " --label-column or CsvOptions.labelled(name), or read the file unlabelled");
        }
        labelled = true;
        break;
      case IF_PRESENT:
        labelled = position.containsKey(labelColumn);
        break;
      default:
        labelled = false;
        if (options.features() == null && position.containsKey(labelColumn)
            && !labelColumn.equals(idColumn)) {
          throw new DataFormatException(source, 1, labelColumn, null, "looks like a label"
              + " column but the table is read unlabelled, so it would become a feature; read"
              + " it labelled, or list the features explicitly with --features or"
              + " CsvOptions.withFeatures(names)");
        }
    }
    int[] roles = new int[n];
    Arrays.fill(roles, ROLE_SKIP);
    roles[position.get(idColumn)] = ROLE_ID;
    if (labelled) {
      roles[position.get(labelColumn)] = ROLE_LABEL;
    }
    List<String> features = new ArrayList<>();
    if (options.features() == null) {
      for (int c = 0; c < n; c++) {
        if (roles[c] == ROLE_SKIP) {
          roles[c] = features.size();
          features.add(names[c]);
        }
      }
      if (features.isEmpty()) {
        throw new DataFormatException(source, 1, null, null, "no feature columns (header has: "
            + shown(names) + "); a table needs at least one feature besides the id"
            + (labelled ? " and the label" : ""));
      }
    } else {
      for (String f : options.features()) {
        Integer c = position.get(f);
        if (c == null) {
          throw missingColumn(source, names, f, "check the feature list against the header");
        }
        roles[c] = features.size();
        features.add(f);
      }
    }
    Schema schema = new Schema(idColumn, labelled ? labelColumn : null, features);
    return new Header(schema, names, roles);
  }

  private DataFormatException emptyInput(String source) {
    return new DataFormatException(source, 0, null, null,
        "is empty: expected a header line with columns " + expectedColumns());
  }

  private String expectedColumns() {
    StringBuilder sb = new StringBuilder(options.idColumn());
    if (options.labelPolicy() != LabelPolicy.NONE) {
      sb.append(", ").append(options.labelColumn());
    }
    if (options.features() == null) {
      sb.append(", ...");
    } else {
      for (String f : options.features()) {
        sb.append(", ").append(f);
      }
    }
    return sb.toString();
  }

  private static DataFormatException missingColumn(String source, String[] names, String column,
      String hint) {
    return new DataFormatException(source, 1, column, null,
        "missing from the header (header has: " + shown(names) + "); " + hint);
  }

  private static DataFormatException numberError(String source, long line, String column,
      String text, double parsed) {
    String t = text.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    String detail;
    if (t.isEmpty()) {
      detail = "empty cell; fill missing values before loading (for example with the median"
          + " and a missing-value indicator column)";
    } else if (MISSING_MARKERS.contains(lower)) {
      detail = DataFormatException.quote(text) + " looks like a missing-value marker; fill"
          + " missing values before loading";
    } else if (NON_FINITE.contains(lower) || Double.isInfinite(parsed)) {
      detail = DataFormatException.quote(text) + " is not finite; values must be finite"
          + " numbers, so cap or drop it before loading";
    } else {
      detail = DataFormatException.quote(text) + " is not a number; write a plain decimal"
          + " such as -1.25 or 3e-4";
    }
    return new DataFormatException(source, line, column, text, detail);
  }

  private static DataFormatException notUtf8(String source, long line) {
    return new DataFormatException(source, line, null, null,
        "is not valid UTF-8 at or after this line; save the file as UTF-8");
  }

  private static String columnName(Header header, int field) {
    return field < header.names.length ? header.names[field] : null;
  }

  private static String shown(String[] names) {
    int n = Math.min(names.length, MAX_HEADER_SHOWN);
    String list = String.join(", ", Arrays.asList(names).subList(0, n));
    return names.length > n ? list + ", ... (" + names.length + " columns)" : list;
  }

  private static Reader utf8(InputStream in) {
    return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  /**
   * Rows in a file, from its line count: exact for a file without blank lines (the usual case),
   * so the arrays need neither growing nor trimming.
   */
  private static int estimateRows(Path file) throws IOException {
    long newlines = 0;
    int last = -1;
    byte[] b = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(b)) > 0) {
        for (int i = 0; i < n; i++) {
          if (b[i] == '\n') {
            newlines++;
          }
        }
        last = b[n - 1];
      }
    }
    long rows = last == '\n' ? newlines - 1 : newlines; // minus the header line
    return (int) Math.max(16, Math.min(rows, Integer.MAX_VALUE - 16));
  }

  private record Header(Schema schema, String[] names, int[] roles) {}
}
