package io.fedcredit.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data node's scale: 4 million enterprises generated, written and read back. Reports times;
 * asserts only correctness. Run with {@code ./mvnw -B -pl fl-core test -Pslow
 * -Dtest='io.fedcredit.core.data.SyntheticCreditDataScaleTest'}.
 */
@Tag("slow")
class SyntheticCreditDataScaleTest {
  private static final int ENTERPRISES = 4_000_000;

  @TempDir Path dir;

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Test
  void generatesFourMillionEnterprises() {
    SyntheticCreditData g = SyntheticCreditData.builder().seed(42).build();
    for (int run = 1; run <= 2; run++) {
      long t0 = System.nanoTime();
      FeatureTable population = g.population(ENTERPRISES);
      double s = seconds(t0);
      System.out.printf("population(%,d) x %d features, run %d: %.2f s on %d cores;"
          + " default rate %.4f%n", population.rows(), population.numFeatures(), run, s,
          Runtime.getRuntime().availableProcessors(), TestStats.rate(population));
      assertEquals(ENTERPRISES, population.rows());
    }
  }

  @Test
  void generatesAVerticalSplitWithAFourMillionRowPlatform() {
    VerticalLayout layout = VerticalLayout.of(1_000_000, 0.9, 3_000_000, 100_000);
    SyntheticCreditData g = SyntheticCreditData.builder().seed(42).verticalLayout(layout).build();
    long t0 = System.nanoTime();
    SyntheticCreditData.VerticalSplit v = g.vertical();
    System.out.printf("vertical: platform %,d rows, bank %,d + %,d test rows: %.2f s%n",
        v.platform().rows(), v.bankTrain().rows(), v.bankTest().rows(), seconds(t0));
    assertEquals(layout.platformRows(), v.platform().rows());
  }

  @Test
  void writesAndReadsTheFourMillionRowPlatformTable() throws IOException {
    VerticalLayout layout = VerticalLayout.of(1, 1.0, ENTERPRISES - 1, 0);
    FeatureTable platform = SyntheticCreditData.builder().seed(43).verticalLayout(layout).build()
        .vertical().platform();
    int[] sample = new int[1000];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = (int) ((long) i * platform.rows() / sample.length);
    }
    FeatureTable expected = platform.select(sample);
    Path file = dir.resolve("platform.csv");
    long t0 = System.nanoTime();
    new CsvTableWriter().write(platform, file);
    System.out.printf("write %,d x %d CSV (%,d MB): %.2f s%n", platform.rows(),
        platform.numFeatures(), Files.size(file) >> 20, seconds(t0));
    platform = null; // let the reader have the memory

    t0 = System.nanoTime();
    FeatureTable read = new CsvTableReader(CsvOptions.unlabelled()).read(file);
    System.out.printf("read %,d x %d CSV: %.2f s%n", read.rows(), read.numFeatures(),
        seconds(t0));
    assertEquals(ENTERPRISES, read.rows());
    for (int i = 0; i < expected.rows(); i++) {
      assertEquals(expected.id(i), read.id(sample[i]));
      assertArrayEquals(expected.row(i), read.row(sample[i]));
    }
  }
}
