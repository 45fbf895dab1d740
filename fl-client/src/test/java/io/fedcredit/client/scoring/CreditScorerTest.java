package io.fedcredit.client.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.serving.BankScoring;
import io.fedcredit.core.serving.CutOff;
import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.serving.ScoreOutcome;
import io.fedcredit.core.serving.ScoreResult;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.testing.ServingFixtures;
import io.fedcredit.core.testing.TestPki;
import io.fedcredit.core.transport.MutualTls;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.proto.PartialScoreRequest;
import io.fedcredit.proto.PartialScoreResponse;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank's scorer against data nodes on 127.0.0.1 over mutual TLS: scores, batches, several
 * data nodes in parallel, the audit log, and each typed failure (assertions on the outcome's
 * type, never on a time).
 */
class CreditScorerTest {
  @TempDir
  Path dir;
  TestPki pki;
  MutualTls bankTls;
  final List<DataNodeServer> servers = new ArrayList<>();
  final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    pki = TestPki.create("scorer-fed", dir);
    bankTls = pki.tls(pki.issue(ServingFixtures.BANK, PartyRole.BANK));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    servers.forEach(DataNodeServer::close);
  }

  DataNodeServer dataNode(String party, ServingModel half, ServerInterceptor... faults)
      throws IOException {
    PartialScoreEngine engine = new PartialScoreEngine(ServingFixtures.platformTable(40, 0),
        "fixture");
    engine.addModel(half);
    DataNodeServer.Builder b = DataNodeServer.builder(pki.tls(pki.issue(party,
        PartyRole.DATA_NODE)).serverBuilder("127.0.0.1", 0), engine);
    for (ServerInterceptor f : faults) {
      b.intercept(f);
    }
    DataNodeServer s = b.build().start();
    servers.add(s);
    return s;
  }

  CreditScorer scorer(ServingModel bankHalf, Map<String, Integer> ports, Duration deadline)
      throws IOException {
    CreditScorer.Builder b = CreditScorer.builder().model(bankHalf)
        .cutOff(CutOff.minScore(150)).reasonCodes(3).deadline(deadline).batchDeadline(deadline)
        .batchSize(7)
        .auditLog(dir.resolve("audit.jsonl"));
    ports.forEach((party, port) -> b.dataNode(party, "127.0.0.1:" + port, bankTls));
    CreditScorer s = b.build();
    closing.add(s);
    return s;
  }

  /** What the pure engine and bank scoring say, without sockets. */
  static ScoreOutcome expected(List<ServingModel> model, int applicant) {
    BankScoring bank = new BankScoring(model.get(0), CutOff.minScore(150), 3);
    List<io.fedcredit.proto.PartialResult> remote = new ArrayList<>();
    for (ServingModel node : model.subList(1, model.size())) {
      PartialScoreEngine e = new PartialScoreEngine(ServingFixtures.platformTable(40, 0), "t");
      e.addModel(node);
      PartialScoreResponse r = e.score(PartialScoreRequest.newBuilder()
          .setModelId(node.modelId()).setModelVersion(node.version()).setMaxReasons(3)
          .addEnterpriseIds("e-" + applicant).build(), Optional.empty());
      remote.add(r.getResults(0));
    }
    return bank.score(bank.bankValues(ServingFixtures.bankApplicant(applicant)), remote);
  }

  /** Applicants e-0 .. e-(n-1) with their bank features. */
  static List<CreditScorer.Application> applicants(int n) {
    List<CreditScorer.Application> apps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      apps.add(new CreditScorer.Application("e-" + i, ServingFixtures.bankApplicant(i)));
    }
    return apps;
  }

  /** A port on 127.0.0.1 where nothing listens. */
  static int closedPort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  List<JsonNode> audit() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(dir.resolve("audit.jsonl"))) {
      out.add(json.readTree(line));
    }
    return out;
  }

  @Test
  void scoresOneApplicantAndAuditsTheDecision() throws Exception {
    List<ServingModel> m = ServingFixtures.scorecardPair("m", 2, pki.federation());
    DataNodeServer node = dataNode("platform", m.get(1));
    ScoreResult r;
    try (CreditScorer s = scorer(m.get(0), Map.of("platform", node.port()),
        Duration.ofSeconds(5))) {
      r = s.score("e-3", ServingFixtures.bankApplicant(3));
    }
    assertEquals(expected(m, 3), r.outcome());
    assertEquals(List.of("bank", "platform", "total"), List.copyOf(r.micros().keySet()));
    List<JsonNode> lines = audit();
    assertEquals(1, lines.size());
    JsonNode a = lines.get(0);
    ScoreOutcome.Scored s = r.scored().orElseThrow();
    assertEquals("e-3", a.get("enterprise").asText());
    assertEquals("m", a.get("model").asText());
    assertEquals(2, a.get("version").asLong());
    assertEquals("SCORED", a.get("outcome").asText());
    assertEquals(s.decision().name(), a.get("decision").asText());
    assertEquals(s.score(), a.get("score").asDouble(), 0);
    assertEquals(s.probabilityOfDefault(), a.get("pd").asDouble(), 0);
    assertTrue(a.get("micros").has("platform"));
    // what the audit line holds, and nothing else: no feature values
    Set<String> keys = new HashSet<>();
    a.fieldNames().forEachRemaining(keys::add);
    assertEquals(Set.of("time", "model", "version", "enterprise", "outcome", "decision", "pd",
        "score", "reasons", "micros"), keys);
  }

  @Test
  void aPortfolioGoesInBatchesAndMatchesSingleScores() throws Exception {
    List<ServingModel> m = ServingFixtures.scorecardPair("m", 2, pki.federation());
    DataNodeServer node = dataNode("platform", m.get(1));
    CreditScorer s = scorer(m.get(0), Map.of("platform", node.port()), Duration.ofSeconds(5));
    List<CreditScorer.Application> apps = applicants(45);
    List<ScoreResult> out = s.scoreBatch(apps);
    assertEquals(45, out.size());
    for (int i = 0; i < 45; i++) {
      assertEquals("e-" + i, out.get(i).enterpriseId());
      if (i < 40) {
        assertEquals(expected(m, i), out.get(i).outcome(), "applicant " + i);
      } else {
        assertEquals(new ScoreOutcome.EnterpriseUnknown("platform"), out.get(i).outcome());
      }
    }
    s.close();
    assertEquals(45, audit().size());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> s.scoreBatch(List.of(apps.get(0), new CreditScorer.Application("e-1",
            Map.of("b1", 1.0)))));
    assertTrue(bad.getMessage().contains("application 1 (enterprise 'e-1'): bank feature 'b2'"),
        bad.getMessage());
  }

  @Test
  void severalDataNodesAreAskedInParallel() throws Exception {
    List<ServingModel> m = ServingFixtures.twoNodeScorecard("m2", 1, pki.federation());
    // each node holds its answer until both have been asked: calls made one after the other
    // would leave the first waiting past the deadline
    CountDownLatch bothAsked = new CountDownLatch(2);
    ServerInterceptor rendezvous = new HoldUntil(bothAsked, Duration.ofSeconds(15));
    DataNodeServer a = dataNode("platform-a", m.get(1), rendezvous);
    DataNodeServer b = dataNode("platform-b", m.get(2), rendezvous);
    CreditScorer s = scorer(m.get(0), Map.of("platform-a", a.port(), "platform-b", b.port()),
        Duration.ofSeconds(10));
    ScoreResult r = s.score("e-5", ServingFixtures.bankApplicant(5));
    assertEquals(expected(m, 5), r.outcome());
    assertEquals(List.of("bank", "platform-a", "platform-b", "total"),
        List.copyOf(r.micros().keySet()));
  }

  @Test
  void aDataNodeThatIsDownIsATypedOutcome() throws Exception {
    List<ServingModel> m = ServingFixtures.scorecardPair("m", 2, pki.federation());
    int closedPort = closedPort();
    CreditScorer s = scorer(m.get(0), Map.of("platform", closedPort), Duration.ofSeconds(2));
    ScoreResult r = s.score("e-1", ServingFixtures.bankApplicant(1));
    assertInstanceOf(ScoreOutcome.DataNodeUnavailable.class, r.outcome());
    assertEquals("platform", r.outcome().dataNode());
    s.close();
    assertEquals("DATA_NODE_UNAVAILABLE", audit().get(0).get("outcome").asText());
  }

  @Test
  void aDataNodeSlowerThanTheDeadlineIsATypedOutcome() throws Exception {
    List<ServingModel> m = ServingFixtures.scorecardPair("m", 2, pki.federation());
    DataNodeServer node = dataNode("platform", m.get(1),
        new HoldUntil(new CountDownLatch(1_000), Duration.ofSeconds(3)));
    CreditScorer s = scorer(m.get(0), Map.of("platform", node.port()), Duration.ofMillis(300));
    ScoreResult r = s.score("e-1", ServingFixtures.bankApplicant(1));
    assertInstanceOf(ScoreOutcome.DeadlineExceeded.class, r.outcome());
    Duration given = ((ScoreOutcome.DeadlineExceeded) r.outcome()).deadline();
    assertTrue(given.compareTo(Duration.ofMillis(300)) <= 0 && !given.isNegative(),
        given.toString());
    // a batch whose call times out gives every applicant of that batch the same outcome
    List<ScoreResult> batch = s.scoreBatch(List.of(
        new CreditScorer.Application("e-1", ServingFixtures.bankApplicant(1)),
        new CreditScorer.Application("e-2", ServingFixtures.bankApplicant(2))));
    assertTrue(batch.stream().allMatch(x -> x.outcome() instanceof ScoreOutcome.DeadlineExceeded),
        batch.toString());
  }

  @Test
  void anUnknownModelVersionOrAnotherSchemaIsAMismatch() throws Exception {
    List<ServingModel> served = ServingFixtures.scorecardPair("m", 4, pki.federation());
    DataNodeServer node = dataNode("platform", served.get(1));
    ServingModel newer = ServingFixtures.scorecardPair("m", 5, pki.federation()).get(0);
    CreditScorer s = scorer(newer, Map.of("platform", node.port()), Duration.ofSeconds(5));
    ScoreResult r = s.score("e-1", ServingFixtures.bankApplicant(1));
    assertInstanceOf(ScoreOutcome.ModelVersionMismatch.class, r.outcome());
    assertTrue(r.outcome().detail().contains("MODEL_VERSION_UNKNOWN"), r.outcome().detail());
    // same id and version, but the data node's half has other bins than the bank expects
    ServingModel otherSchema = ServingFixtures.rawPair("m", 4, pki.federation()).get(1);
    node.engine().addModel(otherSchema);
    ScoreResult r2 = scorer(served.get(0), Map.of("platform", node.port()),
        Duration.ofSeconds(5)).score("e-1", ServingFixtures.bankApplicant(1));
    assertInstanceOf(ScoreOutcome.ModelVersionMismatch.class, r2.outcome());
    assertTrue(r2.outcome().detail().contains("another schema"), r2.outcome().detail());
  }

  @Test
  void noDecisionWithoutItsAuditLineAndNoScorerWithoutItsDataNodes() throws Exception {
    List<ServingModel> m = ServingFixtures.scorecardPair("m", 2, pki.federation());
    DataNodeServer node = dataNode("platform", m.get(1));
    AuditLog log = AuditLog.open(dir.resolve("closed.jsonl"));
    CreditScorer s = CreditScorer.builder().model(m.get(0)).cutOff(CutOff.minScore(0))
        .dataNode("platform", "127.0.0.1:" + node.port(), bankTls).auditLog(log).build();
    closing.add(s);
    log.close();
    assertThrows(FedCreditException.class,
        () -> s.score("e-1", ServingFixtures.bankApplicant(1)));
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> CreditScorer.builder().model(m.get(0)).cutOff(CutOff.minScore(0))
            .auditLog(log).build());
    assertTrue(none.getMessage().contains("needs data node 'platform'"), none.getMessage());
    IllegalArgumentException noAudit = assertThrows(IllegalArgumentException.class,
        () -> CreditScorer.builder().model(m.get(0)).cutOff(CutOff.minScore(0)).build());
    assertTrue(noAudit.getMessage().contains("auditLog"), noAudit.getMessage());
    assertFalse(Files.readString(dir.resolve("closed.jsonl")).contains("e-1"));
  }

  @Test
  void aTreeModelScoresWithTheSameOutcomesAndAuditLines() throws Exception {
    List<ServingModel> m = ServingFixtures.treePair("t", 3, pki.federation(), 0);
    DataNodeServer node = dataNode("platform", m.get(1));
    CreditScorer s = scorer(m.get(0), Map.of("platform", node.port()), Duration.ofSeconds(5));
    List<CreditScorer.Application> apps = applicants(44);
    List<ScoreResult> out = s.scoreBatch(apps);
    boolean platformReason = false;
    for (int i = 0; i < 44; i++) {
      if (i < 40) {
        assertEquals(expected(m, i), out.get(i).outcome(), "applicant " + i);
        platformReason |= out.get(i).scored().orElseThrow().reasons().stream()
            .anyMatch(r -> r.feature().equals("platform/*"));
      } else {
        assertEquals(new ScoreOutcome.EnterpriseUnknown("platform"), out.get(i).outcome());
      }
    }
    assertTrue(platformReason, "no reason code names the data node");
    ScoreResult one = s.score("e-7", ServingFixtures.bankApplicant(7));
    assertEquals(out.get(7).outcome(), one.outcome());
    assertEquals(List.of("bank", "platform", "total"), List.copyOf(one.micros().keySet()));
    s.close();
    JsonNode a = audit().get(0);
    assertEquals("t", a.get("model").asText());
    assertEquals(3, a.get("version").asLong());
    assertEquals("SCORED", a.get("outcome").asText());
    assertTrue(a.get("micros").has("platform") && a.get("reasons").isArray(), a.toString());

    // another version, another split table under the same id and version: typed mismatches
    ServingModel newer = ServingFixtures.treePair("t", 4, pki.federation(), 0).get(0);
    ScoreResult r = scorer(newer, Map.of("platform", node.port()), Duration.ofSeconds(5))
        .score("e-1", ServingFixtures.bankApplicant(1));
    assertInstanceOf(ScoreOutcome.ModelVersionMismatch.class, r.outcome());
    assertTrue(r.outcome().detail().contains("MODEL_VERSION_UNKNOWN"), r.outcome().detail());
    node.engine().addModel(ServingFixtures.treePair("t", 3, pki.federation(), 9).get(1));
    ScoreResult r2 = scorer(m.get(0), Map.of("platform", node.port()), Duration.ofSeconds(5))
        .score("e-1", ServingFixtures.bankApplicant(1));
    assertInstanceOf(ScoreOutcome.ModelVersionMismatch.class, r2.outcome());
    assertTrue(r2.outcome().detail().contains("another schema"), r2.outcome().detail());
  }

  @Test
  void aTreeModelsDataNodeDownOrSlowIsATypedOutcome() throws Exception {
    List<ServingModel> m = ServingFixtures.treePair("t", 1, pki.federation(), 0);
    int closedPort = closedPort();
    ScoreResult down = scorer(m.get(0), Map.of("platform", closedPort), Duration.ofSeconds(2))
        .score("e-1", ServingFixtures.bankApplicant(1));
    assertInstanceOf(ScoreOutcome.DataNodeUnavailable.class, down.outcome());
    assertEquals("platform", down.outcome().dataNode());
    DataNodeServer slow = dataNode("platform", m.get(1),
        new HoldUntil(new CountDownLatch(1_000), Duration.ofSeconds(3)));
    ScoreResult late = scorer(m.get(0), Map.of("platform", slow.port()), Duration.ofMillis(300))
        .score("e-1", ServingFixtures.bankApplicant(1));
    assertInstanceOf(ScoreOutcome.DeadlineExceeded.class, late.outcome());
  }

  @Test
  void aWholeTreeModelIsScoredWithoutDataNodes() throws Exception {
    ServingModel whole = io.fedcredit.core.serving.ServingExport.wholeTrees(
        ServingFixtures.wholeTrees(), "w", 1, ServingFixtures.BANK, pki.federation(), "w",
        Map.of());
    CreditScorer s = scorer(whole, Map.of(), Duration.ofSeconds(1));
    BankScoring bank = new BankScoring(whole, CutOff.minScore(150), 3);
    for (int i = 0; i < 10; i++) {
      ScoreResult r = s.score("w-" + i, ServingFixtures.wholeApplicant(i));
      assertEquals(bank.score(bank.bankValues(ServingFixtures.wholeApplicant(i)), List.of()),
          r.outcome());
      assertEquals(List.of("bank", "total"), List.copyOf(r.micros().keySet()));
    }
    IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
        () -> scorer(whole, Map.of("platform", 1), Duration.ofSeconds(1)));
    assertTrue(stray.getMessage().contains("not part of"), stray.getMessage());
  }

  /** Counts each call down on the latch, holds it until the latch opens or at most a while. */
  static final class HoldUntil implements ServerInterceptor {
    private final CountDownLatch latch;
    private final Duration most;

    HoldUntil(CountDownLatch latch, Duration most) {
      this.latch = latch;
      this.most = most;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
          next.startCall(call, headers)) {
        @Override
        public void onHalfClose() {
          latch.countDown();
          try {
            latch.await(most.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          super.onHalfClose();
        }
      };
    }
  }
}
