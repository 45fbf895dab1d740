package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.fedcredit.client.BankClient;
import io.fedcredit.client.FederationException;
import io.fedcredit.client.FederationResult;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.logging.LogFormat;
import io.fedcredit.core.testing.ConsoleCapture;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.wire.PaillierWire;
import io.fedcredit.crypto.kex.AgreementKeyPair;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.pki.KeyAuthentication;
import io.fedcredit.crypto.pki.KeyBindingException;
import io.fedcredit.crypto.pki.KeyBindingException.Reason;
import io.fedcredit.proto.PartyKeys;
import io.fedcredit.proto.Task;
import io.fedcredit.server.provision.TestFederation;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys bound to certificates, end to end over mutual TLS on 127.0.0.1: an honest job with
 * certificates gives the very aggregate an unauthenticated one gives, and a coordinator that
 * tampers with the keys it relays (an interceptor rewriting the tasks it sends) is refused by the
 * banks with a {@link KeyBindingException} naming the check.
 */
@Timeout(240)
class KeyBindingEndToEndTest {
  private static final List<String> BANKS = List.of("bank-a", "bank-b", "bank-c");
  private final SecureRandom random = new SecureRandom();

  @TempDir
  Path dir;
  private Path kits;

  @BeforeEach
  void provision() throws Exception {
    kits = TestFederation.provision(dir.resolve("fed"));
  }

  /** The coordinator's view of a job, or the error each bank ended with. */
  private record Outcome(GlobalModel server, Map<String, Object> banks) {
    Throwable failure(String bank) {
      return (Throwable) banks.get(bank);
    }
  }

