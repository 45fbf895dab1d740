package io.fedcredit.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTableReaderTest {
  @TempDir Path dir;

  private Path csv(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private DataFormatException fails(String content, CsvOptions options) throws IOException {
    Path p = csv("bank_a.csv", content);
    return assertThrows(DataFormatException.class, () -> new CsvTableReader(options).read(p));
  }

  private DataFormatException fails(String content) throws IOException {
    return fails(content, CsvOptions.labelled("y"));
  }

  private static void assertMessage(DataFormatException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          () -> "message lacks \"" + part + "\": " + e.getMessage());
    }
  }

  @Test
  void readsLabelledTable() throws IOException {
    Path p = csv("bank_a.csv", "id,y,x0,x1\nE1,0,1.5,-2\nE2,1,0.25,3e-4\n");
    FeatureTable t = new CsvTableReader(CsvOptions.labelled("y")).read(p);
    assertEquals(Schema.labelled("id", "y", List.of("x0", "x1")), t.schema());
    assertEquals(2, t.rows());
    assertArrayEquals(new String[] {"E1", "E2"}, t.ids());
    assertArrayEquals(new double[] {0, 1}, t.labels());
    assertArrayEquals(new double[] {1.5, -2, 0.25, 3e-4}, t.values());
  }

  @Test
  void notANumberNamesFileLineColumnAndValue() throws IOException {
    DataFormatException e = fails("id,y,x0,x3\nE1,0,1,2\nE2,1,3,abc\n");
    assertMessage(e, "bank_a.csv line 3, column 'x3': 'abc' is not a number");
    assertTrue(e.source().endsWith("bank_a.csv"));
    assertEquals(3, e.line());
    assertEquals("x3", e.column());
    assertEquals("abc", e.value());
  }

  @Test
  void emptyFileSaysWhatHeaderIsExpected() throws IOException {
    DataFormatException e = fails("");
    assertMessage(e, "bank_a.csv is empty: expected a header line with columns id, y, ...");
    assertEquals(0, e.line());
    assertNull(e.column());
    assertMessage(fails("\n  \n\n"), "is empty");
  }

  @Test
  void missingLabelColumnListsHeaderAndHowToNameIt() throws IOException {
    DataFormatException e = fails("id,x0,x1\nE1,1,2\n");
    assertMessage(e, "bank_a.csv line 1, column 'y'", "missing", "header has: id, x0, x1",
        "--label-column");
    assertEquals(1, e.line());
    assertEquals("y", e.column());
  }

  @Test
  void missingIdColumn() throws IOException {
    DataFormatException e = fails("key,y,x0\nE1,1,2\n");
    assertMessage(e, "line 1, column 'id'", "header has: key, y, x0", "--id-column");
  }

  @Test
  void wideHeaderIsShortenedInMessages() throws IOException {
    StringBuilder header = new StringBuilder("id");
    for (int i = 0; i < 30; i++) {
      header.append(",x").append(i);
    }
    DataFormatException e = fails(header + "\n");
    assertMessage(e, "x10, ... (31 columns)");
  }

  @Test
  void duplicateIdNamesBothLines() throws IOException {
    DataFormatException e = fails("id,y,x0\nE1,0,1\nE123,0,2\nE2,1,3\nE123,1,4\n");
    assertMessage(e, "bank_a.csv line 5, column 'id': duplicate id 'E123' (first seen on line 3)");
    assertEquals("E123", e.value());
  }

  @Test
  void wrongFieldCount() throws IOException {
    DataFormatException e = fails("id,y,x0,x1\nE1,0,1,2\nE2,1,3\n");
    assertMessage(e, "bank_a.csv line 3: expected 4 fields, found 3", "delimiter ','");
    assertNull(e.column());
    DataFormatException noName = assertThrows(DataFormatException.class,
        () -> new CsvTableReader(CsvOptions.labelled("y"))
            .read(new StringReader("id,y,x0\nE1,0,1\nE2,1,2\nE3,0,3\nE4,1,4,5\n"), null));
    assertTrue(noName.getMessage().startsWith("line 5: expected 3 fields, found 4"),
        noName.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "-1", "0.5", "yes"})
  void labelMustBeZeroOrOne(String label) throws IOException {
    DataFormatException e = fails("id,y,x0\nE1,0,1\nE2," + label + ",2\n");
    assertMessage(e, "line 3, column 'y': '" + label + "'");
    assertEquals(label, e.value());
  }

  @Test
  void labelAcceptsDecimalZeroAndOne() throws IOException {
    FeatureTable t = new CsvTableReader(CsvOptions.labelled("y"))
        .read(csv("a.csv", "id,y,x0\nE1,0.0,1\nE2,1.0,2\n"));
    assertArrayEquals(new double[] {0, 1}, t.labels());
  }

  @Test
  void emptyCellAsksToFillMissingValues() throws IOException {
    DataFormatException e = fails("id,y,x0,x1\nE1,0,1,\n");
    assertMessage(e, "line 2, column 'x1'", "empty cell", "fill missing values before loading");
    assertEquals("", e.value());
    assertMessage(fails("id,y,x0,x1\nE1,0,NA,1\n"), "column 'x0': 'NA'", "missing-value marker",
        "fill missing values before loading");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "inf", "1e999", "-1e400"})
  void nonFiniteValuesAreRejected(String text) throws IOException {
    DataFormatException e = fails("id,y,x0\nE1,0," + text + "\n");
    assertMessage(e, "line 2, column 'x0': '" + text + "' is not finite");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x1p3", "1.5d", "2f", "1e", "1e+", "--1", "1,5", ".", "+", "1 2"})
  void numbersThatJavaWouldAcceptButCsvShouldNot(String text) throws IOException {
    DataFormatException e = fails("id,y,x0\nE1,0,\"" + text + "\"\n");
    assertEquals("x0", e.column());
    assertEquals(text, e.value());
  }

  @Test
  void headerWithoutRows() throws IOException {
    DataFormatException e = fails("id,y,x0\n\n");
    assertMessage(e, "bank_a.csv has a header but no rows");
    assertEquals(0, e.line());
  }

  @Test
  void trailingBlankLinesAreSkippedButInnerOnesAreNot() throws IOException {
    FeatureTable t = new CsvTableReader(CsvOptions.labelled("y"))
        .read(csv("a.csv", "id,y,x0\nE1,0,1\nE2,1,2\n\n  \n\n"));
    assertEquals(2, t.rows());
    DataFormatException e = fails("id,y,x0\nE1,0,1\n\nE2,1,2\n");
    assertMessage(e, "bank_a.csv line 3: blank line inside the data (rows continue on line 4)");
  }

  @Test
  void emptyId() throws IOException {
    assertMessage(fails("id,y,x0\nE1,0,1\n,1,2\n"), "line 3, column 'id': empty id");
  }

  @Test
  void quotedFieldsFollowRfc4180OnOneLine() throws IOException {
    Path p = csv("q.csv", "\"id\",\"y\",\"x,0\",x1\n"
        + "\"Acme, Ltd\",1,\"1.5\",2\n"
        + "\"say \"\"hi\"\"\", 0 , \"-3\" ,  4  \n");
    FeatureTable t = new CsvTableReader(CsvOptions.labelled("y")).read(p);
    assertEquals(List.of("x,0", "x1"), t.schema().featureNames());
    assertArrayEquals(new String[] {"Acme, Ltd", "say \"hi\""}, t.ids());
    assertArrayEquals(new double[] {1.5, 2, -3, 4}, t.values());
  }

  @Test
  void quotedIdKeepsItsSpaces() throws IOException {
    FeatureTable t = new CsvTableReader(CsvOptions.unlabelled())
        .read(csv("q.csv", "id,x0\n\" E1 \",1\n E2 ,2\n"));
    assertArrayEquals(new String[] {" E1 ", "E2"}, t.ids());
  }

  @Test
  void unclosedQuoteIsALineBreakInsideQuotes() throws IOException {
    DataFormatException e = fails("id,y,x0\n\"E1,0,1\nmore\",0,1\n");
    assertMessage(e, "bank_a.csv line 2, column 'id'", "not closed on this line",
        "line breaks inside quotes are not supported");
  }

  @Test
  void textAfterClosingQuote() throws IOException {
    DataFormatException e = fails("id,y,x0\n\"E1\"x,0,1\n");
    assertMessage(e, "line 2, column 'id'", "after the closing quote", "doubled");
  }

  @Test
  void toleratesBomAndCrlf() throws IOException {
    byte[] body = "id,y,x0\r\nE1,0,1.5\r\nE2,1,2.5\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    Path p = dir.resolve("bom.csv");
    Files.write(p, withBom);
    FeatureTable t = new CsvTableReader(CsvOptions.labelled("y")).read(p);
    assertEquals("id", t.schema().idColumn());
    assertArrayEquals(new String[] {"E1", "E2"}, t.ids());
    assertArrayEquals(new double[] {1.5, 2.5}, t.values());
    FeatureTable fromStream = new CsvTableReader(CsvOptions.labelled("y"))
        .read(new ByteArrayInputStream(withBom), "bom");
    assertArrayEquals(t.values(), fromStream.values());
  }

  @Test
  void loneCarriageReturnsEndLinesToo() throws IOException {
    FeatureTable t = new CsvTableReader(CsvOptions.labelled("y"))
        .read(new StringReader("id,y,x0\rE1,0,1\rE2,1,2"), "mac");
    assertEquals(2, t.rows());
  }

  @Test
  void invalidUtf8IsReported() throws IOException {
    Path p = dir.resolve("latin1.csv");
    Files.write(p, "id,y,x0\nE\u00e91,0,1\n".getBytes(StandardCharsets.ISO_8859_1));
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> new CsvTableReader(CsvOptions.labelled("y")).read(p));
    assertMessage(e, "latin1.csv", "not valid UTF-8");
  }

  @Test
  void defaultsReadTheLabelOnlyWhenPresent() throws IOException {
    CsvTableReader reader = new CsvTableReader(CsvOptions.defaults());
    assertTrue(reader.read(csv("a.csv", "id,y,x0\nE1,1,2\n")).hasLabels());
    FeatureTable host = reader.read(csv("b.csv", "id,x0,x1\nE1,1,2\n"));
    assertFalse(host.hasLabels());
    assertEquals(List.of("x0", "x1"), host.schema().featureNames());
  }

  @Test
  void unlabelledRefusesToTurnTheLabelIntoAFeature() throws IOException {
    DataFormatException e = fails("id,y,x0\nE1,1,2\n", CsvOptions.unlabelled());
    assertMessage(e, "line 1, column 'y'", "looks like a label", "--features");
    FeatureTable t = new CsvTableReader(CsvOptions.unlabelled().withFeatures(List.of("x0")))
        .read(csv("a.csv", "id,y,x0\nE1,1,2\n"));
    assertFalse(t.hasLabels());
    assertArrayEquals(new double[] {2}, t.values());
  }

  @Test
  void explicitFeaturesChooseOrderAndSkipTheRest() throws IOException {
    Path p = csv("a.csv", "x2,id,junk,x1,y\n3,E1,zzz,1,0\n6,E2,,4,1\n");
    FeatureTable t = new CsvTableReader(CsvOptions.labelled("y").withFeatures(List.of("x1", "x2")))
        .read(p);
    assertEquals(List.of("x1", "x2"), t.schema().featureNames());
    assertArrayEquals(new double[] {1, 3, 4, 6}, t.values());
    assertArrayEquals(new double[] {0, 1}, t.labels());
    DataFormatException e = fails("id,y,x1\nE1,0,1\n",
        CsvOptions.labelled("y").withFeatures(List.of("x1", "x9")));
    assertMessage(e, "line 1, column 'x9': missing from the header (header has: id, y, x1)");
  }

  @Test
  void renamedColumnsAndOtherDelimiters() throws IOException {
    CsvOptions opts = CsvOptions.labelled("default_flag").withIdColumn("uscc").withDelimiter(';');
    FeatureTable t = new CsvTableReader(opts)
        .read(csv("a.csv", "uscc;default_flag;x0\nA;1;1,5\n".replace("1,5", "2.5")));
    assertEquals("uscc", t.schema().idColumn());
    assertEquals("default_flag", t.schema().labelColumn());
    FeatureTable tabs = new CsvTableReader(CsvOptions.unlabelled().withDelimiter('\t'))
        .read(csv("b.tsv", "id\tx0\tx1\nA\t1\t2\n"));
    assertArrayEquals(new double[] {1, 2}, tabs.values());
  }

  @Test
  void badHeaders() throws IOException {
    assertMessage(fails("id,y,x0,x0\nE1,0,1,2\n"),
        "line 1, column 'x0': appears twice in the header (columns 3 and 4)");
    assertMessage(fails("id,y,,x1\nE1,0,1,2\n"), "line 1: column 3 of the header has no name");
    assertMessage(fails("id,y\nE1,0\n"), "no feature columns");
    assertMessage(fails("\nid,y,x0\nE1,0,1\n"), "line 1: blank header line");
  }

  @Test
  void readSchemaReadsOnlyTheHeader() throws IOException {
    Path p = csv("a.csv", "id,y,x0,x1\nthis row is broken\n");
    assertEquals(Schema.labelled("id", "y", List.of("x0", "x1")),
        new CsvTableReader(CsvOptions.defaults()).readSchema(p));
  }

  @Test
  void growsPastTheInitialCapacityOfAStream() throws IOException {
    StringBuilder sb = new StringBuilder("id,y,x0,x1\n");
    for (int i = 0; i < 5000; i++) {
      sb.append("E").append(i).append(',').append(i % 2).append(',').append(i).append(',')
          .append(-i * 0.5).append('\n');
    }
    FeatureTable t = new CsvTableReader(CsvOptions.defaults())
        .read(new StringReader(sb.toString()), "big");
    assertEquals(5000, t.rows());
    assertEquals("E4999", t.id(4999));
    assertEquals(-2499.5, t.value(4999, 1));
    assertEquals(1.0, t.label(4999));
  }

  @Test
  void valueInMessagesIsCutButAccessorKeepsItWhole() throws IOException {
    String longValue = "z".repeat(500);
    DataFormatException e = fails("id,y,x0\nE1,0," + longValue + "\n");
    assertEquals(longValue, e.value());
    assertTrue(e.getMessage().length() < 300, e.getMessage());
    assertMessage(e, "(500 chars)");
  }
}
