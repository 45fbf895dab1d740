package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.BankClient;
import io.fedcredit.client.FederationException;
import io.fedcredit.client.FederationResult;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.MutualTls;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.crypto.InsecureSecretKeyAccess;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.proto.CoordinatorGrpc;
import io.fedcredit.proto.JoinRequest;
import io.fedcredit.proto.JoinResponse;
import io.fedcredit.proto.PollRequest;
import io.fedcredit.proto.RoundRef;
import io.fedcredit.proto.TableSchema;
import io.fedcredit.server.RoundController.RoundRecord;
import io.fedcredit.server.provision.TestFederation;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator and banks with provisioned kits over mutual TLS on 127.0.0.1: who gets in, who
 * is refused at the handshake, and who is refused for speaking for someone else.
 */
@Timeout(120)
class MutualTlsEndToEndTest {
  private static final List<String> FEATURES = TestTables.features(3);

  @TempDir
  Path dir;
  private Path kits;
  private MutualTls serverTls;
  private Coordinator coordinator;
  private RoundController controller;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    kits = TestFederation.provision(dir.resolve("fed"));
    serverTls = TransportSecurity.mutualTls(StartupKit.load(kits.resolve("coordinator")));
    coordinator = Coordinator.listening(serverTls, "127.0.0.1", 0,
        new FileJobStore(dir.resolve("data")));
    HorizontalJobConfig cfg = new HorizontalJobConfig("tls-job", ModelSpec.logreg(3, 5),
        FEATURES, 2, 2, Set.of(), true, 60_000, 60_000, 60_000, 2_000, null);
    TrainingConfig tc = new TrainingConfig(1, 32, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    controller = coordinator.addJob(cfg, new FedAvg(FedAvg.Config.everyone(2, tc, 11)));
    coordinator.restrictParties("tls-job", Map.of("bank-a", PartyRole.BANK,
        "bank-b", PartyRole.BANK, "platform", PartyRole.BANK));
    coordinator.start();
  }

  @AfterEach
  void stop() throws Exception {
    channels.forEach(ManagedChannel::shutdownNow);
    coordinator.stop();
  }

  @Test
  void banksWithKitsJoinOverMutualTlsAndTrainTheJob() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<BankClient> clients = new ArrayList<>();
    try {
      List<Future<FederationResult>> results = new ArrayList<>();
      for (String bank : List.of("bank-a", "bank-b")) {
        StartupKit kit = StartupKit.load(kits.resolve(bank));
        BankClient c = BankClient.builder()
            .coordinator(target(), TransportSecurity.mutualTls(kit))
            .participantId(kit.identity().partyId())
            .jobId("tls-job")
            .trainingData(TestTables.logistic(400, 3, 0.0, bank.hashCode(), bank + "-"))
            .callTimeout(Duration.ofSeconds(30))
            .build();
        clients.add(c);
        results.add(pool.submit(c::run));
      }
      for (Future<FederationResult> f : results) {
        assertEquals(List.of(1L, 2L), f.get(100, TimeUnit.SECONDS).roundsTrained());
      }
      List<RoundRecord> history = controller.history();
      assertEquals(2, history.size());
      for (RoundRecord r : history) {
        assertEquals(Set.of("bank-a", "bank-b"), Set.copyOf(r.contributors()));
      }
      assertEquals(0, serverTls.refusedHandshakes());
    } finally {
      pool.shutdownNow();
      clients.forEach(BankClient::close);
    }
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedAtTheHandshake() throws Exception {
    // same federation name, same party id, but another CA: the client trusts the real
    // coordinator, so it is the coordinator that must refuse it
    Path otherKits = TestFederation.provision(dir.resolve("impostor"));
    StartupKit real = StartupKit.load(kits.resolve("bank-a"));
    StartupKit impostor = StartupKit.load(otherKits.resolve("bank-a"));
    TransportSecurity tls = TransportSecurity.mutualTls(real.caCertificate(),
        impostor.credential(), real.revocationList());

    assertRefusedAtHandshake(tls, "bank-a");
    assertTrue(serverTls.refusedHandshakes() >= 1);
    assertFalse(controller.isMember("bank-a"));
  }

  @Test
  void aClientWithoutACertificateIsRefusedAtTheHandshake() throws Exception {
    StartupKit kit = StartupKit.load(kits.resolve("bank-a"));
    ManagedChannel ch = NettyChannelBuilder.forTarget(target())
        .sslContext(GrpcSslContexts.forClient().trustManager(kit.caCertificate()).build())
        .build();
    assertRefusedAtHandshake(ch, "bank-a");
    assertFalse(controller.isMember("bank-a"));
  }

  @Test
  void tlsBelowVersion13IsRefused() throws Exception {
    StartupKit kit = StartupKit.load(kits.resolve("bank-a"));
    ManagedChannel ch = NettyChannelBuilder.forTarget(target())
        .sslContext(GrpcSslContexts.forClient()
            .keyManager(kit.credential().privateKey(InsecureSecretKeyAccess.get()),
                kit.credential().certificate())
            .trustManager(kit.caCertificate())
            .protocols("TLSv1.2")
            .build())
        .build();
    assertRefusedAtHandshake(ch, "bank-a");
    assertFalse(controller.isMember("bank-a"));
  }

