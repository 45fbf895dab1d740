package io.fedcredit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedcredit.core.data.CsvTableWriter;
import io.fedcredit.core.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/fl simulate horizontal} as a user runs it: CSV files in, report and last line out. */
class SimulateCommandTest {

  private static CliRun run(String... args) {
    return CliRun.run(args);
  }

  @Test
  @Timeout(120)
  void writesTheReportAndEndsWithTheFinalLine(@TempDir Path dir) throws Exception {
    CsvTableWriter w = new CsvTableWriter();
    w.write(TestTables.logistic(600, 3, 0.0, 1, "a"), dir.resolve("a.csv"));
    w.write(TestTables.logistic(300, 3, 0.4, 2, "b"), dir.resolve("b.csv"));
    w.write(TestTables.logistic(500, 3, 0.0, 3, "t"), dir.resolve("test.csv"));
    Path report = dir.resolve("out/report.json");
    CliRun r = run("simulate", "horizontal", "--data", "alpha=" + dir.resolve("a.csv"),
        "--data", "beta=" + dir.resolve("b.csv"), "--test", dir.resolve("test.csv").toString(),
        "--model", "logreg", "--rounds", "3", "--seed", "5", "--report", report.toString(),
        "--plots", dir.resolve("plots").toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertTrue(last.matches("final auc=0\\.\\d{4} ks=0\\.\\d{4}"), last);

    JsonNode json = new ObjectMapper().readTree(report.toFile());
    double auc = json.at("/final/auc").asDouble();
    assertTrue(auc > 0.7 && auc < 1, "final.auc " + auc);
    assertEquals(String.format(java.util.Locale.ROOT, "final auc=%.4f ks=%.4f", auc,
        json.at("/final/ks").asDouble()), last);
    assertEquals(3, json.get("rounds").size());
    assertEquals(3, json.at("/rounds/2/round").asInt());
    assertTrue(json.at("/rounds/0/auc").isNumber());
    assertTrue(json.at("/baselines/centralized/auc").asDouble() > 0.7);
    assertTrue(json.at("/baselines/local/alpha/auc").isNumber());
    assertTrue(json.at("/baselines/local/beta/auc").isNumber());
    assertTrue(Files.size(dir.resolve("plots/roc.png")) > 1000);
    assertTrue(Files.size(dir.resolve("plots/auc-per-round.png")) > 1000);
  }

  @Test
  @Timeout(240)
  void paillierAggregationGivesThePlaintextAucAndTheFirstBankHoldsTheKey(@TempDir Path dir)
      throws Exception {
    CsvTableWriter w = new CsvTableWriter();
    w.write(TestTables.logistic(600, 3, 0.0, 1, "a"), dir.resolve("a.csv"));
    w.write(TestTables.logistic(300, 3, 0.4, 2, "b"), dir.resolve("b.csv"));
    w.write(TestTables.logistic(500, 3, 0.0, 3, "t"), dir.resolve("test.csv"));
    JsonNode[] reports = new JsonNode[2];
    String[][] modes = {{}, {"--paillier"}};
    for (int i = 0; i < 2; i++) {
      Path report = dir.resolve("report-" + i + ".json");
      List<String> args = new java.util.ArrayList<>(List.of("simulate", "horizontal",
          "--data", "alpha=" + dir.resolve("a.csv"), "--data", "beta=" + dir.resolve("b.csv"),
          "--test", dir.resolve("test.csv").toString(), "--model", "logreg", "--rounds", "3",
          "--seed", "5", "--report", report.toString()));
      args.addAll(List.of(modes[i]));
      CliRun r = run(args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), r.err());
      reports[i] = new ObjectMapper().readTree(report.toFile());
    }
    assertEquals("none (plaintext aggregation)",
        reports[0].at("/config/aggregation").asText());
    String aggregation = reports[1].at("/config/aggregation").asText();
    assertTrue(aggregation.startsWith("paillier(2048-bit key held by alpha"), aggregation);
    double plain = reports[0].at("/final/auc").asDouble();
    double paillier = reports[1].at("/final/auc").asDouble();
    assertTrue(Math.abs(plain - paillier) <= 1e-3, "plaintext " + plain + ", paillier "
        + paillier);
  }

