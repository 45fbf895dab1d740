package io.fedcredit.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fedcredit.core.FedCreditException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A command's options from a YAML file ({@code --config FILE}): every long option
 * {@code --foo-bar} of a picocli command can be set as the key {@code foo_bar}, and an option
 * given on the command line overrides the file. The file is bound with {@link StrictYaml} to a
 * schema class with one public field per option (boxed types, null when absent), so unknown keys
 * (with a did-you-mean), wrong types and empty files are refused with the file, the line and the
 * field. Relative paths in the file resolve against the file's folder, so a config file travels
 * with the files it names (a startup kit's {@code client.yaml} says {@code kit: .}).
 *
 * <p>After {@link #apply}, {@link #where} names where an option's value came from, for the
 * messages of later checks: {@code client.yaml: field 'data'} or {@code --data}.
 */
public final class CommandConfig {
  private final Path file;
  private final Set<String> fromFile;

  private CommandConfig(Path file, Set<String> fromFile) {
    this.file = file;
    this.fromFile = fromFile;
  }

  /** No file: every value came from the command line or a default. */
  public static CommandConfig none() {
    return new CommandConfig(null, Set.of());
  }

  /**
   * Reads {@code file} and sets every option the command line did not give.
   *
   * @param spec the parsed command (its parse result tells which options were given)
   * @param file the YAML file, or null for none
   * @param schema a class with a public field per long option ({@code --foo-bar}: field
   *     {@code foo_bar}, or named so with {@link JsonProperty}); {@code --config}, {@code --help}
   *     and {@code --version} excepted
   * @param what what the file is, for messages, e.g. "client configuration"
   * @throws FedCreditException naming the file, the line and the field when the file is missing,
   *     empty or invalid
   * @throws IllegalStateException when {@code schema} and the command's options disagree (a
   *     programming error)
   */
  public static CommandConfig apply(CommandSpec spec, Path file, Class<?> schema, String what) {
    Map<String, Field> fields = fields(schema);
    Map<String, OptionSpec> options = options(spec);
    if (!fields.keySet().equals(options.keySet())) {
      throw new IllegalStateException(schema.getSimpleName() + " has keys " + fields.keySet()
          + " but command '" + spec.name() + "' has options " + options.keySet());
    }
    if (file == null) {
      return none();
    }
    Object values = StrictYaml.read(file, schema, what, "a " + what + " sets the command's "
        + "options by name, e.g. '" + options.keySet().iterator().next() + ": ...'; known keys: "
        + String.join(", ", options.keySet()));
    Path dir = file.toAbsolutePath().getParent();
    ParseResult given = spec.commandLine() == null ? null : spec.commandLine().getParseResult();
    Set<String> fromFile = new HashSet<>();
    for (Map.Entry<String, OptionSpec> e : options.entrySet()) {
      Object v;
      try {
        v = fields.get(e.getKey()).get(values);
      } catch (IllegalAccessException ex) {
        throw new IllegalStateException(ex);
      }
      OptionSpec o = e.getValue();
      if (v == null || (given != null && given.hasMatchedOption(o))) {
        continue;
      }
      o.setValue(resolve(v, dir));
      fromFile.add(o.longestName());
    }
    return new CommandConfig(file, fromFile);
  }

  /** The YAML key of a long option: {@code --data-dir} is {@code data_dir}. */
  public static String key(String longOption) {
    return longOption.replaceFirst("^--", "").replace('-', '_').toLowerCase(Locale.ROOT);
  }

  /**
   * Where an option's value came from, for messages: {@code FILE: field 'key'} when the config
   * file set it, else the option itself.
   */
  public String where(String longOption) {
    return fromFile.contains(longOption) ? file + ": field '" + key(longOption) + "'"
        : longOption;
  }

  /**
   * Refuses a missing required value.
   *
   * @param example an example value, e.g. "sme-credit-2026"
   * @throws FedCreditException saying how to give it, on the command line or in the file
   */
  public void require(boolean present, String longOption, String example) {
    if (!present) {
      throw new FedCreditException("missing " + longOption + ": pass " + longOption + " "
          + example + (file != null ? " or set '" + key(longOption) + ": " + example + "' in "
              + file : " (or set '" + key(longOption) + ":' in a --config file)"));
    }
  }

  /**
   * Refuses a path that does not name an existing regular file.
   *
   * @param what what the file should hold, e.g. "the labelled training rows (CSV)"
   * @throws FedCreditException naming the field or option, the path and the fix
   */
  public Path existingFile(Path path, String longOption, String what) {
    if (path != null && !Files.isRegularFile(path)) {
      throw new FedCreditException(where(longOption) + " names " + path.toAbsolutePath()
          + ", which does not exist or is not a file; it should hold " + what
          + (fromFile.contains(longOption) ? " (relative paths resolve against the folder of "
              + file.getFileName() + ")" : ""));
    }
    return path;
  }

  /** Whether the option's value came from the config file. */
  public boolean fromFile(String longOption) {
    return fromFile.contains(longOption);
  }

  private static Object resolve(Object value, Path dir) {
    if (value instanceof Path p) {
      return dir.resolve(p).normalize();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(v -> resolve(v, dir)).toList();
    }
    return value;
  }

  private static Map<String, Field> fields(Class<?> schema) {
    Map<String, Field> out = new LinkedHashMap<>();
    for (Field f : schema.getFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      JsonProperty p = f.getAnnotation(JsonProperty.class);
      out.put(p != null && !p.value().isEmpty() ? p.value() : f.getName(), f);
    }
    return out;
  }

  private static Map<String, OptionSpec> options(CommandSpec spec) {
    Map<String, OptionSpec> out = new LinkedHashMap<>();
    for (OptionSpec o : spec.options()) {
      String name = o.longestName();
      if (o.usageHelp() || o.versionHelp() || name.equals("--config")) {
        continue;
      }
      out.put(key(name), o);
    }
    return out;
  }
}