  @Test
  void aRevokedClientIsRefusedAtTheHandshakeWithoutRestartingTheCoordinator()
      throws Exception {
    StartupKit bankB = StartupKit.load(kits.resolve("bank-b"));
    JoinResponse before = stub(channel(bankB)).join(join("bank-b"));
    assertFalse(before.getSessionToken().isEmpty());

    // the operator revokes bank-b; provisioning copies the list into the coordinator's kit,
    // which the running coordinator re-reads at the next handshake
    TestFederation.provisioner().revoke(dir.resolve("fed/ca"), "bank-b",
        CRLReason.KEY_COMPROMISE);
    long refusedBefore = serverTls.refusedHandshakes();
    assertRefusedAtHandshake(TransportSecurity.mutualTls(bankB), "bank-b");
    assertTrue(serverTls.refusedHandshakes() > refusedBefore);

    // a BankClient with the revoked kit stops at once with a clear message instead of retrying
    BankClient revoked = BankClient.builder()
        .coordinator(target(), TransportSecurity.mutualTls(bankB))
        .participantId("bank-b").jobId("tls-job")
        .trainingData(TestTables.logistic(50, 3, 0.0, 1, "b-"))
        .retryBudget(Duration.ofMinutes(10))
        .build();
    try {
      FederationException fe = assertThrows(FederationException.class, revoked::run);
      assertTrue(fe.getMessage().contains("TLS handshake"), fe.getMessage());
    } finally {
      revoked.close();
    }

    // everyone else still gets in
    JoinResponse a = stub(channel(StartupKit.load(kits.resolve("bank-a")))).join(join("bank-a"));
    assertFalse(a.getSessionToken().isEmpty());
  }

  @Test
  void aClientCannotSpeakForAnotherParty() throws Exception {
    ManagedChannel asB = channel(StartupKit.load(kits.resolve("bank-b")));
    JoinResponse b = stub(asB).join(join("bank-b"));
    ManagedChannel asA = channel(StartupKit.load(kits.resolve("bank-a")));

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub(asA).join(join("bank-b")));
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("WRONG_IDENTITY"), e.toString());
    assertTrue(e.getStatus().getDescription().contains("bank-a"), e.toString());

    // even holding bank-b's session token, bank-a cannot act as bank-b
    PollRequest poll = PollRequest.newBuilder()
        .setRef(RoundRef.newBuilder().setJobId("tls-job").setParticipantId("bank-b"))
        .setSessionToken(b.getSessionToken()).build();
    StatusRuntimeException p = assertThrows(StatusRuntimeException.class,
        () -> stub(asA).pollTask(poll));
    assertEquals(Status.Code.PERMISSION_DENIED, p.getStatus().getCode());
    assertTrue(p.getStatus().getDescription().startsWith("WRONG_IDENTITY"), p.toString());
    assertFalse(controller.isMember("bank-a"));
  }

  @Test
  void thePartiesListRefusesUnlistedPartiesAndWrongRoles() throws Exception {
    StatusRuntimeException unlisted = assertThrows(StatusRuntimeException.class,
        () -> stub(channel(StartupKit.load(kits.resolve("bank-c")))).join(join("bank-c")));
    assertEquals(Status.Code.PERMISSION_DENIED, unlisted.getStatus().getCode());
    String m = unlisted.getStatus().getDescription();
    assertTrue(m.startsWith("NOT_ALLOWED") && m.contains("'bank-c' (role bank)"), m);

    // platform is listed as a bank, but its certificate says data-node
    StatusRuntimeException role = assertThrows(StatusRuntimeException.class,
        () -> stub(channel(StartupKit.load(kits.resolve("platform")))).join(join("platform")));
    String r = role.getStatus().getDescription();
    assertTrue(r.startsWith("NOT_ALLOWED") && r.contains("role data-node")
        && r.contains("only as bank"), r);

    // the coordinator's own certificate cannot join as a participant
    StatusRuntimeException coord = assertThrows(StatusRuntimeException.class, () -> stub(
        channel(StartupKit.load(kits.resolve("coordinator")))).join(join("coordinator")));
    assertTrue(coord.getStatus().getDescription().contains("coordinator certificate"),
        coord.toString());
    assertFalse(controller.isMember("bank-c") || controller.isMember("platform"));
  }

  private void assertRefusedAtHandshake(TransportSecurity tls, String party) {
    assertRefusedAtHandshake(tls.channel(target()), party);
  }

  private void assertRefusedAtHandshake(ManagedChannel ch, String party) {
    channels.add(ch);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub(ch).join(join(party)));
    // a handshake failure, not an application-level refusal
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    boolean sslFailure = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      sslFailure |= t instanceof javax.net.ssl.SSLException;
    }
    assertTrue(sslFailure, "not a TLS failure: " + e);
  }

  private ManagedChannel channel(StartupKit kit) {
    ManagedChannel ch = TransportSecurity.mutualTls(kit).channel(target());
    channels.add(ch);
    return ch;
  }

  private String target() {
    return "127.0.0.1:" + coordinator.port();
  }

  private static CoordinatorGrpc.CoordinatorBlockingStub stub(ManagedChannel ch) {
    return CoordinatorGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static JoinRequest join(String participant) {
    return JoinRequest.newBuilder().setJobId("tls-job").setParticipantId(participant)
        .setSchema(TableSchema.newBuilder().addAllFeatureNames(FEATURES).setHasLabel(true))
        .build();
  }
}
