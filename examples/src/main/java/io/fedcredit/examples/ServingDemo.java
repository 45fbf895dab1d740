package io.fedcredit.examples;

import io.fedcredit.client.scoring.CreditScorer;
import io.fedcredit.client.scoring.DataNodeServer;
import io.fedcredit.core.data.CsvTableWriter;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.serving.CutOff;
import io.fedcredit.core.serving.ModelTrust;
import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.serving.ScoreOutcome;
import io.fedcredit.core.serving.ScoreResult;
import io.fedcredit.core.serving.ServingExport;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.vertical.VerticalGuest;
import io.fedcredit.core.vertical.VerticalHost;
import io.fedcredit.server.provision.FederationProject;
import io.fedcredit.server.provision.Provisioner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The end of {@code bin/fl demo}: the vertical model just trained is exported (each party signs
 * its half with the certificate of a freshly provisioned federation), the data node serves its
 * half on 127.0.0.1 over mutual TLS, and the bank's {@link CreditScorer} scores a few synthetic
 * applicants, printing decision, score, reasons and latency.
 */
final class ServingDemo {
  private ServingDemo() {}

  /**
   * Provisions a federation on loopback for serving: a coordinator (which provisioning needs),
   * {@code bank}, and the data nodes, all valid for 127.0.0.1 and localhost.
   *
   * @return the folder holding one kit per party ({@code kits/<party>})
   */
  static Path provision(Path dir, String federation, String bank, List<String> dataNodes)
      throws Exception {
    StringBuilder yaml = new StringBuilder("federation: " + federation + "\n"
        + "coordinator: 127.0.0.1:7443\nvalidity_days: 30\nparties:\n"
        + "  - {id: coordinator, role: coordinator, server_names: [127.0.0.1]}\n"
        + "  - {id: " + bank + ", role: bank, server_names: [127.0.0.1, localhost]}\n");
    for (String d : dataNodes) {
      yaml.append("  - {id: ").append(d)
          .append(", role: data-node, server_names: [127.0.0.1, localhost]}\n");
    }
    new Provisioner(Clock.systemUTC(), new SecureRandom()).provision(
        FederationProject.parse(yaml.toString(), "serving federation"), dir, true, Set.of());
    return dir.resolve("kits");
  }

