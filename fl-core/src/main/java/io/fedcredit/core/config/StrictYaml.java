package io.fedcredit.core.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fedcredit.core.FedCreditException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds YAML to a plain Java class with public fields, refusing unknown keys, nulls for
 * primitives and floats for integers. Every error is a {@link FedCreditException} whose message
 * starts with the source and line and names the field: {@code job.yaml line 5: unknown key
 * 'roundz'; did you mean 'rounds'? Known keys here: ...}.
 */
public final class StrictYaml {
  private StrictYaml() {}

  /**
   * Reads a file.
   *
   * @param what what the file is, for messages, e.g. "job spec"
   * @throws FedCreditException when the file is missing, unreadable, empty or invalid
   */
  public static <T> T read(Path file, Class<T> type, String what, String emptyHint) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new FedCreditException(what + " " + file + " does not exist");
    } catch (IOException e) {
      throw new FedCreditException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString(), type, emptyHint);
  }

  /**
   * Parses YAML text; {@code source} names it in messages.
   *
   * @param emptyHint what to say when the text is empty, e.g. "a job spec needs at least job,
   *     features and rounds"
   * @throws FedCreditException naming the source, line and field at fault
   */
  public static <T> T parse(String yaml, String source, Class<T> type, String emptyHint) {
    if (yaml.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
      throw new FedCreditException(source + " is empty" + (yaml.isBlank() ? "" : " (only "
          + "comments)") + ": " + emptyHint);
    }
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    T value;
    try {
      value = mapper.readValue(yaml, type);
    } catch (UnrecognizedPropertyException e) {
      List<String> keys = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
          .toList();
      String hint = closest(e.getPropertyName(), keys)
          .map(k -> "; did you mean '" + k + "'? Known keys here: ")
          .orElse("; known keys here: ");
      throw new FedCreditException(source + line(e) + ": unknown key '" + path(e) + "'" + hint
          + String.join(", ", keys));
    } catch (InvalidFormatException e) {
      throw new FedCreditException(source + line(e) + ": field '" + path(e) + "' has value '"
          + e.getValue() + "', expected " + typeName(e.getTargetType()));
    } catch (MismatchedInputException e) {
      throw new FedCreditException(source + line(e) + ": field '" + path(e) + "' expected "
          + typeName(e.getTargetType()));
    } catch (JsonMappingException e) {
      throw new FedCreditException(source + line(e) + ": field '" + path(e) + "': "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new FedCreditException(source + " is not valid YAML: " + e.getMessage(), e);
    }
    if (value == null) {
      throw new FedCreditException(source + " is empty: " + emptyHint);
    }
    return value;
  }

  /**
   * Throws {@code source: field 'field' problem} unless {@code ok}.
   *
   * @throws FedCreditException naming the source and the field
   */
  public static void require(boolean ok, String source, String field, String problem) {
    if (!ok) {
      throw new FedCreditException(source + ": field '" + field + "' " + problem);
    }
  }

  /**
   * The known key most like {@code key}: fewest single-character edits (insert, delete, replace,
   * swap two neighbours), at most a third of the key's length (and at least 2), ties to the
   * first in order; empty when none is that close.
   */
  public static java.util.Optional<String> closest(String key, List<String> known) {
    String best = null;
    int bestDistance = Math.max(2, key.length() / 3) + 1;
    for (String k : known) {
      int d = editDistance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return java.util.Optional.ofNullable(best);
  }

  /** Optimal string alignment distance (Damerau-Levenshtein without repeated edits). */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static String line(JsonMappingException e) {
    return e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr();
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping of keys to values";
    }
    if (type == String.class) {
      return "a string";
    }
    return "a " + type.getSimpleName().toLowerCase(Locale.ROOT) + " section";
  }
}
