package io.fedcredit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedcredit.core.data.CsvTableWriter;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.client.scoring.DataNodeServer;
import io.fedcredit.core.serving.ModelTrust;
import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/fl simulate horizontal --model gbdt} and {@code simulate vertical --model
 * secureboost} as a user runs them: the linear models' report fields, a round per tree, feature
 * importance, and the same last line.
 */
class BoostingCommandsTest {

  private static String lastLine(CliRun r) {
    List<String> lines = r.out().lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  @Timeout(300)
  void horizontalGbdtReportsLikeTheLinearModels(@TempDir Path dir) throws Exception {
    CsvTableWriter w = new CsvTableWriter();
    w.write(TestTables.logistic(600, 3, 0.0, 1, "a"), dir.resolve("a.csv"));
    w.write(TestTables.logistic(400, 3, 0.4, 2, "b"), dir.resolve("b.csv"));
    w.write(TestTables.logistic(500, 3, 0.0, 3, "t"), dir.resolve("test.csv"));
    Path report = dir.resolve("out/report.json");
    CliRun r = CliRun.run("simulate", "horizontal", "--data", "alpha=" + dir.resolve("a.csv"),
        "--data", "beta=" + dir.resolve("b.csv"), "--test", dir.resolve("test.csv").toString(),
        "--model", "gbdt", "--trees", "8", "--bins", "16", "--seed", "5",
        "--report", report.toString(), "--plots", dir.resolve("plots").toString(),
        "--out", dir.resolve("served").toString());
    assertEquals(0, r.exitCode(), r.err());
    String last = lastLine(r);
    assertTrue(last.matches("final auc=0\\.\\d{4} ks=0\\.\\d{4}"), last);
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    double auc = json.at("/final/auc").asDouble();
    assertEquals(String.format(Locale.ROOT, "final auc=%.4f ks=%.4f", auc,
        json.at("/final/ks").asDouble()), last);
    assertTrue(auc > 0.7, "auc " + auc);
    assertEquals("gbdt", json.at("/config/model").asText());
    assertEquals(8, json.get("rounds").size());
    assertEquals(8, json.at("/rounds/7/round").asInt());
    assertTrue(json.at("/baselines/centralized/auc").asDouble() > 0.7);
    assertTrue(json.at("/baselines/local/alpha/auc").isNumber());
    assertTrue(json.at("/importance/f0/splits").asLong() > 0, json.get("importance").toString());
    assertTrue(json.at("/config/secure_rounds").asInt() > 8);
    assertTrue(Files.size(dir.resolve("plots/roc.png")) > 1000);

    // the whole model was exported, signed by the first bank: bin/fl score scores with it alone
    Path kits = dir.resolve("served/serving/federation/kits");
    CliRun scored = CliRun.run("score", "--kit", kits.resolve("alpha").toString(), "--model",
        dir.resolve("served/serving/alpha.fcm").toString(), "--max-pd", "0.5", "--audit",
        dir.resolve("audit.jsonl").toString(), "--enterprise", "t0", "--feature", "f0=0.1",
        "--feature", "f1=-0.4", "--feature", "f2=1.2");
    assertEquals(0, scored.exitCode(), scored.err() + scored.out());
    assertTrue(scored.out().contains("t0 (model 'simulation/gbdt' version 1): SCORED"),
        scored.out());
    assertTrue(r.out().contains("bin/fl score --kit " + kits.resolve("alpha")), r.out());
  }

  @Test
  void horizontalGbdtRefusesLinearOptions(@TempDir Path dir) throws Exception {
    new CsvTableWriter().write(TestTables.logistic(50, 2, 0.0, 1, "a"), dir.resolve("a.csv"));
    CliRun r = CliRun.run("simulate", "horizontal", "--data", "a=" + dir.resolve("a.csv"),
        "--data", "b=" + dir.resolve("a.csv"), "--test", dir.resolve("a.csv").toString(),
        "--model", "gbdt", "--paillier");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--paillier"), r.err());
  }

  @Test
  @Timeout(600)
  void verticalSecureBoostMatchesItsPlaintextTwinAndReportsImportancePerParty(
      @TempDir Path dir) throws Exception {
    FeatureTable[] t = TestTables.verticalSplit(300, 23, "ent-");
    new CsvTableWriter().write(t[0], dir.resolve("bank.csv"));
    new CsvTableWriter().write(t[1], dir.resolve("platform.csv"));
    Path report = dir.resolve("report.json");
    CliRun r = CliRun.run("simulate", "vertical", "--guest", "bank=" + dir.resolve("bank.csv"),
        "--host", "platform=" + dir.resolve("platform.csv"), "--model", "secureboost",
        "--trees", "3", "--bins", "16", "--min-child-samples", "10", "--test-fraction", "0.2",
        "--report", report.toString(), "--out", dir.resolve("halves").toString());
    assertEquals(0, r.exitCode(), r.err());
    String last = lastLine(r);
    assertTrue(last.matches("final auc=0\\.\\d{4} ks=0\\.\\d{4}"), last);
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertEquals("secureboost", json.get("model").asText());
    assertEquals(240, json.at("/intersection/size").asInt());
    // lossless: the federated trees are the plaintext twin's, so the AUCs are equal
    assertEquals(json.at("/baselines/plaintext/auc").asDouble(), json.at("/final/auc")
        .asDouble(), 1e-12);
    assertTrue(json.at("/final/test/auc").isNumber());
    assertEquals(3, json.get("epochs").size());
    assertEquals(3, json.at("/boosting/trees").asInt());
    long bankSplits = 0;
    for (String f : List.of("f0", "f3")) {
      bankSplits += json.at("/importance/bank/" + f + "/splits").asLong();
    }
    long hostSplits = 0;
    for (String f : List.of("f1", "f2", "f4")) {
      hostSplits += json.at("/importance/platform/" + f + "/splits").asLong();
    }
    assertTrue(bankSplits > 0 && hostSplits > 0, json.get("importance").toString());
    assertTrue(r.out().contains("tree 3: training log-loss"), r.out());

    // each party's half was exported and signed with its kit: the data node serves its half
    // (as bin/fl serve data-node does) and bin/fl score scores an applicant through it
    Path serving = dir.resolve("halves/serving");
    Path kits = serving.resolve("federation/kits");
    StartupKit nodeKit = StartupKit.load(kits.resolve("platform"));
    PartialScoreEngine engine = new PartialScoreEngine(t[1], "platform.csv");
    engine.addModel(ServingModelFiles.read(serving.resolve("platform.fcm"),
        ModelTrust.of(nodeKit)));
    try (DataNodeServer node = DataNodeServer.builder(TransportSecurity.mutualTls(nodeKit)
        .serverBuilder("127.0.0.1", 0), engine).build().start()) {
      String id = t[0].id(0); // held by both parties
      List<String> args = new java.util.ArrayList<>(List.of("score", "--kit",
          kits.resolve("bank").toString(), "--model", serving.resolve("bank.fcm").toString(),
          "--data-node", "platform=127.0.0.1:" + node.port(), "--max-pd", "0.5", "--audit",
          dir.resolve("audit.jsonl").toString(), "--enterprise", id));
      for (String f : List.of("f0", "f3")) {
        args.add("--feature");
        args.add(f + "=" + t[0].value(0, t[0].schema().indexOf(f)));
      }
      CliRun scored = CliRun.run(args.toArray(new String[0]));
      assertEquals(0, scored.exitCode(), scored.err() + scored.out());
      assertTrue(scored.out().contains(id + " (model 'simulation-vertical/secureboost' version "
          + "1): SCORED"), scored.out());
    }
  }
}