  @Test
  void secureAndPaillierAggregationAreExclusive(@TempDir Path dir) throws Exception {
    new CsvTableWriter().write(TestTables.logistic(50, 2, 0, 1, "a"), dir.resolve("a.csv"));
    CliRun r = run("simulate", "horizontal", "--data", "alpha=" + dir.resolve("a.csv"),
        "--test", dir.resolve("a.csv").toString(), "--secure-aggregation", "--paillier");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--secure-aggregation and --paillier"), r.err());
  }

  @Test
  void badCsvStopsWithFileLineAndColumn(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.csv"), "id,y,f0\n1,0,0.5\n2,1,abc\n");
    Files.writeString(dir.resolve("t.csv"), "id,y,f0\n1,0,0.5\n");
    CliRun r = run("simulate", "horizontal", "--data", "alpha=" + dir.resolve("a.csv"),
        "--test", dir.resolve("t.csv").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("a.csv line 3, column 'f0': 'abc' is not a number"), r.err());
  }

  @Test
  void unknownBankTestIsNamed(@TempDir Path dir) throws Exception {
    new CsvTableWriter().write(TestTables.logistic(50, 2, 0, 1, "a"), dir.resolve("a.csv"));
    CliRun r = run("simulate", "horizontal", "--data", "alpha=" + dir.resolve("a.csv"),
        "--bank-test", "gamma=" + dir.resolve("a.csv"), "--test", dir.resolve("a.csv").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("'gamma'"), r.err());
  }

