package io.fedcredit.examples;

import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * FATE's public credit data ("default of credit card clients"), which the project reads from
 * {@code ../shared/data} beside its root and never copies. Machines without that folder get an
 * empty result, so notebooks and examples can fall back to synthetic data.
 */
public final class PublicCreditData {
  /** The file every lookup checks for. */
  static final String MARKER = "default_credit_homo_test.csv";

  private PublicCreditData() {}

  /**
   * The horizontal split: three banks with the same 23 features, and a held-out test set.
   *
   * @param banks {@code bankA}, {@code bankB}, {@code bankC}: 8,000 labelled rows each
   * @param test 6,000 labelled rows
   */
  public record Horizontal(Map<String, FeatureTable> banks, FeatureTable test) {}

  /**
   * The data folder: {@code $FEDCREDIT_SHARED_DATA} when set, else the first {@code shared/data}
   * beside the working folder or one of its ancestors that holds the public files (from the
   * project root, {@code ../shared/data}; from {@code examples/notebooks}, the same folder).
   */
  public static Optional<Path> folder() {
    String env = System.getenv("FEDCREDIT_SHARED_DATA");
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env);
      return Files.isRegularFile(p.resolve(MARKER)) ? Optional.of(p) : Optional.empty();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path parent = dir.getParent();
      if (parent != null && Files.isRegularFile(parent.resolve("shared/data").resolve(MARKER))) {
        return Optional.of(parent.resolve("shared/data"));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code default_credit_homo_*}: banks A, B, C and the test set, or empty without the folder.
   *
   * @throws IOException when a file is there but cannot be read (the error names file and line)
   */
  public static Optional<Horizontal> defaultCreditHomo() throws IOException {
    Optional<Path> dir = folder();
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    CsvTableReader reader = new CsvTableReader(CsvOptions.labelled("y"));
    Map<String, FeatureTable> banks = new LinkedHashMap<>();
    banks.put("bankA", reader.read(dir.get().resolve("default_credit_homo_guest.csv")));
    banks.put("bankB", reader.read(dir.get().resolve("default_credit_homo_host_1.csv")));
    banks.put("bankC", reader.read(dir.get().resolve("default_credit_homo_host_2.csv")));
    return Optional.of(new Horizontal(banks, reader.read(dir.get().resolve(MARKER))));
  }
}