  static void run(VerticalGuest.Outcome g, VerticalHost.Outcome h, FeatureTable platform,
      FeatureTable applicants, Path out, PrintStream log) throws Exception {
    // applicants: the bank's borrowers; those the platform does not hold come back
    // ENTERPRISE_UNKNOWN, typed, never with a default score
    Path dir = out.resolve("serving");
    Path kits = provision(dir.resolve("federation"), "demo-credit", g.half().party(),
        List.of(h.half().party()));
    StartupKit bankKit = StartupKit.load(kits.resolve(g.half().party()));
    StartupKit nodeKit = StartupKit.load(kits.resolve(h.half().party()));
    String modelId = g.half().modelId();
    Path bankFile = dir.resolve("bank.fcm");
    Path nodeFile = dir.resolve("platform.fcm");
    ServingModelFiles.write(ServingExport.bankHalf(g, modelId, 1, "demo-credit"),
        bankKit.credential(), bankFile);
    ServingModelFiles.write(ServingExport.dataNodeHalf(h, g.half().party(), modelId, 1,
        "demo-credit"), nodeKit.credential(), nodeFile);

    // the cut-off: approve the safest 70% of the training rows
    double[] pd = Arrays.stream(g.trainLogOdds()).map(z -> 1 / (1 + Math.exp(-z))).sorted()
        .toArray();
    CutOff cutOff = CutOff.maxProbabilityOfDefault(pd[(int) (0.7 * (pd.length - 1))]);
    log.printf(Locale.ROOT, "%nOnline scoring: each party signed its half (%s, %s); the data node "
        + "serves its half on 127.0.0.1 over mutual TLS; %s%n", bankFile, nodeFile, cutOff);

    PartialScoreEngine engine = new PartialScoreEngine(platform, "the platform's table");
    engine.addModel(ServingModelFiles.read(nodeFile, ModelTrust.of(nodeKit)));
    Path audit = dir.resolve("scoring-audit.jsonl");
    try (DataNodeServer node = DataNodeServer.builder(TransportSecurity.mutualTls(nodeKit)
        .serverBuilder("127.0.0.1", 0), engine).build().start();
        CreditScorer scorer = CreditScorer.builder()
            .modelFile(bankFile, ModelTrust.of(bankKit))
            .dataNode(h.half().party(), "127.0.0.1:" + node.port(),
                TransportSecurity.mutualTls(bankKit))
            .cutOff(cutOff).reasonCodes(3).auditLog(audit).build()) {
      scorer.connect(java.time.Duration.ofSeconds(10));
      List<CreditScorer.Application> apps = new ArrayList<>();
      for (int r = 0; r < Math.min(applicants.rows(), 205); r++) {
        Map<String, Double> f = new LinkedHashMap<>();
        for (String name : scorer.bankFeatures()) {
          f.put(name, applicants.value(r, applicants.schema().indexOf(name)));
        }
        apps.add(new CreditScorer.Application(applicants.id(r), f));
      }
      long t0 = System.nanoTime();
      List<ScoreResult> warm = scorer.scoreBatch(apps.subList(5, apps.size()));
      Map<String, Long> tally = new LinkedHashMap<>();
      for (ScoreResult x : warm) {
        tally.merge(x.scored().map(s -> s.decision().name()).orElse(x.outcome().kind().name()),
            1L, Long::sum);
      }
      log.printf(Locale.ROOT, "a batch of %d of the bank's borrowers (one call to the data node) "
          + "in %.1f ms: %s%n", warm.size(),
          (System.nanoTime() - t0) / 1e6, tally);
      long[] micros = new long[apps.size() - 5];
      for (int i = 5; i < apps.size(); i++) {
        micros[i - 5] = scorer.score(apps.get(i).enterpriseId(), apps.get(i).bankFeatures())
            .micros().get("total");
      }
      Arrays.sort(micros);
      log.printf(Locale.ROOT, "the same %d one at a time: latency median %.2f ms, max %.2f ms "
          + "(a cold JVM on a shared machine; steady-state figures in BENCHMARKS.md); and five "
          + "more:%n", micros.length, micros[micros.length / 2] / 1e3,
          micros[micros.length - 1] / 1e3);
      for (CreditScorer.Application a : apps.subList(0, 5)) {
        print(log, scorer.score(a.enterpriseId(), a.bankFeatures()), h.half().party());
      }
      print(log, scorer.score("not-a-registered-enterprise", apps.get(0).bankFeatures()),
          h.half().party());
    }
    Path table = dir.resolve("platform.csv");
    new CsvTableWriter().write(platform, table);
    StringBuilder example = new StringBuilder("--enterprise " + applicants.id(0));
    for (String name : g.half().features().stream().map(f -> f.name()).toList()) {
      example.append(String.format(Locale.ROOT, " --feature %s=%s", name,
          applicants.value(0, applicants.schema().indexOf(name))));
    }
    log.printf(Locale.ROOT, "every decision is in %s. The same as separate processes:%n"
        + "  bin/fl serve data-node --kit %s --model %s --features %s --port 7444 &%n"
        + "  bin/fl score --kit %s --model %s --data-node %s=127.0.0.1:7444 --max-pd %.4f "
        + "--audit %s %s%n", audit, kits.resolve(h.half().party()), nodeFile, table,
        kits.resolve(g.half().party()), bankFile, h.half().party(), cutOff.bound(), audit,
        example);
  }

  private static void print(PrintStream log, ScoreResult r, String dataNode) {
    ScoreOutcome o = r.outcome();
    if (o instanceof ScoreOutcome.Scored s) {
      StringBuilder reasons = new StringBuilder();
      for (ScoreOutcome.ReasonCode rc : s.reasons()) {
        reasons.append(reasons.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
            "%s -%.0f", rc.feature(), rc.pointsLost()));
      }
      log.printf(Locale.ROOT, "  %-12s %-7s score %5.0f  PD %.3f  reasons: %-60s %5.2f ms "
          + "(data node %.2f ms)%n", r.enterpriseId(), s.decision(), s.score(),
          s.probabilityOfDefault(), reasons, r.micros().get("total") / 1e3,
          r.micros().get(dataNode) / 1e3);
    } else {
      log.printf(Locale.ROOT, "  %-12s %s (%s: %s) %.2f ms%n", r.enterpriseId(), o.kind(),
          o.dataNode(), o.detail(), r.micros().get("total") / 1e3);
    }
  }
}
