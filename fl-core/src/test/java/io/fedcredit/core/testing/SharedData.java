package io.fedcredit.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared public data sets (FATE's example credit and breast-cancer tables) for tests in any
 * module. The folder is named by the system property {@value #PROPERTY}, which the build sets to
 * {@code ../shared/data}; the files are never copied into the repository. A test that needs a
 * file calls {@link #file(String)}, which skips the test (a JUnit assumption, not a failure) with
 * a message naming the file and the property when the file is not there.
 */
public final class SharedData {
  /** The system property holding the shared data folder. */
  public static final String PROPERTY = "fedcredit.shared.data";

  /** 8,000 rows: id, y, x0..x22 (horizontal, bank A). */
  public static final String DEFAULT_CREDIT_HOMO_GUEST = "default_credit_homo_guest.csv";
  /** 6,000 rows: id, y, x0..x22 (horizontal held-out test set). */
  public static final String DEFAULT_CREDIT_HOMO_TEST = "default_credit_homo_test.csv";
  /** 30,000 rows: id, y, x0..x12 (vertical, label holder). */
  public static final String DEFAULT_CREDIT_HETERO_GUEST = "default_credit_hetero_guest.csv";
  /** 30,000 rows: id, x0..x9, unlabelled (vertical, feature holder). */
  public static final String DEFAULT_CREDIT_HETERO_HOST = "default_credit_hetero_host.csv";

  private SharedData() {}

  /** True when the named file is present in the shared data folder. */
  public static boolean isAvailable(String fileName) {
    String dir = System.getProperty(PROPERTY);
    return dir != null && Files.isRegularFile(Path.of(dir).resolve(fileName));
  }

  /**
   * The path of a shared data file; skips the calling test when it is absent.
   *
   * @throws org.opentest4j.TestAbortedException when the property is unset or the file missing
   */
  public static Path file(String fileName) {
    String dir = System.getProperty(PROPERTY);
    assumeTrue(dir != null, () -> "skipped: system property " + PROPERTY
        + " is not set, so the shared data file " + fileName + " cannot be found"
        + " (the Maven build sets it to ../shared/data)");
    Path path = Path.of(dir).resolve(fileName);
    assumeTrue(Files.isRegularFile(path), () -> "skipped: shared data file " + fileName
        + " not found in " + Path.of(dir).toAbsolutePath().normalize() + " (system property "
        + PROPERTY + ")");
    return path;
  }

  /**
   * default_credit_homo's three banks (guest, host_1, host_2) as bank-a, bank-b and bank-c;
   * skips the calling test when a file is absent.
   */
  public static Map<String, FeatureTable> defaultCreditHomoBanks() throws IOException {
    CsvTableReader reader = new CsvTableReader(CsvOptions.labelled("y"));
    Map<String, FeatureTable> banks = new LinkedHashMap<>();
    banks.put("bank-a", reader.read(file(DEFAULT_CREDIT_HOMO_GUEST)));
    banks.put("bank-b", reader.read(file("default_credit_homo_host_1.csv")));
    banks.put("bank-c", reader.read(file("default_credit_homo_host_2.csv")));
    return banks;
  }
}
