package io.fedcredit.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads FATE's public credit tables from the shared data folder; skipped when it is absent. */
class SharedCreditDataTest {

  private static List<String> xs(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add("x" + i);
    }
    return names;
  }

  @Test
  void readsTheHorizontalGuestTable() throws IOException {
    Path file = SharedData.file(SharedData.DEFAULT_CREDIT_HOMO_GUEST);
    FeatureTable t = new CsvTableReader(CsvOptions.labelled("y")).read(file);
    assertEquals(8000, t.rows());
    assertEquals(Schema.labelled("id", "y", xs(23)), t.schema());
    double rate = t.positives() / (double) t.rows();
    assertTrue(rate > 0.1 && rate < 0.4, "default rate " + rate);
    assertEquals(-0.6685760000000001, t.value(0, 6)); // the first row's x6, read exactly
  }

  @Test
  void readsTheUnlabelledHostTableThroughAFeatureSource() {
    Path file = SharedData.file(SharedData.DEFAULT_CREDIT_HETERO_HOST);
    FeatureSource source = FeatureSource.csv(file, CsvOptions.unlabelled());
    assertEquals(Schema.unlabelled("id", xs(10)), source.schema());
    FeatureTable t = source.load();
    assertEquals(30000, t.rows());
    assertFalse(t.hasLabels());
    assertTrue(source.describe().startsWith("csv:"));
    assertTrue(source.describe().endsWith(SharedData.DEFAULT_CREDIT_HETERO_HOST));
  }

  @Test
  void writesAndReadsTheGuestTableBackExactly(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    FeatureTable t = new CsvTableReader(CsvOptions.labelled("y"))
        .read(SharedData.file(SharedData.DEFAULT_CREDIT_HOMO_GUEST));
    Path copy = dir.resolve("copy.csv");
    new CsvTableWriter().write(t, copy);
    CsvRoundTripTest.assertSameTable(t, new CsvTableReader(CsvOptions.labelled("y")).read(copy));
  }
}
