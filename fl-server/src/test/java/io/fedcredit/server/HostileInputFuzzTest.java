package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.fedcredit.client.BankClient;
import io.fedcredit.client.ClientListener;
import io.fedcredit.client.FederationResult;
import io.fedcredit.client.VerticalClient;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.FederatedModel.TrainingResult;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.relay.Envelope;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.vertical.HeteroLrConfig;
import io.fedcredit.core.vertical.VerticalHost;
import io.fedcredit.core.vertical.VerticalJobConfig;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.proto.CoordinatorGrpc;
import io.fedcredit.proto.DownloadRequest;
import io.fedcredit.proto.EvaluationReport;
import io.fedcredit.proto.JoinRequest;
import io.fedcredit.proto.JoinResponse;
import io.fedcredit.proto.LeaveRequest;
import io.fedcredit.proto.OwnedShare;
import io.fedcredit.proto.PaillierKey;
import io.fedcredit.proto.PaillierKeySubmission;
import io.fedcredit.proto.PartyKeys;
import io.fedcredit.proto.PollRequest;
import io.fedcredit.proto.RelayEnvelope;
import io.fedcredit.proto.RelayReceiveRequest;
import io.fedcredit.proto.RelayRegisterRequest;
import io.fedcredit.proto.RelayRegisterResponse;
import io.fedcredit.proto.RelaySendRequest;
import io.fedcredit.proto.RoundRef;
import io.fedcredit.proto.ScoreHistogram;
import io.fedcredit.proto.SealedEnvelope;
import io.fedcredit.proto.SecAggSubmission;
import io.fedcredit.proto.SharesOut;
import io.fedcredit.proto.TableSchema;
import io.fedcredit.proto.UnmaskShares;
import io.fedcredit.proto.UpdateChunk;
import io.fedcredit.proto.UpdateHeader;
import io.fedcredit.proto.UpdateKind;
import io.fedcredit.proto.ValuesChunk;
import io.fedcredit.proto.VerticalRelayGrpc;
import io.grpc.CallOptions;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against a running coordinator on 127.0.0.1: a horizontal job paused in round 1
 * (both banks have trained and wait in their listener) and a vertical job whose arbiter waits for
 * its parties. A fuzzer sends every RPC of both services (a) random bytes and random protobuf
 * messages and (b) mutations of valid messages recorded from the banks or built from the job's
 * state: bit flips, truncation, appended garbage, field swaps, huge values, NaN/Inf, wrong round,
 * job or participant, replays, stale and future rounds, chunk streams reordered, repeated or cut.
 *
 * <p>The fuzzer plays "mallory", a party admitted to the horizontal job that has joined, so its
 * messages get past authentication and reach the protocol's own checks. Under plaintext transport
 * a valid session token <em>is</em> the participant, so the fuzzer never sends another party's
 * intact token, never joins or registers as a party that has a session, and never sends its own
 * valid Leave: those are legitimate requests, not hostile ones (mutual TLS is what stops a party
 * speaking for another; see {@link MutualTlsEndToEndTest}).
 *
 * <p>It then shows: no call ended in an internal error (a crash of a handler), the round, phase,
 * model parameters, history and participant list are unchanged, no envelope reached a mailbox,
 * and the banks and the vertical parties complete their jobs. Counts are printed for the report.
 * The default run sends {@value #DEFAULT_MESSAGES} messages; the {@code slow} test sends more.
 */
class HostileInputFuzzTest {
  static final int DEFAULT_MESSAGES = 2500;
  private static final String JOB = "fuzz-h";
  private static final String VJOB = "fuzz-v";
  private static final String MALLORY = "mallory";
  private static final long DEADLINE_MS = 400;

  @TempDir
  Path dir;

  @Test
  @Timeout(300)
  void coordinatorSurvivesHostileTrafficAndJobStateIsUnchanged() throws Exception {
    run(DEFAULT_MESSAGES, 20261130L);
  }

  @Test
  @Tag("slow")
  @Timeout(1800)
  void aLongerFuzzRun() throws Exception {
    run(Integer.getInteger("fuzz.messages", 40_000), System.nanoTime());
  }

  private void run(int messages, long seed) throws Exception {
    Recorder recorder = new Recorder();
    List<String> features = TestTables.features(4);
    HorizontalJobConfig cfg = new HorizontalJobConfig(JOB, ModelSpec.logreg(4, 5), features, 2, 2,
        Set.of("bank-a", "bank-b", MALLORY), true, 600_000, 600_000, 600_000, 100, null, null);
    TrainingConfig tc = new TrainingConfig(1, 32, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    Coordinator coordinator = new Coordinator(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).intercept(recorder),
        new FileJobStore(dir), System::currentTimeMillis);
    RoundController controller = coordinator.addJob(cfg,
        new FedAvg(FedAvg.Config.everyone(2, tc, 11)));
    coordinator.start();
    String target = "127.0.0.1:" + coordinator.port();
    List<Envelope> relayed = Collections.synchronizedList(new ArrayList<>());
    VerticalJobConfig vcfg = VerticalJobConfig.of(VJOB, "bank", "platform",
        new HeteroLrConfig(1, 64, 0.3, 0.5, 1e-3, 1e-6, 5, 10, 24, 40, 64));
    VerticalJobs.Running vjob = coordinator.verticalJobs().start(vcfg,
        PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048), relayed::add, r -> { });

    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch paused = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    List<BankClient> banks = new ArrayList<>();
    ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      List<Future<FederationResult>> results = new ArrayList<>();
      String[] names = {"bank-a", "bank-b"};
      for (int i = 0; i < 2; i++) {
        ClientListener pauseAfterRound1 = new ClientListener() {
          @Override
          public void onTrained(long round, TrainingResult result, long millis) {
            if (round == 1) {
              paused.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
        BankClient c = BankClient.builder()
            .coordinator(target, TransportSecurity.plaintextForTesting())
            .jobId(JOB).participantId(names[i])
            .trainingData(TestTables.logistic(600, 4, 0.3 * i, i + 1, names[i] + "-"))
            .callTimeout(Duration.ofSeconds(30)).listener(pauseAfterRound1).build();
        banks.add(c);
        results.add(pool.submit(c::run));
      }
      assertTrue(paused.await(120, TimeUnit.SECONDS), "the banks did not train round 1");

      // mallory joins (the fuzzer's own session); the vertical parties register
      CoordinatorGrpc.CoordinatorBlockingStub coord = CoordinatorGrpc.newBlockingStub(channel);
      JoinResponse joined = coord.withDeadlineAfter(10, TimeUnit.SECONDS).join(
          JoinRequest.newBuilder().setJobId(JOB).setParticipantId(MALLORY)
              .setSchema(TableSchema.newBuilder().addAllFeatureNames(features).setHasLabel(true))
              .setLibraryVersion("fuzz").build());
      ByteString malloryToken = joined.getSessionToken();
      VerticalRelayGrpc.VerticalRelayBlockingStub relay = VerticalRelayGrpc.newBlockingStub(channel);
      Map<String, ByteString> relayTokens = new LinkedHashMap<>();
      for (String party : List.of("bank", "platform")) {
        RelayRegisterResponse r = relay.withDeadlineAfter(10, TimeUnit.SECONDS).register(
            RelayRegisterRequest.newBuilder().setJobId(VJOB).setPartyId(party)
                .setLibraryVersion("fuzz").build());
        relayTokens.put(party, r.getSessionToken());
      }
      List<ByteString> protectedTokens = new ArrayList<>(relayTokens.values());
      protectedTokens.addAll(recorder.tokens());

      State before = State.of(controller);
      int relayedBefore = relayed.size();
      Templates templates = new Templates(recorder, features, malloryToken, relayTokens,
          controller.model().round());
      Fuzzer fuzzer = new Fuzzer(channel, new Random(seed), templates, protectedTokens,
          malloryToken);
      fuzzer.send(messages);
      fuzzer.report(seed);

      System.out.println("FUZZ exceptions escaping a handler: " + recorder.thrown.size());
      assertEquals(List.of(), recorder.thrown, "handlers threw");
      assertEquals(0, fuzzer.crashes, "internal errors: " + fuzzer.crashDetails);
      assertEquals(before, State.of(controller), "job state changed under hostile traffic");
      assertEquals(relayedBefore, relayed.size(), "a hostile envelope reached a mailbox");

      // the well-formed parties still finish both jobs
      coord.withDeadlineAfter(10, TimeUnit.SECONDS).leave(LeaveRequest.newBuilder()
          .setRef(ref(JOB, 1, MALLORY)).setSessionToken(malloryToken).setReason("fuzz done")
          .build());
      release.countDown();
      for (Future<FederationResult> f : results) {
        assertEquals(List.of(1L, 2L), f.get(120, TimeUnit.SECONDS).roundsTrained());
      }
      assertEquals(2, controller.result().get(30, TimeUnit.SECONDS).round());
      runVerticalJob(target, vcfg, vjob);
    } finally {
      release.countDown();
      pool.shutdownNow();
      banks.forEach(BankClient::close);
      channel.shutdownNow();
      coordinator.stop();
    }
  }

  private static void runVerticalJob(String target, VerticalJobConfig cfg,
      VerticalJobs.Running job) throws Exception {
    FeatureTable[] t = TestTables.verticalSplit(160, 17, "fz-");
    CompletableFuture<VerticalHost.Outcome> host = CompletableFuture.supplyAsync(() -> {
      try (VerticalClient c = VerticalClient.builder()
          .coordinator(target, TransportSecurity.plaintextForTesting())
          .jobId(cfg.jobId()).partyId("platform").build()) {
        return c.runAsHost(t[1]);
      }
    });
    try (VerticalClient c = VerticalClient.builder()
        .coordinator(target, TransportSecurity.plaintextForTesting())
        .jobId(cfg.jobId()).partyId("bank").build()) {
      c.runAsGuest(t[0], r -> { });
    }
    host.get(5, TimeUnit.MINUTES);
    assertEquals(1, job.result().get(1, TimeUnit.MINUTES).size());
  }

  static RoundRef ref(String job, long round, String participant) {
    return RoundRef.newBuilder().setJobId(job).setRound(round).setParticipantId(participant)
        .build();
  }

  /** What hostile traffic must not change. */
  record State(long round, String phase, List<Double> parameters, int history,
      List<String> participants) {
    static State of(RoundController c) {
      List<Double> p = new ArrayList<>();
      for (double v : c.model().parameters()) {
        p.add(v);
      }
      return new State(c.model().round(), c.phase().toString(), p, c.history().size(),
          c.participants());
    }
  }

  // -------------------------------------------------------------------------------------------

  /** Records every request message the coordinator receives, per method, as bytes. */
  static final class Recorder implements ServerInterceptor {
    final Map<String, List<List<byte[]>>> calls = new ConcurrentHashMap<>();
    /** Exceptions that escaped a service method: each one is a crash of a handler. */
    final List<String> thrown = Collections.synchronizedList(new ArrayList<>());

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
        ServerCallHandler<Q, A> next) {
      List<byte[]> messages = Collections.synchronizedList(new ArrayList<>());
      calls.computeIfAbsent(call.getMethodDescriptor().getFullMethodName(),
          k -> Collections.synchronizedList(new ArrayList<>())).add(messages);
      return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
        @Override
        public void onMessage(Q message) {
          messages.add(((Message) message).toByteArray());
          guarded(() -> super.onMessage(message));
        }

        @Override
        public void onHalfClose() {
          guarded(super::onHalfClose);
        }

        @Override
        public void onReady() {
          guarded(super::onReady);
        }

        private void guarded(Runnable r) {
          try {
            r.run();
          } catch (RuntimeException | Error e) {
            thrown.add(call.getMethodDescriptor().getBareMethodName() + ": " + e);
            throw e;
          }
        }
      };
    }

    List<List<byte[]>> of(MethodDescriptor<?, ?> method) {
      return calls.getOrDefault(method.getFullMethodName(), List.of()).stream()
          .filter(c -> !c.isEmpty()).toList();
    }

    /** The banks' session tokens, from their recorded polls. */
    List<ByteString> tokens() throws IOException {
      List<ByteString> out = new ArrayList<>();
      for (List<byte[]> call : of(CoordinatorGrpc.getPollTaskMethod())) {
        ByteString t = PollRequest.parseFrom(call.get(0)).getSessionToken();
        if (!out.contains(t)) {
          out.add(t);
        }
      }
      return out;
    }
  }

  /** Valid messages for every RPC: recorded from the banks, or built from the job's state. */
  static final class Templates {
    final Map<String, List<List<Message>>> byMethod = new LinkedHashMap<>();
    final Map<String, MethodDescriptor<?, ?>> methods = new LinkedHashMap<>();

    Templates(Recorder recorder, List<String> features, ByteString token,
        Map<String, ByteString> relayTokens, long round) throws IOException {
      for (ServerServiceDefinition service : List.of(
          new CoordinatorService(System::currentTimeMillis).bindService(),
          new VerticalRelayService().bindService())) {
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
          MethodDescriptor<?, ?> d = m.getMethodDescriptor();
          methods.put(d.getFullMethodName(), d);
          List<List<Message>> calls = new ArrayList<>();
          for (List<byte[]> call : recorder.of(d)) {
            List<Message> parsed = new ArrayList<>();
            for (byte[] b : call) {
              parsed.add((Message) d.parseRequest(new ByteArrayInputStream(b)));
            }
            calls.add(parsed);
          }
          byMethod.put(d.getFullMethodName(), calls);
        }
      }
      RoundRef mine = ref(JOB, round, MALLORY);
      add(CoordinatorGrpc.getJoinMethod(), JoinRequest.newBuilder().setJobId(JOB)
          .setParticipantId("bank-z").setSchema(TableSchema.newBuilder()
              .addAllFeatureNames(features).setHasLabel(true)).build());
      add(CoordinatorGrpc.getPollTaskMethod(),
          PollRequest.newBuilder().setRef(mine).setSessionToken(token).build());
      add(CoordinatorGrpc.getDownloadModelMethod(),
          DownloadRequest.newBuilder().setRef(mine).setSessionToken(token).build());
      add(CoordinatorGrpc.getDownloadEncryptedSumMethod(),
          DownloadRequest.newBuilder().setRef(mine).setSessionToken(token).build());
      add(CoordinatorGrpc.getSubmitEvaluationMethod(), EvaluationReport.newBuilder().setRef(mine)
          .setSessionToken(token).setNumExamples(100).setLogLossSum(42.0)
          .setHistogram(ScoreHistogram.newBuilder().setLogitMin(-8).setLogitMax(8)
              .addAllPositives(List.of(1L, 5L, 20L)).addAllNegatives(List.of(50L, 20L, 4L)))
          .build());
      ByteString key32 = ByteString.copyFrom(new byte[32]);
      add(CoordinatorGrpc.getSubmitSecAggMethod(), SecAggSubmission.newBuilder().setRef(mine)
          .setSessionToken(token).setKeys(PartyKeys.newBuilder().setParty(MALLORY)
              .setEnvelopeKey(key32).setMaskKey(key32)).build());
      add(CoordinatorGrpc.getSubmitSecAggMethod(), SecAggSubmission.newBuilder().setRef(mine)
          .setSessionToken(token).setShares(SharesOut.newBuilder().addEnvelopes(
              SealedEnvelope.newBuilder().setParty("bank-a").setEnvelope(key32))).build());
      add(CoordinatorGrpc.getSubmitSecAggMethod(), SecAggSubmission.newBuilder().setRef(mine)
          .setSessionToken(token).setUnmask(UnmaskShares.newBuilder().addSelfMaskShares(
              OwnedShare.newBuilder().setOwner("bank-a").setShare(key32))).build());
      add(CoordinatorGrpc.getSubmitPaillierKeyMethod(), PaillierKeySubmission.newBuilder()
          .setRef(mine).setSessionToken(token).setKey(PaillierKey.newBuilder()
              .setModulus(ByteString.copyFrom(new byte[256]))).build());
      add(CoordinatorGrpc.getLeaveMethod(),
          LeaveRequest.newBuilder().setRef(mine).setSessionToken(token).setReason("x").build());
      // mallory's own (well-formed but refused) update streams, one per kind
      for (UpdateKind kind : List.of(UpdateKind.MODEL_DELTA, UpdateKind.FEATURE_MOMENTS,
          UpdateKind.MASKED_INPUT, UpdateKind.DECRYPTED_SUM)) {
        ValuesChunk.Builder v = ValuesChunk.newBuilder().setIndex(0).setOffset(0);
        for (int i = 0; i < 5; i++) {
          if (kind == UpdateKind.MODEL_DELTA || kind == UpdateKind.FEATURE_MOMENTS) {
            v.addValues(0.01 * i);
          } else {
            v.addWords(i);
          }
        }
        byMethod.get(CoordinatorGrpc.getSubmitUpdateMethod().getFullMethodName()).add(List.of(
            UpdateChunk.newBuilder().setHeader(UpdateHeader.newBuilder().setRef(mine)
                .setSessionToken(token).setKind(kind).setLength(5).setNumChunks(1)
                .setNumExamples(100).putMetrics("loss", 0.5)).build(),
            UpdateChunk.newBuilder().setValues(v).build()));
      }
      // relay: a well-formed envelope whose token is then corrupted, and a receive
      ByteString bankToken = relayTokens.get("bank");
      add(VerticalRelayGrpc.getSendMethod(), RelaySendRequest.newBuilder()
          .setSessionToken(bankToken).setEnvelope(RelayEnvelope.newBuilder().setJobId(VJOB)
              .setFrom("bank").setTo("platform").setType("sealed").setSequence(0).setPart(0)
              .setParts(1).setPayload(ByteString.copyFromUtf8("sealed-bytes"))).build());
      add(VerticalRelayGrpc.getReceiveMethod(), RelayReceiveRequest.newBuilder().setJobId(VJOB)
          .setPartyId("platform").setFrom("bank").setSessionToken(relayTokens.get("platform"))
          .setWaitMs(10).build());
      add(VerticalRelayGrpc.getRegisterMethod(), RelayRegisterRequest.newBuilder()
          .setJobId(VJOB).setPartyId("eve").setLibraryVersion("1").build());
    }

    private void add(MethodDescriptor<?, ?> m, Message message) {
      byMethod.get(m.getFullMethodName()).add(List.of(message));
    }
  }

  // -------------------------------------------------------------------------------------------

  /** Sends hostile traffic and counts what came back. */
  static final class Fuzzer {
    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };

    private final ManagedChannel channel;
    private final Random random;
    private final Templates templates;
    private final List<ByteString> protectedTokens;
    private final ByteString malloryToken;
    final Map<String, Integer> byMode = new TreeMap<>();
    final Map<String, Integer> byMethod = new TreeMap<>();
    final Map<String, Integer> outcomes = new TreeMap<>();
    final List<String> crashDetails = new ArrayList<>();
    int tried;
    int crashes;

    Fuzzer(ManagedChannel channel, Random random, Templates templates,
        List<ByteString> protectedTokens, ByteString malloryToken) {
      this.channel = channel;
      this.random = random;
      this.templates = templates;
      this.protectedTokens = protectedTokens;
      this.malloryToken = malloryToken;
    }

    void send(int messages) {
      List<String> names = new ArrayList<>(templates.methods.keySet());
      for (int i = 0; i < messages; i++) {
        String name = names.get(random.nextInt(names.size()));
        MethodDescriptor<?, ?> method = templates.methods.get(name);
        List<List<Message>> valid = templates.byMethod.get(name);
        List<Message> template = valid.get(random.nextInt(valid.size()));
        String mode;
        List<byte[]> stream;
        int pick = random.nextInt(10);
        if (pick == 0) {
          mode = "random-bytes";
          stream = new ArrayList<>();
          int n = method.getType() == MethodType.CLIENT_STREAMING ? 1 + random.nextInt(4) : 1;
          for (int k = 0; k < n; k++) {
            stream.add(randomBytes(random.nextInt(8) == 0 ? 100_000 : 64));
          }
        } else if (pick == 1) {
          mode = "random-message";
          stream = new ArrayList<>();
          int n = method.getType() == MethodType.CLIENT_STREAMING ? 1 + random.nextInt(4) : 1;
          for (int k = 0; k < n; k++) {
            stream.add(randomMessage(template.get(0), 0).toByteArray());
          }
        } else if (pick <= 3) {
          mode = "byte-mutation";
          stream = new ArrayList<>();
          for (Message m : template) {
            stream.add(random.nextBoolean() ? mutateBytes(m.toByteArray()) : m.toByteArray());
          }
        } else if (pick <= 8) {
          mode = "field-mutation";
          stream = new ArrayList<>();
          for (Message m : template) {
            stream.add(mutateFields(m).toByteArray());
          }
          if (method.getType() == MethodType.CLIENT_STREAMING && random.nextInt(3) > 0) {
            stream = mutateStream(stream);
          }
        } else {
          mode = "replay";
          stream = new ArrayList<>();
          for (Message m : template) {
            stream.add(m.toByteArray());
          }
        }
        stream.replaceAll(b -> guard(name, method, b));
        boolean parseable = stream.stream().allMatch(b -> parses(method, b));
        byMode.merge(mode, 1, Integer::sum);
        byMethod.merge(method.getBareMethodName(), 1, Integer::sum);
        tried++;
        String outcome = call(method, stream, parseable);
        outcomes.merge(outcome, 1, Integer::sum);
      }
    }

    void report(long seed) {
      System.out.println("FUZZ seed=" + seed + " messages tried=" + tried + " crashes=" + crashes);
      System.out.println("FUZZ by mode: " + byMode);
      System.out.println("FUZZ by rpc: " + byMethod);
      System.out.println("FUZZ outcomes (status[:reason]): " + outcomes);
    }

    /** One call; the outcome is OK, or the status code and the rejection reason. */
    private String call(MethodDescriptor<?, ?> original, List<byte[]> stream,
        boolean parseable) {
      MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(original.getType()).setFullMethodName(original.getFullMethodName())
          .setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();
      CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_MS,
          TimeUnit.MILLISECONDS);
      try {
        switch (original.getType()) {
          case UNARY -> ClientCalls.blockingUnaryCall(channel, raw, options, stream.get(0));
          case SERVER_STREAMING -> {
            Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(channel, raw, options,
                stream.get(0));
            while (it.hasNext()) {
              it.next();
            }
          }
          case CLIENT_STREAMING -> {
            CompletableFuture<byte[]> done = new CompletableFuture<>();
            StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(
                channel.newCall(raw, options), new StreamObserver<>() {
                  @Override
                  public void onNext(byte[] value) {
                    done.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(null);
                  }
                });
            for (byte[] b : stream) {
              requests.onNext(b);
            }
            requests.onCompleted();
            try {
              done.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
              throw (RuntimeException) e.getCause();
            }
          }
          default -> throw new IllegalStateException(original.getType().toString());
        }
        return "OK(" + original.getBareMethodName() + ")";
      } catch (StatusRuntimeException e) {
        Status s = e.getStatus();
        String d = s.getDescription() == null ? "" : s.getDescription();
        if (s.getCode() == Status.Code.INTERNAL || s.getCode() == Status.Code.UNKNOWN) {
          if (!parseable) {
            // gRPC itself refuses bytes that are not a message of the request type
            return s.getCode() + ":unparseable";
          }
          crashes++;
          crashDetails.add(original.getBareMethodName() + ": " + s);
          return s.getCode() + ":crash";
        }
        int colon = d.indexOf(':');
        String reason = colon > 0 && d.substring(0, colon).matches("[A-Z_]+")
            ? d.substring(0, colon) : "-";
        return s.getCode() + (reason.equals("-") ? "" : ":" + reason);
      } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * Keeps the fuzzer hostile rather than a legitimate party: another party's intact session
     * token is corrupted; a join or registration under an id that has a session is renamed; the
     * fuzzer's own valid leave gets a corrupted token.
     */
    private byte[] guard(String name, MethodDescriptor<?, ?> method, byte[] bytes) {
      for (ByteString t : protectedTokens) {
        bytes = corruptIfPresent(bytes, t.toByteArray());
      }
      Message parsed;
      try {
        parsed = (Message) method.parseRequest(new ByteArrayInputStream(bytes));
      } catch (RuntimeException e) {
        return bytes; // the coordinator will not parse it either
      }
      if (parsed instanceof JoinRequest j
          && Set.of("bank-a", "bank-b", MALLORY).contains(j.getParticipantId())) {
        return j.toBuilder().setParticipantId(j.getParticipantId() + "~").build().toByteArray();
      }
      if (parsed instanceof RelayRegisterRequest r
          && Set.of("bank", "platform").contains(r.getPartyId())) {
        return r.toBuilder().setPartyId(r.getPartyId() + "~").build().toByteArray();
      }
      if (parsed instanceof LeaveRequest) {
        return corruptIfPresent(bytes, malloryToken.toByteArray());
      }
      return bytes;
    }

    private static boolean parses(MethodDescriptor<?, ?> method, byte[] bytes) {
      try {
        method.parseRequest(new ByteArrayInputStream(bytes));
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }

    /** Flips a bit in every occurrence of {@code token} (a mutation may repeat a field). */
    private static byte[] corruptIfPresent(byte[] bytes, byte[] token) {
      byte[] copy = bytes;
      outer:
      for (int i = 0; i + token.length <= bytes.length; i++) {
        for (int j = 0; j < token.length; j++) {
          if (bytes[i + j] != token[j]) {
            continue outer;
          }
        }
        if (copy == bytes) {
          copy = bytes.clone();
        }
        copy[i] ^= 1;
      }
      return copy;
    }

    private byte[] randomBytes(int max) {
      byte[] b = new byte[random.nextInt(max + 1)];
      random.nextBytes(b);
      return b;
    }

    private byte[] mutateBytes(byte[] b) {
      switch (random.nextInt(4)) {
        case 0 -> {
          if (b.length == 0) {
            return b;
          }
          byte[] c = b.clone();
          for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
            c[random.nextInt(c.length)] ^= (byte) (1 << random.nextInt(8));
          }
          return c;
        }
        case 1 -> {
          return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
        }
        case 2 -> {
          byte[] tail = randomBytes(32);
          byte[] c = java.util.Arrays.copyOf(b, b.length + tail.length);
          System.arraycopy(tail, 0, c, b.length, tail.length);
          return c;
        }
        default -> {
          byte[] c = java.util.Arrays.copyOf(b, b.length * 2);
          System.arraycopy(b, 0, c, b.length, b.length); // fields repeated: last one wins
          return c;
        }
      }
    }

    private List<byte[]> mutateStream(List<byte[]> s) {
      List<byte[]> c = new ArrayList<>(s);
      switch (random.nextInt(5)) {
        case 0 -> c.add(c.get(random.nextInt(c.size()))); // a chunk repeated
        case 1 -> Collections.shuffle(c, random); // out of order
        case 2 -> c.remove(c.size() - 1); // cut short
        case 3 -> {
          byte[] last = c.get(c.size() - 1); // far too many chunks
          for (int k = 0; k < 200; k++) {
            c.add(last);
          }
        }
        default -> c.add(0, c.get(c.size() - 1)); // values before the header
      }
      return c;
    }

    /** A random change to one or two fields: huge, negative, NaN/Inf, wrong ids, swaps. */
    private Message mutateFields(Message m) {
      Message.Builder b;
      try {
        b = DynamicMessage.parseFrom(m.getDescriptorForType(), m.toByteString()).toBuilder();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
      for (int k = 0, n = 1 + random.nextInt(2); k < n; k++) {
        mutateOne(b, 0);
      }
      return b.build();
    }

    private void mutateOne(Message.Builder b, int depth) {
      List<FieldDescriptor> fields = b.getDescriptorForType().getFields();
      FieldDescriptor f = fields.get(random.nextInt(fields.size()));
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated()
          && !f.isMapField() && depth < 4 && random.nextInt(3) > 0) {
        Message.Builder inner = ((Message) b.getField(f)).toBuilder();
        mutateOne(inner, depth + 1);
        b.setField(f, inner.build());
        return;
      }
      if (f.isRepeated()) {
        int size = b.getRepeatedFieldCount(f);
        switch (random.nextInt(3)) {
          case 0 -> b.clearField(f);
          case 1 -> {
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
              boolean numeric = f.getJavaType() != FieldDescriptor.JavaType.STRING
                  && f.getJavaType() != FieldDescriptor.JavaType.BYTE_STRING;
              if (random.nextBoolean()) {
                for (int k = 1 + random.nextInt(5); k > 0; k--) {
                  b.addRepeatedField(f, value(f));
                }
              } else {
                // huge lists: 100,000 numbers, or 20,000 short strings or blobs
                Object v = numeric ? value(f) : f.getJavaType() == FieldDescriptor.JavaType.STRING
                    ? IDS[random.nextInt(IDS.length)] : ByteString.copyFrom(randomBytes(32));
                for (int k = numeric ? 100_000 : 20_000; k > 0; k--) {
                  b.addRepeatedField(f, v);
                }
              }
            } else if (!f.isMapField()) {
              b.addRepeatedField(f, randomMessage(
                  DynamicMessage.getDefaultInstance(f.getMessageType()), depth + 1));
            }
          }
          default -> {
            if (size > 0 && f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
              b.setRepeatedField(f, random.nextInt(size), value(f));
            }
          }
        }
        return;
      }
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (random.nextBoolean()) {
          b.clearField(f);
        } else {
          b.setField(f, randomMessage(DynamicMessage.getDefaultInstance(f.getMessageType()),
              depth + 1));
        }
        return;
      }
      if (random.nextInt(6) == 0) {
        // swap with another field of the same type
        for (FieldDescriptor g : fields) {
          if (g != f && !g.isRepeated() && g.getJavaType() == f.getJavaType()
              && g.getContainingOneof() == null && f.getContainingOneof() == null) {
            Object fv = b.getField(f);
            b.setField(f, b.getField(g));
            b.setField(g, fv);
            return;
          }
        }
      }
      b.setField(f, value(f));
    }

    /** A random message of the template's type, built field by field. */
    private Message randomMessage(Message template, int depth) {
      Message.Builder b = DynamicMessage.newBuilder(template.getDescriptorForType());
      for (FieldDescriptor f : template.getDescriptorForType().getFields()) {
        if (random.nextInt(3) == 0 || f.isMapField()) {
          continue;
        }
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          if (depth < 3) {
            Message inner = randomMessage(DynamicMessage.getDefaultInstance(f.getMessageType()),
                depth + 1);
            if (f.isRepeated()) {
              b.addRepeatedField(f, inner);
            } else {
              b.setField(f, inner);
            }
          }
        } else if (f.isRepeated()) {
          for (int k = random.nextInt(4); k > 0; k--) {
            b.addRepeatedField(f, value(f));
          }
        } else {
          b.setField(f, value(f));
        }
      }
      return b.build();
    }

    private static final String[] IDS = {"", JOB, VJOB, "bank-a", "bank-b", MALLORY, "bank",
        "platform", "arbiter", "nobody", "../../etc/passwd", "\u0000", "bank-a\u0000x"};

    private Object value(FieldDescriptor f) {
      return switch (f.getJavaType()) {
        case INT -> new int[] {0, -1, 1, 2, 5, Integer.MAX_VALUE, Integer.MIN_VALUE,
            random.nextInt()}[random.nextInt(8)];
        case LONG -> new long[] {0, -1, 1, 2, 3, 100, Long.MAX_VALUE, Long.MIN_VALUE,
            random.nextLong()}[random.nextInt(9)];
        case DOUBLE -> new double[] {Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -0.0, 1e308, -1e308, Double.MIN_VALUE, 0.5,
            random.nextGaussian()}[random.nextInt(9)];
        case FLOAT -> Float.NaN;
        case BOOLEAN -> random.nextBoolean();
        case STRING -> random.nextInt(8) == 0 ? "x".repeat(random.nextBoolean() ? 129 : 200_000)
            : IDS[random.nextInt(IDS.length)];
        case BYTE_STRING -> switch (random.nextInt(4)) {
          case 0 -> ByteString.EMPTY;
          case 1 -> malloryToken;
          case 2 -> ByteString.copyFrom(randomBytes(random.nextBoolean() ? 32 : 300_000));
          default -> ByteString.copyFrom(new byte[] {0});
        };
        case ENUM -> {
          var values = f.getEnumType().getValues();
          yield values.get(random.nextInt(values.size()));
        }
        case MESSAGE -> DynamicMessage.getDefaultInstance(f.getMessageType());
      };
    }
  }
}
