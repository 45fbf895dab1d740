package io.fedcredit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedcredit.core.data.CsvTableWriter;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/fl simulate vertical} as a user runs it: CSV files in, report and last line out. */
class VerticalSimulateCommandTest {

  private static CliRun run(String... args) {
    return CliRun.run(args);
  }

  @Test
  @Timeout(300)
  void runsPsiWoeAndTrainingAndWritesTheReport(@TempDir Path dir) throws Exception {
    FeatureTable[] t = TestTables.verticalSplit(300, 23, "ent-");
    new CsvTableWriter().write(t[0], dir.resolve("bank.csv"));
    new CsvTableWriter().write(t[1], dir.resolve("platform.csv"));
    CliRun r = run("simulate", "vertical", "--guest", "bank=" + dir.resolve("bank.csv"),
        "--host", "platform=" + dir.resolve("platform.csv"), "--model", "hetero-lr",
        "--epochs", "2", "--batch-size", "128", "--learning-rate", "0.3", "--woe",
        "--test-fraction", "0.2", "--report", dir.resolve("report.json").toString(),
        "--out", dir.resolve("halves").toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertTrue(last.matches("final auc=0\\.\\d{4} ks=0\\.\\d{4}"), last);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertEquals(240, json.at("/intersection/size").asInt()); // i % 10 not in {3, 7}
    double auc = json.at("/final/auc").asDouble();
    assertEquals(String.format(java.util.Locale.ROOT, "final auc=%.4f ks=%.4f", auc,
        json.at("/final/ks").asDouble()), last);
    assertEquals(json.at("/baselines/plaintext/auc").asDouble(), auc, 0.003);
    assertTrue(json.at("/final/test/auc").isNumber());
    assertEquals(2, json.get("epochs").size());
    assertEquals(5, json.get("iv").size());
    assertTrue(json.at("/iv/platform~1f1").isNumber(), json.get("iv").toString());
    assertTrue(Files.size(dir.resolve("halves/platform-model-half.json")) > 100);
    assertTrue(Files.size(dir.resolve("halves/bank-model-half.json")) > 100);
  }

  @Test
  void badCsvStopsWithFileLineAndColumn(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("g.csv"), "id,y,f0\n1,0,0.5\n2,1,0.7\n");
    Files.writeString(dir.resolve("h.csv"), "id,f1\n1,0.5\n2,oops\n");
    CliRun r = run("simulate", "vertical", "--guest", "bank=" + dir.resolve("g.csv"),
        "--host", "platform=" + dir.resolve("h.csv"), "--epochs", "1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("h.csv line 3, column 'f1': 'oops' is not a number"), r.err());
  }
}