  @Test
  @Timeout(120)
  void personalizationAndServerOptimizerReportEachBanksOwnFigures(@TempDir Path dir)
      throws Exception {
    CsvTableWriter w = new CsvTableWriter();
    w.write(TestTables.logistic(600, 3, 0.0, 1, "a"), dir.resolve("a.csv"));
    w.write(TestTables.logistic(300, 3, 0.4, 2, "b"), dir.resolve("b.csv"));
    w.write(TestTables.logistic(300, 3, 0.4, 4, "bt"), dir.resolve("bt.csv"));
    w.write(TestTables.logistic(500, 3, 0.0, 3, "t"), dir.resolve("test.csv"));
    Path report = dir.resolve("report.json");
    CliRun r = run("simulate", "horizontal", "--data", "alpha=" + dir.resolve("a.csv"),
        "--data", "beta=" + dir.resolve("b.csv"), "--bank-test", "beta=" + dir.resolve("bt.csv"),
        "--test", dir.resolve("test.csv").toString(), "--model", "logreg", "--rounds", "3",
        "--server-optimizer", "fedadam", "--server-lr", "0.05", "--personalize", "finetune",
        "--report", report.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    for (String kind : List.of("global", "local", "personalized")) {
      double auc = json.at("/" + kind + "/beta/auc").asDouble(Double.NaN);
      assertTrue(auc > 0.5 && auc <= 1, kind + ".beta.auc " + auc);
    }
    assertEquals("finetune", json.at("/personalization").asText());
    assertEquals("fedadam", json.at("/config/server_optimizer").asText());
    assertTrue(r.out().contains("personalized (own model)"), r.out());
  }

  @Test
  void unknownPersonalizationAndOptimizerAreNamed(@TempDir Path dir) throws Exception {
    new CsvTableWriter().write(TestTables.logistic(50, 2, 0, 1, "a"), dir.resolve("a.csv"));
    CliRun r = run("simulate", "horizontal", "--data", "alpha=" + dir.resolve("a.csv"),
        "--test", dir.resolve("a.csv").toString(), "--personalize", "retrain");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("use finetune, ditto or fedper"), r.err());
    r = run("simulate", "horizontal", "--data", "alpha=" + dir.resolve("a.csv"),
        "--test", dir.resolve("a.csv").toString(), "--server-optimizer", "sgd");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("fedadam"), r.err());
  }

  @Test
  void robustStrategiesAndAttacksNameTheConflictingFlag(@TempDir Path dir) throws Exception {
    new CsvTableWriter().write(TestTables.logistic(50, 2, 0, 1, "a"), dir.resolve("a.csv"));
    String a = "alpha=" + dir.resolve("a.csv");
    String t = dir.resolve("a.csv").toString();
    CliRun r = run("simulate", "horizontal", "--data", a, "--test", t, "--strategy", "median",
        "--secure-aggregation");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("cannot run with --secure-aggregation")
        && r.err().contains("only their sum"), r.err());
    r = run("simulate", "horizontal", "--data", a, "--test", t, "--norm-bound", "1",
        "--paillier");
    assertTrue(r.err().contains("cannot run with --paillier"), r.err());
    r = run("simulate", "horizontal", "--data", a, "--test", t, "--strategy", "krum");
    assertTrue(r.err().contains("strategy.byzantine") && r.err().contains("--byzantine"),
        r.err());
    r = run("simulate", "horizontal", "--data", a, "--test", t, "--strategy", "krum",
        "--byzantine", "1");
    assertTrue(r.err().contains("needs at least 5 banks"), r.err());
    r = run("simulate", "horizontal", "--data", a, "--test", t, "--strategy", "fedadam");
    assertTrue(r.err().contains("--server-optimizer"), r.err());
    r = run("simulate", "horizontal", "--data", a, "--test", t, "--attack", "scale:100");
    assertTrue(r.err().contains("--attackers"), r.err());
    r = run("simulate", "horizontal", "--data", a, "--test", t, "--attack", "scale:100",
        "--attackers", "gamma");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("[gamma]") && r.err().contains("alpha"), r.err());
  }

  /** Final log-loss of a 5-bank simulation on one pooled file, with extra options. */
  private static JsonNode fiveBanks(Path dir, String name, String... extra) throws Exception {
    Path report = dir.resolve(name + ".json");
    List<String> args = new java.util.ArrayList<>(List.of("simulate", "horizontal",
        "--data", "all=" + dir.resolve("all.csv"), "--test", dir.resolve("test.csv").toString(),
        "--split-banks", "5", "--model", "logreg", "--rounds", "4", "--seed", "3",
        "--report", report.toString()));
    args.addAll(List.of(extra));
    CliRun r = run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    return new ObjectMapper().readTree(report.toFile());
  }

  @Test
  @Timeout(240)
  void medianWithstandsAScalingAttackThatDerailsFedAvg(@TempDir Path dir) throws Exception {
    CsvTableWriter w = new CsvTableWriter();
    w.write(TestTables.logistic(1500, 3, 0.0, 1, "a"), dir.resolve("all.csv"));
    w.write(TestTables.logistic(500, 3, 0.0, 3, "t"), dir.resolve("test.csv"));
    String[] attack = {"--attack", "scale:-100", "--attackers", "bank-00"};
    JsonNode clean = fiveBanks(dir, "clean");
    JsonNode attacked = fiveBanks(dir, "attacked", attack);
    String[] median = {"--strategy", "median", "--attack", "scale:-100", "--attackers",
        "bank-00"};
    JsonNode robust = fiveBanks(dir, "median", median);
    assertEquals(5, clean.at("/config/bank_rows").size());
    assertEquals(300, clean.at("/config/bank_rows/bank-04").asInt());
    assertEquals("median()", robust.at("/config/robust_aggregation").asText());
    assertEquals("scale:-100.0 by [bank-00]", robust.at("/config/attack").asText());
    double cleanLoss = clean.at("/final/log_loss").asDouble();
    double attackedLoss = attacked.at("/final/log_loss").asDouble();
    double robustLoss = robust.at("/final/log_loss").asDouble();
    assertTrue(attackedLoss > cleanLoss + 0.5, "the attack derails FedAvg: " + attackedLoss
        + " vs clean " + cleanLoss);
    assertTrue(robustLoss < cleanLoss + 0.05, "median under attack " + robustLoss
        + " vs clean FedAvg " + cleanLoss);
  }
}