  /**
   * Runs a 2-round job of the three banks. {@code tls}: over mutual TLS with the kits, else
   * plaintext. {@code mitm} rewrites every task the coordinator sends.
   */
  private Outcome run(String job, boolean tls, SecureAggregationConfig secagg,
      PaillierAggregationConfig paillier, UnaryOperator<Task> mitm,
      Map<String, KeyAuthentication> keyAuthOverride, Set<String> awaited) throws Exception {
    HorizontalJobConfig cfg = new HorizontalJobConfig(job, ModelSpec.logreg(4, 5),
        TestTables.features(4), 2, 3, Set.copyOf(BANKS), true, 90_000, 60_000, 90_000, 1_000,
        secagg, paillier);
    TrainingConfig tc = new TrainingConfig(1, 32, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    TransportSecurity server = tls
        ? TransportSecurity.mutualTls(StartupKit.load(kits.resolve("coordinator")))
        : TransportSecurity.plaintextForTesting();
    Coordinator coordinator = new Coordinator(server.serverBuilder("127.0.0.1", 0)
        .intercept(tampering(mitm)), new FileJobStore(dir.resolve(job + (tls ? "-tls" : ""))),
        System::currentTimeMillis, server.keyAuthentication());
    RoundController controller = coordinator.addJob(cfg,
        new FedAvg(FedAvg.Config.everyone(3, tc, 11)));
    coordinator.start();
    ExecutorService pool = Executors.newFixedThreadPool(BANKS.size());
    List<BankClient> clients = new ArrayList<>();
    try {
      Map<String, Future<FederationResult>> results = new java.util.LinkedHashMap<>();
      for (int i = 0; i < BANKS.size(); i++) {
        String bank = BANKS.get(i);
        FeatureTable data = TestTables.logistic(300 + 200 * i, 4, 0.2 * i, i + 1, bank + "-");
        BankClient.Builder b = BankClient.builder().jobId(job).participantId(bank)
            .trainingData(data).callTimeout(Duration.ofSeconds(30))
            .retryBudget(Duration.ofSeconds(10));
        String target = "127.0.0.1:" + coordinator.port();
        b.coordinator(target, tls
            ? TransportSecurity.mutualTls(StartupKit.load(kits.resolve(bank)))
            : TransportSecurity.plaintextForTesting());
        if (keyAuthOverride.containsKey(bank)) {
          b.keyAuthentication(keyAuthOverride.get(bank));
        }
        BankClient c = b.build();
        clients.add(c);
        results.put(bank, pool.submit(c::run));
      }
      Map<String, Object> banks = new ConcurrentHashMap<>();
      for (Map.Entry<String, Future<FederationResult>> e : results.entrySet()) {
        if (!awaited.contains(e.getKey())) {
          continue;
        }
        try {
          banks.put(e.getKey(), e.getValue().get(120, TimeUnit.SECONDS).model());
        } catch (ExecutionException ex) {
          banks.put(e.getKey(), ex.getCause());
        }
      }
      GlobalModel fin = banks.size() == BANKS.size()
          && banks.values().stream().allMatch(GlobalModel.class::isInstance)
          ? controller.result().get(10, TimeUnit.SECONDS) : null;
      return new Outcome(fin, banks);
    } finally {
      pool.shutdownNow();
      clients.forEach(BankClient::close);
      coordinator.stop();
    }
  }

  /** An honest job (all banks awaited). */
  private Outcome run(String job, boolean tls, SecureAggregationConfig secagg,
      PaillierAggregationConfig paillier) throws Exception {
    return run(job, tls, secagg, paillier, t -> t, Map.of(), Set.copyOf(BANKS));
  }

  /** A job over mutual TLS in which only {@code awaited} are expected to end (by refusing). */
  private Outcome tampered(String job, SecureAggregationConfig secagg,
      PaillierAggregationConfig paillier, UnaryOperator<Task> mitm, String... awaited)
      throws Exception {
    return run(job, true, secagg, paillier, mitm, Map.of(), Set.of(awaited));
  }

  /** An interceptor that rewrites every {@link Task} the coordinator answers a poll with. */
  private static ServerInterceptor tampering(UnaryOperator<Task> mitm) {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call,
          Metadata headers, ServerCallHandler<Q, R> next) {
        return next.startCall(new SimpleForwardingServerCall<>(call) {
          @Override
          @SuppressWarnings("unchecked")
          public void sendMessage(R message) {
            super.sendMessage(message instanceof Task t ? (R) mitm.apply(t) : message);
          }
        }, headers);
      }
    };
  }

  private static KeyBindingException bindingFailure(Throwable t) {
    assertInstanceOf(FederationException.class, t, String.valueOf(t));
    return assertInstanceOf(KeyBindingException.class, t.getCause(), t.getMessage());
  }

  @Test
  void certifiedSecureAggregationGivesTheUnauthenticatedAggregateBitForBit() throws Exception {
    Outcome certified = run("sa", true, SecureAggregationConfig.defaults(), null);
    Outcome plain = run("sa", false, SecureAggregationConfig.defaults(), null);
    assertArrayEquals(plain.server().parameters(), certified.server().parameters(), 0.0);
    for (String bank : BANKS) {
      assertArrayEquals(certified.server().parameters(),
          ((GlobalModel) certified.banks().get(bank)).parameters(), 0.0);
    }
  }

  @Test
  void certifiedPaillierAggregationGivesTheUnauthenticatedAggregateBitForBit() throws Exception {
    PaillierAggregationConfig pa = PaillierAggregationConfig.defaults().withKeyHolder("bank-b");
    Outcome certified = run("pa", true, null, pa);
    Outcome plain = run("pa", false, null, pa);
    assertArrayEquals(plain.server().parameters(), certified.server().parameters(), 0.0);
  }

  /** Rewrites bank-b's entry in the roster of every shares task. */
  private static UnaryOperator<Task> rosterEntryOfBankB(UnaryOperator<PartyKeys> change) {
    return t -> {
      if (!t.hasSecaggShares()) {
        return t;
      }
      Task.Builder b = t.toBuilder();
      var roster = b.getSecaggSharesBuilder().getRosterBuilder();
      for (int i = 0; i < roster.getPartiesCount(); i++) {
        if (roster.getParties(i).getParty().equals("bank-b")) {
          roster.setParties(i, change.apply(roster.getParties(i)));
        }
      }
      return b.build();
    };
  }

  @Test
  void aCoordinatorSubstitutingABanksRoundKeyIsRefused() throws Exception {
    byte[] mitm = AgreementKeyPair.generate(random).publicKey();
    Outcome o = tampered("sub", SecureAggregationConfig.defaults(), null, rosterEntryOfBankB(
        k -> k.toBuilder().setEnvelopeKey(ByteString.copyFrom(mitm)).build()), "bank-a",
        "bank-c");
    for (String bank : List.of("bank-a", "bank-c")) {
      KeyBindingException e = bindingFailure(o.failure(bank));
      assertEquals(Reason.BAD_SIGNATURE, e.reason());
      assertEquals("bank-b", e.party());
    }
  }

  @Test
  void aCoordinatorStrippingSignaturesIsRefused() throws Exception {
    Outcome o = tampered("strip", SecureAggregationConfig.defaults(), null,
        rosterEntryOfBankB(k -> k.toBuilder().clearAttestation().build()), "bank-a");
    assertEquals(Reason.UNSIGNED, bindingFailure(o.failure("bank-a")).reason());
  }

  @Test
  void aCoordinatorReplayingLastRoundsKeysIsRefused() throws Exception {
    Map<String, PartyKeys> round1 = new ConcurrentHashMap<>();
    Outcome o = tampered("replay", SecureAggregationConfig.defaults(), null,
        rosterEntryOfBankB(k -> {
          PartyKeys first = round1.putIfAbsent("bank-b", k);
          return first == null ? k : first; // round 1 honest, round 2 gets round 1's keys
        }), "bank-a");
    KeyBindingException e = bindingFailure(o.failure("bank-a"));
    assertEquals(Reason.BAD_SIGNATURE, e.reason());
    assertTrue(e.getMessage().contains("session 2"), e.getMessage());
  }

  @Test
  void aCoordinatorSubstitutingThePaillierKeyIsRefused() throws Exception {
    var forged = PaillierWire.toProto(
        PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048).publicKey());
    Outcome o = tampered("pk", null,
        PaillierAggregationConfig.defaults().withKeyHolder("bank-b"), t -> {
          if (!t.hasFit() || !t.getFit().hasEncryption()) {
            return t;
          }
          Task.Builder b = t.toBuilder();
          b.getFitBuilder().getEncryptionBuilder().setKey(forged);
          return b.build();
        }, "bank-a", "bank-c");
    for (String bank : List.of("bank-a", "bank-c")) {
      KeyBindingException e = bindingFailure(o.failure(bank));
      assertEquals(Reason.BAD_SIGNATURE, e.reason());
      assertEquals("bank-b", e.party());
    }
  }

  @Test
  void theCoordinatorRefusesUnsignedKeysFromABankUnderMutualTls() throws Exception {
    Outcome o = run("unsigned", true, SecureAggregationConfig.defaults(), null, t -> t,
        Map.of("bank-c", KeyAuthentication.unauthenticated()), Set.of("bank-c"));
    Throwable t = o.failure("bank-c");
    assertInstanceOf(FederationException.class, t);
    assertTrue(t.getMessage().contains("PERMISSION_DENIED")
        && t.getMessage().contains("UNBOUND_KEY"), t.getMessage());
  }

  /**
   * A certified secure job with its console in JSON at DEBUG: every line is one JSON object, the
   * banks' and the coordinator's lines carry the job (and party or round where known) in the MDC,
   * and no line carries a kit's private key, in PEM, base64 or hex.
   */
  @Test
  void jsonLogsOfACertifiedJobCarryTheJobAndPartyAndNoKeyMaterial() throws Exception {
    ch.qos.logback.classic.Logger fedcredit = (ch.qos.logback.classic.Logger)
        org.slf4j.LoggerFactory.getLogger("io.fedcredit");
    ch.qos.logback.classic.Level before = fedcredit.getLevel();
    fedcredit.setLevel(ch.qos.logback.classic.Level.DEBUG);
    List<String> lines;
    try {
      lines = ConsoleCapture.run(LogFormat.JSON,
          () -> run("logs", true, SecureAggregationConfig.defaults(), null)).lines();
    } finally {
      fedcredit.setLevel(before);
    }
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.Set<String> parties = new java.util.TreeSet<>();
    int withRound = 0;
    int coordinatorLines = 0;
    for (String line : lines) {
      var node = json.readTree(line); // throws unless the line is one JSON object
      assertTrue(node.isObject() && node.has("formattedMessage"), line);
      var mdc = node.get("mdc");
      String logger = node.get("loggerName").asText();
      if (logger.endsWith("BankClient")) {
        assertEquals("logs", mdc.get("job").asText(), line);
        parties.add(mdc.get("party").asText());
        withRound += mdc.has("round") ? 1 : 0;
      } else if (logger.endsWith("RoundController") && mdc != null && mdc.has("job")) {
        coordinatorLines++;
      }
    }
    assertEquals(Set.copyOf(BANKS), parties);
    assertTrue(withRound > 0 && coordinatorLines > 0, withRound + " " + coordinatorLines);
    String all = String.join("\n", lines);
    assertTrue(!all.contains("PRIVATE KEY"), "a PEM private key was logged");
    for (String party : List.of("coordinator", "bank-a", "bank-b", "bank-c")) {
      String pem = java.nio.file.Files.readString(kits.resolve(party).resolve(party
          + "-key.pem"));
      String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      byte[] der = java.util.Base64.getDecoder().decode(b64);
      // the private scalar sits at the end of the PKCS#8 encoding: search its last 24 bytes
      byte[] tail = java.util.Arrays.copyOfRange(der, der.length - 24, der.length);
      for (String encoding : List.of(b64.substring(b64.length() - 32),
          java.util.HexFormat.of().formatHex(tail),
          java.util.Base64.getEncoder().encodeToString(tail))) {
        assertTrue(!all.contains(encoding), party + "'s private key appears in the logs");
      }
    }
  }
}
