package io.fedcredit.client.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableWriter;
import io.fedcredit.core.data.FeatureSource;
import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.testing.ServingFixtures;
import io.fedcredit.core.testing.TestPki;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.proto.PartialScoreGrpc;
import io.fedcredit.proto.PartialScoreRequest;
import io.fedcredit.proto.PartialScoreResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data node's partial-score service over mutual TLS on 127.0.0.1. */
class DataNodeServerTest {
  @TempDir
  Path dir;
  TestPki pki;
  List<ServingModel> pair;
  Path csv;
  DataNodeServer server;
  ManagedChannel bankChannel;

  @BeforeEach
  void start() throws Exception {
    pki = TestPki.create("dn-fed", dir);
    pair = ServingFixtures.scorecardPair("m", 4, pki.federation());
    csv = dir.resolve("platform.csv");
    new CsvTableWriter().write(ServingFixtures.platformTable(20, 0), csv);
    FeatureSource source = FeatureSource.csv(csv, CsvOptions.unlabelled());
    PartialScoreEngine engine = new PartialScoreEngine(source.load(), source.describe());
    engine.addModel(pair.get(1));
    server = DataNodeServer.builder(pki.tls(pki.issue("platform", PartyRole.DATA_NODE))
        .serverBuilder("127.0.0.1", 0), engine)
        .watch(source, Duration.ofMillis(50)).build().start();
    bankChannel = pki.tls(pki.issue(ServingFixtures.BANK, PartyRole.BANK))
        .channel("127.0.0.1:" + server.port());
  }

  @AfterEach
  void stop() throws Exception {
    bankChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  static PartialScoreRequest request(long version, String... ids) {
    return PartialScoreRequest.newBuilder().setModelId("m").setModelVersion(version)
        .setMaxReasons(2).addAllEnterpriseIds(List.of(ids)).build();
  }

  PartialScoreGrpc.PartialScoreBlockingStub stub(ManagedChannel c) {
    return PartialScoreGrpc.newBlockingStub(c).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  @Test
  void theModelsBankGetsPartialScoresOverMutualTls() {
    PartialScoreResponse r = stub(bankChannel).score(request(4, "e-1", "e-99"));
    assertEquals(2, r.getResultsCount());
    assertTrue(r.getResults(0).getKnown());
    assertFalse(r.getResults(1).getKnown());
    assertEquals(pair.get(0).dataNodes().get(0).fingerprint(), r.getSchemaFingerprint());
  }

  @Test
  void anUnknownVersionIsATypedRefusal() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub(bankChannel).score(request(5, "e-1")));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
    assertEquals(PartialScoreEngine.Refusal.MODEL_VERSION_UNKNOWN,
        ScoringStatus.refusal(e).orElseThrow());
    assertTrue(e.getStatus().getDescription().contains("serves 'm' version 4"),
        e.getStatus().getDescription());
  }

  @Test
  void anotherBankIsRefused() throws Exception {
    ManagedChannel other = pki.tls(pki.issue("bank-b", PartyRole.BANK))
        .channel("127.0.0.1:" + server.port());
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> stub(other).score(request(4, "e-1")));
      assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
      assertEquals(PartialScoreEngine.Refusal.NOT_ALLOWED,
          ScoringStatus.refusal(e).orElseThrow());
    } finally {
      other.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aReplacedFeatureFileIsServedWithoutARestart() throws Exception {
    assertFalse(stub(bankChannel).score(request(4, "e-25")).getResults(0).getKnown());
    Path next = dir.resolve("platform.csv.next");
    new CsvTableWriter().write(ServingFixtures.platformTable(30, 0), next);
    Files.move(next, csv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    PartialScoreResponse r = stub(bankChannel).score(request(4, "e-25"));
    for (int i = 0; i < 400 && !r.getResults(0).getKnown(); i++) {
      Thread.sleep(25);
      r = stub(bankChannel).score(request(4, "e-25"));
    }
    assertTrue(r.getResults(0).getKnown(), "the new table was never swapped in");
    assertEquals(2, r.getFeaturesGeneration());
    // a broken file is refused and the last good table keeps serving
    Files.writeString(next, "id,p3,x,p1\ne-1,1,2,3\n");
    Files.move(next, csv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertThrows(RuntimeException.class, () -> server.reload());
    PartialScoreResponse after = stub(bankChannel).score(request(4, "e-25"));
    assertTrue(after.getResults(0).getKnown());
    assertEquals(2, after.getFeaturesGeneration());
  }
}
