package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.fedcredit.core.metrics.ScoreHistogram;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.wire.Chunking;
import io.fedcredit.core.wire.WireLimits;
import io.fedcredit.core.wire.PaillierWire;
import io.fedcredit.core.wire.WireCodec;
import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.proto.EncryptedChunk;
import io.fedcredit.proto.PackedEncryptedVector;
import io.fedcredit.proto.PaillierKey;
import io.fedcredit.proto.PaillierKeySubmission;
import io.fedcredit.proto.CoordinatorGrpc;
import io.fedcredit.proto.DownloadRequest;
import io.fedcredit.proto.EvaluationReport;
import io.fedcredit.proto.JoinRequest;
import io.fedcredit.proto.JoinResponse;
import io.fedcredit.proto.ModelChunk;
import io.fedcredit.proto.PollRequest;
import io.fedcredit.proto.RoundRef;
import io.fedcredit.proto.SubmitAck;
import io.fedcredit.proto.TableSchema;
import io.fedcredit.proto.Task;
import io.fedcredit.proto.UpdateChunk;
import io.fedcredit.proto.UpdateHeader;
import io.fedcredit.proto.LeaveRequest;
import io.fedcredit.proto.UpdateKind;
import io.fedcredit.proto.ValuesChunk;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's gRPC adapter over the in-process transport: every refusal is a precise
 * status, and large models travel in chunks under the default 4 MiB message limit.
 */
class CoordinatorServiceTest {
  private static final String JOB = "svc-job";
  private static final List<String> FEATURES = List.of("a", "b");

