package io.fedcredit.client.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.horizontal.HorizontalBoosting;
import io.fedcredit.core.horizontal.SecAggSum;
import io.fedcredit.core.serving.CutOff;
import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.serving.ScoreOutcome;
import io.fedcredit.core.serving.ScoreResult;
import io.fedcredit.core.serving.ServingExport;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.testing.TestPki;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.vertical.HeteroLrConfig;
import io.fedcredit.core.vertical.HeteroLrTraining;
import io.fedcredit.core.vertical.InProcessLinks;
import io.fedcredit.core.vertical.VerticalArbiter;
import io.fedcredit.core.vertical.VerticalGuest;
import io.fedcredit.core.vertical.VerticalHost;
import io.fedcredit.core.vertical.VerticalJobConfig;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.pki.PartyCredential;
import io.fedcredit.crypto.pki.PartyRole;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vertical job trains (PSI, then optional federated WOE and hetero LR, or SecureBoost trees),
 * each party exports and signs its half, the data node serves its half over mutual TLS on
 * 127.0.0.1, and the bank's scorer scores every training row by enterprise id from the parties'
 * raw tables: the served probability and score equal what training computed for the same rows,
 * to 1e-9. A horizontal GBDT, exported whole, is scored by the bank alone: the served scores equal
 * each bank's training-time scores.
 */
class ServedScoresMatchTrainingTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(600)
  void plainHeteroLr() throws Exception {
    check(false);
  }

  @Test
  @Timeout(600)
  void woeScorecard() throws Exception {
    check(true);
  }

  @Test
  @Timeout(600)
  void secureBoost() throws Exception {
    FeatureTable[] t = TestTables.verticalSplit(300, 45, "ent-");
    HeteroLrConfig lr = HeteroLrConfig.defaults(5);
    VerticalJobConfig cfg = VerticalJobConfig.of("served", "bank-a", "platform", lr)
        .withSecureBoost(BoostingConfig.defaults().withTrees(4).withMaxBins(16)
            .withRegularization(1.0, 0.0, 1e-3, 10).withSampling(0.9, 1.0, 3));
    Map<String, Object> out = train(cfg, t);
    VerticalGuest.Outcome g = (VerticalGuest.Outcome) out.get("bank-a");
    VerticalHost.Outcome h = (VerticalHost.Outcome) out.get("platform");
    assertTrue(g.trees().hasRemoteSplits(), "no split of the data node: the test shows nothing");

    TestPki pki = TestPki.create("served-fed", dir);
    PartyCredential bank = pki.issue("bank-a", PartyRole.BANK);
    PartyCredential platform = pki.issue("platform", PartyRole.DATA_NODE);
    String modelId = cfg.jobId() + "/secureboost";
    ServingModelFiles.write(ServingExport.secureBoostBankHalf(g, "bank-a", modelId, 1,
        pki.federation()), bank, dir.resolve("bank.fcm"));
    ServingModelFiles.write(ServingExport.secureBoostDataNodeHalf(h, "bank-a", modelId, 1,
        pki.federation()), platform, dir.resolve("platform.fcm"));
    ServingModel bankHalf = ServingModelFiles.read(dir.resolve("bank.fcm"), pki.trust());
    assertEquals(ServingModel.Kind.TREES, bankHalf.kind());
    PartialScoreEngine engine = new PartialScoreEngine(t[1], "platform table");
    engine.addModel(ServingModelFiles.read(dir.resolve("platform.fcm"), pki.trust()));
    scoreAndCompare(pki, bank, platform, bankHalf, engine, t[0], g.trainingTable(),
        g.trainLogOdds(), bankHalf.trees().scale());
  }

  @Test
  @Timeout(600)
  void horizontalGbdt() throws Exception {
    Map<String, FeatureTable> banks = new LinkedHashMap<>();
    banks.put("bank-a", TestTables.logistic(300, 4, 0.0, 51, "a-"));
    banks.put("bank-b", TestTables.logistic(250, 4, 0.3, 52, "b-"));
    HorizontalBoosting.Result r = HorizontalBoosting.train(banks, BoostingConfig.defaults()
        .withTrees(5).withMaxBins(16), new SecAggSum("served-gbdt", new SecureRandom()), null,
        m -> { });
    TestPki pki = TestPki.create("served-fed", dir);
    PartyCredential bank = pki.issue("bank-a", PartyRole.BANK);
    ServingModelFiles.write(ServingExport.wholeTrees(r.model(), "served-gbdt/gbdt", 1, "bank-a",
        pki.federation(), "served-gbdt", Map.of()), bank, dir.resolve("whole.fcm"));
    ServingModel whole = ServingModelFiles.read(dir.resolve("whole.fcm"), pki.trust());
    FeatureTable rows = banks.get("bank-a");
    scoreAndCompare(pki, bank, null, whole, null, rows, rows,
        r.banks().get("bank-a").scores(), whole.trees().scale());
  }

  void check(boolean woe) throws Exception {
    FeatureTable[] t = TestTables.verticalSplit(300, woe ? 41 : 43, "ent-");
    HeteroLrConfig lr = new HeteroLrConfig(1, 128, 0.3, 0.5, 1e-3, 1e-6, 5, 10, 24, 40, 128);
    VerticalJobConfig cfg = VerticalJobConfig.of("served", "bank-a", "platform", lr)
        .withWoe(woe, 0.0);
    Map<String, Object> out = train(cfg, t);
    VerticalGuest.Outcome g = (VerticalGuest.Outcome) out.get("bank-a");
    VerticalHost.Outcome h = (VerticalHost.Outcome) out.get("platform");

    // each party exports and signs its own half; the files are what is served
    TestPki pki = TestPki.create("served-fed", dir);
    PartyCredential bank = pki.issue("bank-a", PartyRole.BANK);
    PartyCredential platform = pki.issue("platform", PartyRole.DATA_NODE);
    String modelId = g.half().modelId();
    ServingModelFiles.write(ServingExport.bankHalf(g, modelId, 1, pki.federation()), bank,
        dir.resolve("bank.fcm"));
    ServingModelFiles.write(ServingExport.dataNodeHalf(h, "bank-a", modelId, 1,
        pki.federation()), platform, dir.resolve("platform.fcm"));
    ServingModel bankHalf = ServingModelFiles.read(dir.resolve("bank.fcm"), pki.trust());
    PartialScoreEngine engine = new PartialScoreEngine(t[1], "platform table");
    engine.addModel(ServingModelFiles.read(dir.resolve("platform.fcm"), pki.trust()));
    scoreAndCompare(pki, bank, platform, bankHalf, engine, t[0], g.trainingTable(),
        g.trainLogOdds(), bankHalf.linear().scale());
  }

  /** Runs a vertical job in one process: the arbiter, guest {@code bank-a}, host platform. */
  static Map<String, Object> train(VerticalJobConfig cfg, FeatureTable[] t) {
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    SecureRandom random = new SecureRandom();
    InProcessLinks links = new InProcessLinks(HeteroLrTraining.Transcript.none(),
        Duration.ofMinutes(5));
    Map<String, Callable<Object>> tasks = new LinkedHashMap<>();
    tasks.put("arbiter", () -> new VerticalArbiter(cfg, keys).run(links.link("arbiter"),
        r -> { }));
    tasks.put("bank-a", () -> new VerticalGuest("bank-a", t[0], random)
        .run(links.link("bank-a"), r -> { }));
    tasks.put("platform", () -> new VerticalHost("platform", t[1], random)
        .run(links.link("platform")));
    return links.runAll(tasks);
  }

  /**
   * Serves the data node's half (when there is one) over mutual TLS on 127.0.0.1 and scores
   * every trained row through the bank's scorer, in batches and one at a time.
   *
   * @param bankTable the bank's raw rows (all of them, any order)
   * @param trained the rows training scored, in the order of {@code z}
   * @param z training-time log-odds of default of {@code trained}
   */
  void scoreAndCompare(TestPki pki, PartyCredential bank, PartyCredential platform,
      ServingModel bankHalf, PartialScoreEngine engine, FeatureTable bankTable,
      FeatureTable trained, double[] z, Scorecard.Scale scale) throws Exception {
    Map<String, Integer> guestRow = new HashMap<>();
    for (int r = 0; r < bankTable.rows(); r++) {
      guestRow.put(bankTable.id(r), r);
    }
    List<CreditScorer.Application> apps = new ArrayList<>();
    for (int i = 0; i < trained.rows(); i++) {
      int r = guestRow.get(trained.id(i));
      Map<String, Double> features = new HashMap<>();
      for (String f : bankTable.schema().featureNames()) {
        features.put(f, bankTable.value(r, bankTable.schema().indexOf(f)));
      }
      apps.add(new CreditScorer.Application(trained.id(i), features));
    }
    DataNodeServer server = engine == null ? null : DataNodeServer.builder(pki.tls(platform)
        .serverBuilder("127.0.0.1", 0), engine).build().start();
    CreditScorer.Builder b = CreditScorer.builder().model(bankHalf)
        .cutOff(CutOff.maxProbabilityOfDefault(0.5)).batchSize(64)
        .deadline(Duration.ofSeconds(10)).auditLog(dir.resolve("audit.jsonl"));
    if (server != null) {
      b.dataNode("platform", "127.0.0.1:" + server.port(), pki.tls(bank));
    }
    try (CreditScorer scorer = b.build()) {
      List<ScoreResult> batch = scorer.scoreBatch(apps);
      assertEquals(trained.rows(), batch.size());
      for (int i = 0; i < batch.size(); i++) {
        ScoreOutcome.Scored s = batch.get(i).scored().orElseThrow(
            () -> new AssertionError("row not scored"));
        double pd = 1 / (1 + Math.exp(-z[i]));
        assertEquals(pd, s.probabilityOfDefault(), 1e-9, "row " + i);
        // the score in points: Siddiqi's offset - factor * log-odds, with or without WOE
        assertEquals(scale.offset() - scale.factor() * z[i], s.score(), 1e-9, "row " + i);
      }
      // the one-at-a-time path gives the same numbers
      for (int i = 0; i < 20; i++) {
        ScoreOutcome.Scored one = scorer.score(apps.get(i).enterpriseId(),
            apps.get(i).bankFeatures()).scored().orElseThrow();
        assertEquals(batch.get(i).outcome(), one);
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
