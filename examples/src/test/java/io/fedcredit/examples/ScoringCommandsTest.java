package io.fedcredit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.scoring.DataNodeServer;
import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.testing.ServingFixtures;
import io.fedcredit.core.testing.TestPki;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.crypto.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/fl score} against a data node on 127.0.0.1, and the commands' input errors. */
class ScoringCommandsTest {
  @TempDir
  Path dir;

  @Test
  void scoresOneApplicantWithTheBanksHalfAndReportsTypedFailures() throws Exception {
    TestPki pki = TestPki.create("cli-fed", dir);
    List<ServingModel> pair = ServingFixtures.scorecardPair("cli/m", 1, pki.federation());
    Path bank = dir.resolve("bank.fcm");
    ServingModelFiles.write(pair.get(0), pki.issue("bank-a", PartyRole.BANK), bank);
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, Pem.encode(pki.ca().certificate()));
    PartialScoreEngine engine = new PartialScoreEngine(ServingFixtures.platformTable(10, 0),
        "fixture");
    engine.addModel(pair.get(1));
    try (DataNodeServer node = DataNodeServer.builder(TransportSecurity.plaintextForTesting()
        .serverBuilder("127.0.0.1", 0), engine).build().start()) {
      String[] common = {"score", "--plaintext", "--ca", ca.toString(), "--model",
          bank.toString(), "--data-node", "platform=127.0.0.1:" + node.port(), "--min-score",
          "150", "--audit", dir.resolve("audit.jsonl").toString(), "--feature", "b1=0.4",
          "--feature", "b2=1.3"};
      CliRun ok = CliRun.run(concat(common, "--enterprise", "e-2"));
      assertEquals(0, ok.exitCode(), ok.err());
      assertTrue(ok.out().contains("e-2 (model 'cli/m' version 1): SCORED"), ok.out());
      assertTrue(ok.out().contains("reason: "), ok.out());
      CliRun unknown = CliRun.run(concat(common, "--enterprise", "nobody"));
      assertEquals(3, unknown.exitCode(), unknown.err());
      assertTrue(unknown.out().contains("ENTERPRISE_UNKNOWN (data node platform"),
          unknown.out());
      assertEquals(2, Files.readAllLines(dir.resolve("audit.jsonl")).size());
    }
  }

  @Test
  void inputErrorsNameTheFix() {
    CliRun noCutOff = CliRun.run("score", "--plaintext", "--ca", "ca.pem", "--model", "b.fcm",
        "--enterprise", "e-1");
    assertEquals(2, noCutOff.exitCode());
    assertTrue(noCutOff.err().contains("--max-pd P or --min-score POINTS"), noCutOff.err());
    CliRun noCa = CliRun.run("serve", "data-node", "--plaintext", "--model", "p.fcm",
        "--features", "f.csv");
    assertEquals(2, noCa.exitCode());
    assertTrue(noCa.err().contains("give --ca CA.pem"), noCa.err());
    CliRun noKit = CliRun.run("serve", "bank", "--model", "b.fcm", "--max-pd", "0.1");
    assertEquals(2, noKit.exitCode());
    assertTrue(noKit.err().contains("mutual TLS is the default"), noKit.err());
  }

  @Test
  void benchScoringReportsASecureBoostTargetInATinyRun() {
    // bench scoring in a tiny configuration (separate JVMs, mutual TLS): SecureBoost only
    CliRun run = CliRun.run("bench", "scoring", "--out", dir.resolve("bench").toString(),
        "--models", "secureboost", "--secureboost-trees", "2", "--phases", "one,two,batch",
        "--population", "3000", "--batch", "500", "--batch-size", "100", "--callers", "1",
        "--repeats", "1", "--warmup-seconds", "0.2", "--measure-seconds", "0.5", "--jvm-opts",
        "-Xmx256m -XX:TieredStopAtLevel=1");
    assertEquals(0, run.exitCode(), run.err() + run.out());
    // a secureboost row in the one- and the two-node tables: 1 caller, no errors (the column
    // before the load)
    assertEquals(2, java.util.regex.Pattern.compile("(?m)^\\| secureboost \\| 1 \\| .* \\| 0 "
        + "\\| [0-9.]+ \\|$").matcher(run.out()).results().count(), run.out());
    assertTrue(run.out().contains("## Batch: bench/sb-1, 500 enterprises"), run.out());
    assertTrue(run.out().contains("outcomes {SCORED=500}"), run.out());
    assertFalse(run.out().contains("| hetero-lr |") || run.out().contains("| scorecard |"),
        run.out());
  }

  @Test
  void benchScoringNamesAnUnknownModel() {
    CliRun run = CliRun.run("bench", "scoring", "--out", dir.resolve("bench").toString(),
        "--models", "secureboost,forest", "--phases", "one");
    assertNotEquals(0, run.exitCode(), run.out());
    assertTrue(run.err().contains("--models: unknown model 'forest'"), run.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
