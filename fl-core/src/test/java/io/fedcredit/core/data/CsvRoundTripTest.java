package io.fedcredit.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRoundTripTest {
  @TempDir Path dir;

  @Property(tries = 100)
  void writerThenReaderGivesTheSameTable(@ForAll("tables") FeatureTable table,
      @ForAll("delimiters") char delimiter) throws IOException {
    StringWriter out = new StringWriter();
    new CsvTableWriter(delimiter).write(table, out);
    CsvOptions options = (table.hasLabels()
        ? CsvOptions.labelled(table.schema().labelColumn())
        : CsvOptions.unlabelled()).withDelimiter(delimiter).withIdColumn(table.schema().idColumn())
        .withFeatures(table.schema().featureNames());
    FeatureTable back = new CsvTableReader(options).read(new StringReader(out.toString()), "mem");
    assertSameTable(table, back);
  }

  @Test
  void writesToAFileAtomicallyAndReadsItBack() throws IOException {
    FeatureTable t = FeatureTable.of(Schema.labelled("id", "y", List.of("a", "b c")),
        new String[] {"E1", "x,\"y\"", " padded "}, new double[] {1, 0, 1},
        new double[] {-0.0, 1e-320, 12, 0.1 + 0.2, Double.MAX_VALUE, -7});
    Path file = dir.resolve("t.csv");
    Files.writeString(file, "old content");
    new CsvTableWriter().write(t, file);
    assertEquals(List.of("t.csv"), Files.list(dir).map(p -> p.getFileName().toString()).toList());
    String text = Files.readString(file);
    assertTrue(text.startsWith("id,y,a,b c\nE1,1,-0.0,1.0E-320\n\"x,\"\"y\"\"\",0,12,"), text);
    assertSameTable(t, new CsvTableReader(CsvOptions.labelled("y")).read(file));
  }

  @Test
  void refusesLineBreaksInIds() {
    FeatureTable t = FeatureTable.of(Schema.unlabelled("id", List.of("a")),
        new String[] {"E\n1"}, null, new double[] {1});
    assertThrows(IllegalArgumentException.class,
        () -> new CsvTableWriter().write(t, new StringWriter()));
  }

  static void assertSameTable(FeatureTable expected, FeatureTable actual) {
    assertEquals(expected.schema(), actual.schema());
    assertArrayEquals(expected.ids(), actual.ids());
    if (expected.hasLabels()) {
      assertArrayEquals(expected.labels(), actual.labels());
    }
    double[] e = expected.values();
    double[] a = actual.values();
    assertEquals(e.length, a.length);
    for (int i = 0; i < e.length; i++) {
      assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]),
          "value " + i + ": " + e[i] + " vs " + a[i]);
    }
  }

  @Provide
  Arbitrary<Character> delimiters() {
    return Arbitraries.of(',', ';', '\t', '|');
  }

  @Provide
  Arbitrary<FeatureTable> tables() {
    Arbitrary<String> names = Arbitraries.strings().withChars("abxyz_ ,;\"0123").ofMinLength(1)
        .ofMaxLength(6).map(String::strip).filter(s -> !s.isEmpty());
    Arbitrary<String> ids = Arbitraries.strings().withChars("E0123 ,;\"|\té")
        .ofMinLength(1).ofMaxLength(8).filter(s -> !s.isBlank());
    Arbitrary<Double> values = Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e15, 1e15 - 1, 0.1),
        Arbitraries.longs().between(-1_000_000, 1_000_000).map(Long::doubleValue),
        Arbitraries.longs().map(bits -> Double.longBitsToDouble(bits))
            .filter(Double::isFinite));
    return Combinators.combine(
        names.set().ofMinSize(3).ofMaxSize(6),
        ids.set().ofMinSize(1).ofMaxSize(12),
        Arbitraries.of(true, false),
        values.list().ofSize(12 * 6),
        Arbitraries.integers().between(0, 1).list().ofSize(12))
        .as((nameSet, idSet, labelled, vs, ys) -> {
          List<String> cols = new ArrayList<>(nameSet);
          String idCol = cols.remove(0);
          String labelCol = labelled ? cols.remove(0) : null;
          int d = cols.size();
          int n = idSet.size();
          double[] v = new double[n * d];
          for (int i = 0; i < v.length; i++) {
            v[i] = vs.get(i % vs.size());
          }
          double[] y = null;
          if (labelled) {
            y = new double[n];
            for (int i = 0; i < n; i++) {
              y[i] = ys.get(i);
            }
          }
          Set<String> idsInOrder = new LinkedHashSet<>(idSet);
          return FeatureTable.of(new Schema(idCol, labelCol, cols),
              idsInOrder.toArray(new String[0]), y, v);
        });
  }
}