  private Coordinator coordinator;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (coordinator != null) {
      coordinator.stop();
    }
  }

  private void start(ModelSpec spec, int numParams) throws Exception {
    start(spec, numParams, null);
  }

  private void start(ModelSpec spec, int numParams, PaillierAggregationConfig paillier)
      throws Exception {
    String name = InProcessServerBuilder.generateName();
    coordinator = new Coordinator(InProcessServerBuilder.forName(name), JobStore.none(),
        System::currentTimeMillis);
    TrainingConfig tc = new TrainingConfig(1, 8, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    HorizontalJobConfig cfg = new HorizontalJobConfig(JOB, spec, FEATURES, 2, 2, Set.of(), false,
        60_000, 60_000, 60_000, 200, null, paillier);
    GlobalModel initial = new GlobalModel(spec, FEATURES, Standardizer.identity(2),
        new double[numParams], ModelProvenance.now(JOB, 0, "test", "none", List.of()));
    coordinator.addJob(cfg, new FedAvg(FedAvg.Config.everyone(2, tc, 1)), initial);
    coordinator.start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  private CoordinatorGrpc.CoordinatorBlockingStub stub() {
    return CoordinatorGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private ByteString join(String who) {
    JoinResponse r = stub().join(JoinRequest.newBuilder().setJobId(JOB).setParticipantId(who)
        .setSchema(TableSchema.newBuilder().addAllFeatureNames(FEATURES).setHasLabel(true))
        .build());
    return r.getSessionToken();
  }

  private static RoundRef ref(String job, long round, String who) {
    return RoundRef.newBuilder().setJobId(job).setRound(round).setParticipantId(who).build();
  }

  private static UpdateHeader header(String job, long round, String who, ByteString token,
      int length, int chunks) {
    return UpdateHeader.newBuilder().setRef(ref(job, round, who)).setSessionToken(token)
        .setKind(UpdateKind.MODEL_DELTA).setLength(length).setNumChunks(chunks)
        .setNumExamples(10).build();
  }

  /** Sends the given messages as one client stream and waits for the answer. */
  private SubmitAck send(List<UpdateChunk> messages) throws Exception {
    CompletableFuture<SubmitAck> done = new CompletableFuture<>();
    StreamObserver<UpdateChunk> req = CoordinatorGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).submitUpdate(new StreamObserver<>() {
          @Override
          public void onNext(SubmitAck value) {
            done.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    for (UpdateChunk m : messages) {
      req.onNext(m);
    }
    req.onCompleted();
    try {
      return done.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private SubmitAck sendUpdate(String who, ByteString token, long round, double[] values)
      throws Exception {
    List<UpdateChunk> msgs = new ArrayList<>();
    msgs.add(UpdateChunk.newBuilder().setHeader(header(JOB, round, who, token, values.length,
        Chunking.chunkCount(values.length))).build());
    for (ValuesChunk c : Chunking.split(values)) {
      msgs.add(UpdateChunk.newBuilder().setValues(c).build());
    }
    return send(msgs);
  }

  private static Status statusOf(ThrowingCall call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    return e.getStatus();
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }

  private static void assertStatus(Status.Code code, String reason, Status s) {
    assertEquals(code, s.getCode(), s.toString());
    assertTrue(s.getDescription().startsWith(reason), s.getDescription());
  }

  @Test
  void oversizedFieldsAreRefusedNamingTheFieldAndAnEmptyUpdateStreamIsMalformed()
      throws Exception {
    start(ModelSpec.logreg(2, 1), 3);
    ByteString a = join("bank-a");
    String longId = "p".repeat(WireLimits.MAX_ID_CHARS + 1);
    Status id = statusOf(() -> stub().pollTask(PollRequest.newBuilder()
        .setRef(ref(JOB, 0, longId)).setSessionToken(a).build()));
    assertStatus(Status.Code.RESOURCE_EXHAUSTED, "TOO_LARGE: ref.participant_id has 129", id);
    Status features = statusOf(() -> stub().join(JoinRequest.newBuilder().setJobId(JOB)
        .setParticipantId("bank-b").setSchema(TableSchema.newBuilder()
            .addAllFeatureNames(List.of("a", "b", longId))).build()));
    assertStatus(Status.Code.RESOURCE_EXHAUSTED, "TOO_LARGE: schema.feature_names[]", features);
    Status token = statusOf(() -> stub().leave(LeaveRequest.newBuilder()
        .setRef(ref(JOB, 0, "bank-a")).setSessionToken(ByteString.copyFrom(new byte[65]))
        .build()));
    assertStatus(Status.Code.RESOURCE_EXHAUSTED, "TOO_LARGE: session_token has 65 bytes", token);
    UpdateChunk.Builder many = UpdateChunk.newBuilder().setHeader(
        header(JOB, 0, "bank-a", a, 2, 1).toBuilder());
    for (int i = 0; i <= WireLimits.MAX_METRICS; i++) {
      many.getHeaderBuilder().putMetrics("m" + i, i);
    }
    Status metrics = statusOf(() -> send(List.of(many.build())));
    assertStatus(Status.Code.RESOURCE_EXHAUSTED, "TOO_LARGE: header.metrics has 65", metrics);
    // found by HostileInputFuzzTest: a stream closed before any message threw a
    // NullPointerException out of the handler (gRPC answered UNKNOWN)
    Status empty = statusOf(() -> send(List.of()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "MALFORMED: an update stream ended without",
        empty);
  }

  @Test
  void rejectsBadUpdatesWithPreciseStatuses() throws Exception {
    start(ModelSpec.logreg(2, 1), 3);
    ByteString a = join("bank-a");
    ByteString b = join("bank-b");
    Task t = stub().pollTask(PollRequest.newBuilder().setRef(ref(JOB, 0, "bank-a"))
        .setSessionToken(a).build());
    assertTrue(t.hasFit(), t.toString());
    assertEquals(1, t.getFit().getRound());

    Status nan = statusOf(() -> sendUpdate("bank-a", a, 1, new double[] {1, Double.NaN, 0}));
    assertStatus(Status.Code.INVALID_ARGUMENT, "NON_FINITE", nan);
    assertTrue(nan.getDescription().contains("bank-a"), nan.getDescription());

    Status shape = statusOf(() -> sendUpdate("bank-a", a, 1, new double[] {1, 2}));
    assertStatus(Status.Code.INVALID_ARGUMENT, "WRONG_SHAPE", shape);

    Status future = statusOf(() -> sendUpdate("bank-a", a, 2, new double[] {1, 2, 3}));
    assertStatus(Status.Code.FAILED_PRECONDITION, "FUTURE_ROUND", future);

    Status token = statusOf(() -> sendUpdate("bank-a", b, 1, new double[] {1, 2, 3}));
    assertStatus(Status.Code.UNAUTHENTICATED, "UNKNOWN_PARTICIPANT", token);

    Status noJob = statusOf(() -> send(List.of(UpdateChunk.newBuilder()
        .setHeader(header("nope", 1, "bank-a", a, 3, 1)).build())));
    assertStatus(Status.Code.NOT_FOUND, "UNKNOWN_JOB", noJob);

    Status noHeader = statusOf(() -> send(List.of(UpdateChunk.newBuilder()
        .setValues(ValuesChunk.newBuilder().addValues(1)).build())));
    assertStatus(Status.Code.INVALID_ARGUMENT, "MALFORMED", noHeader);

    Status truncated = statusOf(() -> send(List.of(UpdateChunk.newBuilder()
        .setHeader(header(JOB, 1, "bank-a", a, 3, 1)).build())));
    assertStatus(Status.Code.INVALID_ARGUMENT, "MALFORMED", truncated);

    Status badOffset = statusOf(() -> send(List.of(
        UpdateChunk.newBuilder().setHeader(header(JOB, 1, "bank-a", a, 3, 1)).build(),
        UpdateChunk.newBuilder().setValues(ValuesChunk.newBuilder().setIndex(0).setOffset(1)
            .addValues(1).addValues(2).addValues(3)).build())));
    assertStatus(Status.Code.INVALID_ARGUMENT, "MALFORMED", badOffset);

    assertTrue(sendUpdate("bank-a", a, 1, new double[] {2, 2, 2}).getAccepted());
    Status dup = statusOf(() -> sendUpdate("bank-a", a, 1, new double[] {2, 2, 2}));
    assertStatus(Status.Code.ALREADY_EXISTS, "DUPLICATE", dup);

    assertTrue(sendUpdate("bank-b", b, 1, new double[] {0, 0, 0}).getAccepted());
    // the fit phase of round 1 is over; a late update for it is refused
    Status late = statusOf(() -> sendUpdate("bank-b", b, 1, new double[] {0, 0, 0}));
    assertStatus(Status.Code.FAILED_PRECONDITION, "DEADLINE_PASSED", late);
    // and none of the refused updates reached the model: mean of {2,2,2} and {0,0,0}
    assertArrayEquals(new double[] {1, 1, 1}, coordinator.job(JOB).model().parameters(), 0);

    Status stale = statusOf(() -> stub().downloadModel(DownloadRequest.newBuilder()
        .setRef(ref(JOB, 0, "bank-a")).setSessionToken(a).build()).hasNext());
    assertStatus(Status.Code.FAILED_PRECONDITION, "STALE_ROUND", stale);

    // both evaluate round 1; round 2 opens; an update for round 1 is now stale
    ScoreHistogram h = ScoreHistogram.of(new double[] {0.2, 0.7}, new double[] {0, 1});
    for (String who : List.of("bank-a", "bank-b")) {
      assertTrue(stub().submitEvaluation(EvaluationReport.newBuilder()
          .setRef(ref(JOB, 1, who)).setSessionToken(who.equals("bank-a") ? a : b)
          .setNumExamples(2).setHistogram(WireCodec.toProto(h)).setLogLossSum(0.6).build())
          .getAccepted());
    }
    Task next = stub().pollTask(PollRequest.newBuilder().setRef(ref(JOB, 1, "bank-b"))
        .setSessionToken(b).build());
    assertEquals(2, next.getFit().getRound(), next.toString());
    Status staleUpdate = statusOf(() -> sendUpdate("bank-b", b, 1, new double[] {0, 0, 0}));
    assertStatus(Status.Code.FAILED_PRECONDITION, "STALE_ROUND", staleUpdate);
    Status badHistogram = statusOf(() -> stub().submitEvaluation(EvaluationReport.newBuilder()
        .setRef(ref(JOB, 2, "bank-a")).setSessionToken(a).setNumExamples(2)
        .setHistogram(io.fedcredit.proto.ScoreHistogram.newBuilder().setLogitMin(-1)
            .setLogitMax(1).addPositives(1).addNegatives(-1)).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "INVALID_VALUE", badHistogram);
  }

  private Task poll(String who, ByteString token, long round) {
    return stub().pollTask(PollRequest.newBuilder().setRef(ref(JOB, round, who))
        .setSessionToken(token).build());
  }

  /** An ENCRYPTED_INPUT stream: the packed vector's header, then its ciphertexts in chunks. */
  private SubmitAck sendEncrypted(String who, ByteString token, PackedEncryptedVector packed,
      boolean withHeader) throws Exception {
    List<ByteString> cts = packed.getValuesList();
    UpdateHeader.Builder h = UpdateHeader.newBuilder().setRef(ref(JOB, 1, who))
        .setSessionToken(token).setKind(UpdateKind.ENCRYPTED_INPUT).setLength(cts.size())
        .setNumChunks(Chunking.Payload.CIPHERTEXTS.chunkCount(cts.size()));
    if (withHeader) {
      h.setEncrypted(packed.toBuilder().clearValues());
    }
    List<UpdateChunk> msgs = new ArrayList<>();
    msgs.add(UpdateChunk.newBuilder().setHeader(h).build());
    for (int i = 0; i < h.getNumChunks(); i++) {
      msgs.add(UpdateChunk.newBuilder().setValues(Chunking.chunk(cts, i)).build());
    }
    return send(msgs);
  }

  @Test
  void paillierMessagesAreCheckedAndOnlyTheKeyHolderSeesTheSum() throws Exception {
    start(ModelSpec.logreg(2, 1), 3, PaillierAggregationConfig.defaults());
    ByteString a = join("bank-a"); // the first to join holds the key
    ByteString b = join("bank-b");
    Task waiting = poll("bank-b", b, 0);
    assertTrue(waiting.hasWait(), waiting.toString());
    Task keyTask = poll("bank-a", a, 0);
    assertEquals(2048, keyTask.getPaillierKey().getModulusBits(), keyTask.toString());

    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    PaillierKey publicKey = PaillierWire.toProto(keys.publicKey());
    Status notHolder = statusOf(() -> stub().submitPaillierKey(PaillierKeySubmission.newBuilder()
        .setRef(ref(JOB, 1, "bank-b")).setSessionToken(b).setKey(publicKey).build()));
    assertStatus(Status.Code.FAILED_PRECONDITION, "NOT_SELECTED", notHolder);
    Status malformed = statusOf(() -> stub().submitPaillierKey(PaillierKeySubmission.newBuilder()
        .setRef(ref(JOB, 1, "bank-a")).setSessionToken(a)
        .setKey(publicKey.toBuilder().setModulusBits(1024)).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "INVALID_VALUE", malformed);
    assertTrue(stub().submitPaillierKey(PaillierKeySubmission.newBuilder()
        .setRef(ref(JOB, 1, "bank-a")).setSessionToken(a).setKey(publicKey).build())
        .getAccepted());

    Task fit = poll("bank-b", b, 0);
    assertEquals(publicKey, fit.getFit().getEncryption().getKey(), fit.toString());
    io.fedcredit.core.protocol.Task.Encryption e = ((io.fedcredit.core.protocol.Task.Fit)
        WireCodec.fromProto(fit, 0)).encryption();
    // [n * delta (3), n] with n = 1 and 2: the mean delta is (1*[3,3,3] + 2*[0,0,0]) / 3
    PackedEncryptedVector inputA = PaillierWire.toProto(e.scheme().encryptQuantized(
        e.config().encode(new double[] {3, 3, 3}, 1, new double[0], e.scheme()).quantized(),
        e.key()));
    PackedEncryptedVector inputB = PaillierWire.toProto(e.scheme().encryptQuantized(
        e.config().encode(new double[3], 2, new double[0], e.scheme()).quantized(), e.key()));

    Status noHeader = statusOf(() -> sendEncrypted("bank-b", b, inputB, false));
    assertStatus(Status.Code.INVALID_ARGUMENT, "MALFORMED", noHeader);
    PaillierKeyPair other = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    PackedEncryptedVector underOther = PaillierWire.toProto(e.scheme().encryptQuantized(
        new long[4], other.publicKey()));
    Status wrongKey = statusOf(() -> sendEncrypted("bank-b", b, underOther, true));
    assertStatus(Status.Code.INVALID_ARGUMENT, "INVALID_VALUE", wrongKey);
    assertTrue(wrongKey.getDescription().contains("key_id"), wrongKey.getDescription());
    Status plain = statusOf(() -> sendUpdate("bank-b", b, 1, new double[3]));
    assertStatus(Status.Code.FAILED_PRECONDITION, "WRONG_PHASE", plain);
    DownloadRequest sumOfB = DownloadRequest.newBuilder().setRef(ref(JOB, 1, "bank-b"))
        .setSessionToken(b).build();
    Status early = statusOf(() -> stub().downloadEncryptedSum(sumOfB).hasNext());
    assertStatus(Status.Code.FAILED_PRECONDITION, "WRONG_PHASE", early);

    assertTrue(sendEncrypted("bank-a", a, inputA, true).getAccepted());
    assertTrue(sendEncrypted("bank-b", b, inputB, true).getAccepted());
    Status notTheHolder = statusOf(() -> stub().downloadEncryptedSum(sumOfB).hasNext());
    assertStatus(Status.Code.FAILED_PRECONDITION, "NOT_SELECTED", notTheHolder);

    Task decrypt = poll("bank-a", a, 1);
    assertTrue(decrypt.hasPaillierDecrypt(), decrypt.toString());
    Iterator<EncryptedChunk> it = stub().downloadEncryptedSum(DownloadRequest.newBuilder()
        .setRef(ref(JOB, 1, "bank-a")).setSessionToken(a).build());
    PackedEncryptedVector header = it.next().getHeader();
    assertEquals(2, header.getSummands());
    List<ByteString> cts = new ArrayList<>();
    it.forEachRemaining(c -> cts.addAll(c.getCiphertexts().getCiphertextsList()));
    PackedCiphertext sum = WireCodec.packed(header, cts, keys.publicKey(), "sum");
    long[] sums = sum.scheme().unpackQuantizedSums(sum, keys.privateKey());
    List<UpdateChunk> reply = List.of(
        UpdateChunk.newBuilder().setHeader(UpdateHeader.newBuilder()
            .setRef(ref(JOB, 1, "bank-a")).setSessionToken(a)
            .setKind(UpdateKind.DECRYPTED_SUM).setLength(sums.length).setNumChunks(1)).build(),
        UpdateChunk.newBuilder().setValues(Chunking.chunk(sums, 0)).build());
    assertTrue(send(reply).getAccepted());
    assertArrayEquals(new double[] {1, 1, 1}, coordinator.job(JOB).model().parameters(), 0);
    assertTrue(coordinator.job(JOB).model().provenance().privacy().startsWith("paillier("));
  }

  @Test
  void encryptedInputsAreRefusedInAPlaintextJob() throws Exception {
    start(ModelSpec.logreg(2, 1), 3);
    ByteString a = join("bank-a");
    join("bank-b");
    assertTrue(poll("bank-a", a, 0).hasFit());
    PackedEncryptedVector input = PaillierWire.toProto(PaillierAggregationConfig.defaults()
        .scheme(2).encryptQuantized(new long[4],
            PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048).publicKey()));
    Status s = statusOf(() -> sendEncrypted("bank-a", a, input, true));
    assertStatus(Status.Code.FAILED_PRECONDITION, "WRONG_PHASE", s);
    assertTrue(s.getDescription().contains("does not use Paillier aggregation"),
        s.getDescription());
  }

  @Test
  void millionParameterModelTravelsInChunksUnderTheDefaultLimit() throws Exception {
    // 2 -> 1000 -> 1000 -> 1: 1,005,001 parameters, 8 MB of doubles, twice gRPC's 4 MiB limit
    ModelSpec spec = ModelSpec.mlp(2, List.of(1000, 1000), 1);
    int n = 2 * 1000 + 1000 + 1000 * 1000 + 1000 + 1000 + 1;
    start(spec, n);
    ByteString a = join("bank-a");
    join("bank-b");
    Iterator<ModelChunk> it = stub().downloadModel(DownloadRequest.newBuilder()
        .setRef(ref(JOB, 0, "bank-a")).setSessionToken(a).build());
    ModelChunk first = it.next();
    assertEquals(n, first.getHeader().getNumParameters());
    int chunks = 0;
    int values = 0;
    while (it.hasNext()) {
      ModelChunk c = it.next();
      assertTrue(c.getSerializedSize() < 4 * 1024 * 1024);
      values += c.getValues().getValuesCount();
      chunks++;
    }
    assertEquals(n, values);
    assertEquals(Chunking.chunkCount(n), chunks);

    double[] delta = new double[n];
    delta[n - 1] = 4;
    assertTrue(sendUpdate("bank-a", a, 1, delta).getAccepted());
  }
}
