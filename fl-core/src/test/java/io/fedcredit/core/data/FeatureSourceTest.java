package io.fedcredit.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureSourceTest {
  @TempDir Path dir;

  @Test
  void csvSourceReadsHeaderForSchemaAndFileForTable() throws IOException {
    Path file = dir.resolve("bank_b.csv");
    Files.writeString(file, "id,y,x0\nE1,1,0.5\n");
    FeatureSource source = new CsvFeatureSource(file, CsvOptions.labelled("y"));
    assertEquals(Schema.labelled("id", "y", List.of("x0")), source.schema());
    assertEquals(1, source.load().rows());
    assertEquals("csv:" + file, source.describe());
    Files.writeString(file, "id,y,x0\nE1,1,0.5\nE2,0,1\n");
    assertEquals(2, source.load().rows(), "each load reads the file again");
  }

  @Test
  void csvSourceReportsMissingFilesAndBadContent() throws IOException {
    FeatureSource missing = FeatureSource.csv(dir.resolve("nope.csv"), CsvOptions.defaults());
    UncheckedIOException e = assertThrows(UncheckedIOException.class, missing::load);
    assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "id,x0\nE1,oops\n");
    assertThrows(DataFormatException.class, FeatureSource.csv(bad, CsvOptions.defaults())::load);
  }

  @Test
  void inMemorySourceServesItsTable() {
    FeatureTable t = FeatureTable.of(Schema.unlabelled("id", List.of("a")),
        new String[] {"E1"}, null, new double[] {1});
    FeatureSource source = FeatureSource.of(t, "synthetic:platform");
    assertSame(t, source.load());
    assertEquals(t.schema(), source.schema());
    assertEquals("synthetic:platform", source.describe());
  }
}
