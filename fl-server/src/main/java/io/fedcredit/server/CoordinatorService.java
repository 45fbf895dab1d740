package io.fedcredit.server;

import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.wire.KeyAttestationWire;
import io.fedcredit.crypto.pki.KeyAttestation;
import io.fedcredit.crypto.pki.KeyAuthentication;
import io.fedcredit.crypto.pki.KeyBinding;
import io.fedcredit.crypto.pki.KeyBindingException;
import io.fedcredit.crypto.secagg.SecAggClient;
import io.fedcredit.crypto.secagg.SecAggMessages.PublicKeys;
import io.fedcredit.core.logging.LogContext;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.protocol.RoundRef;
import io.fedcredit.core.protocol.Task;
import io.fedcredit.core.protocol.Update;
import io.fedcredit.core.protocol.UpdateKind;
import io.fedcredit.core.strategy.EvaluationResult;
import io.fedcredit.core.transport.PeerIdentity;
import io.fedcredit.core.wire.Chunking;
import io.fedcredit.core.wire.WireCodec;
import io.fedcredit.core.wire.WireLimits;
import com.google.protobuf.ByteString;
import io.fedcredit.core.wire.HorizontalBoostWire;
import io.fedcredit.core.wire.PaillierWire;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.proto.CoordinatorGrpc;
import io.fedcredit.proto.EncryptedChunk;
import io.fedcredit.proto.PackedEncryptedVector;
import io.fedcredit.proto.PaillierKeySubmission;
import io.fedcredit.proto.DownloadRequest;
import io.fedcredit.proto.EvaluationReport;
import io.fedcredit.proto.JoinRequest;
import io.fedcredit.proto.JoinResponse;
import io.fedcredit.proto.LeaveRequest;
import io.fedcredit.proto.LeaveResponse;
import io.fedcredit.proto.ModelChunk;
import io.fedcredit.proto.PollRequest;
import io.fedcredit.proto.SecAggSubmission;
import io.fedcredit.proto.SubmitAck;
import io.fedcredit.proto.UpdateChunk;
import io.fedcredit.proto.UpdateHeader;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's gRPC service: a thin adapter that authenticates the caller, converts
 * messages with {@link WireCodec}, reassembles chunked updates with {@link Chunking} and hands
 * everything to the job's {@link RoundController}. Every refusal is a precise status (see
 * {@link RejectionStatus}) and one log line naming the job, round and participant.
 */
public final class CoordinatorService extends CoordinatorGrpc.CoordinatorImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorService.class);
  /** Histograms with more bins than this are refused. */
  static final int MAX_HISTOGRAM_BINS = 1 << 16;
  /** Updates with more values than this are refused whatever the model (64 Mi values). */
  static final int MAX_UPDATE_VALUES = 64 * 1024 * 1024;

  private final Map<String, ServedJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, Map<String, PartyRole>> partyRoles = new ConcurrentHashMap<>();
  private final Sessions sessions = new Sessions();
  private final LongSupplier clock;
  private final KeyAuthentication keyAuthentication;

  /** A service that relays announced keys without checking them (plaintext transport). */
  public CoordinatorService(LongSupplier clock) {
    this(clock, KeyAuthentication.unauthenticated());
  }

  /**
   * A service that, when {@code keyAuthentication} is certified and the caller came over mutual
   * TLS, refuses announced keys (secure aggregation's round keys, the Paillier key) that are not
   * bound to the caller's certificate (Rejection UNBOUND_KEY), so that one bank's broken or
   * forged binding never reaches the others, who would refuse the whole roster. The banks check
   * every key again themselves: they do not trust the coordinator for this.
   */
  public CoordinatorService(LongSupplier clock, KeyAuthentication keyAuthentication) {
    this.clock = clock;
    this.keyAuthentication = keyAuthentication;
  }

  /**
   * Under mutual TLS with certified key authentication: the announced key must be bound to the
   * caller's certificate.
   *
   * @throws Rejection UNBOUND_KEY naming the failed check
   */
  private void requireBound(RoundRef ref, KeyBinding binding, KeyAttestation attestation) {
    if (PeerIdentity.current().isEmpty()) {
      return;
    }
    try {
      keyAuthentication.verify(binding, attestation);
    } catch (KeyBindingException e) {
      throw new Rejection(Reason.UNBOUND_KEY, ref + ": " + e.getMessage());
    }
  }

  /** Serves a job. */
  public void addJob(RoundController controller) {
    add(controller);
  }

  /** Serves a horizontal boosting job. */
  public void addJob(BoostingController controller) {
    add(controller);
  }

  private void add(ServedJob job) {
    if (jobs.putIfAbsent(job.jobId(), job) != null) {
      throw new IllegalArgumentException("job " + job.jobId() + " is already served");
    }
  }

  /** A linear job served here, or null. */
  public RoundController job(String jobId) {
    return jobs.get(jobId) instanceof RoundController c ? c : null;
  }

  /** A horizontal boosting job served here, or null. */
  public BoostingController boostingJob(String jobId) {
    return jobs.get(jobId) instanceof BoostingController c ? c : null;
  }

  /**
   * Admits to a job only the listed parties, each in its role. Under mutual TLS the role is the
   * one in the caller's certificate; under plaintext only the id can be checked.
   */
  public void restrictParties(String jobId, Map<String, PartyRole> parties) {
    controller(jobId);
    partyRoles.put(jobId, Map.copyOf(parties));
  }

  /**
   * Under mutual TLS, refuses a message that names a participant other than the caller's
   * certified one; under plaintext there is nothing to compare with.
   */
  private static void requireCertified(String claimed, String jobId) {
    Optional<PartyIdentity> peer = PeerIdentity.current();
    if (peer.isPresent() && !claimed.isEmpty() && !claimed.equals(peer.get().partyId())) {
      throw new Rejection(Reason.WRONG_IDENTITY, "job " + jobId + ": the message speaks for '"
          + claimed + "' but the caller's certificate is for " + peer.get());
    }
  }

  /** The job's party list and, under mutual TLS, the role in the caller's certificate. */
  private void admit(String jobId, String participant) {
    Optional<PartyIdentity> peer = PeerIdentity.current();
    if (peer.isPresent() && peer.get().role() == PartyRole.COORDINATOR) {
      throw new Rejection(Reason.NOT_ALLOWED, "job " + jobId + ": party '" + participant
          + "' holds a coordinator certificate, which cannot join a job as a participant");
    }
    Map<String, PartyRole> roles = partyRoles.get(jobId);
    if (roles == null) {
      return;
    }
    PartyRole allowed = roles.get(participant);
    String role = peer.map(p -> " (role " + p.role() + ")").orElse("");
    if (allowed == null) {
      throw new Rejection(Reason.NOT_ALLOWED, "job " + jobId + ": party '" + participant + "'"
          + role + " is not in the job's parties list " + new TreeMap<>(roles));
    }
    if (peer.isPresent() && peer.get().role() != allowed) {
      throw new Rejection(Reason.NOT_ALLOWED, "job " + jobId + ": party '" + participant
          + "' has role " + peer.get().role() + " in its certificate, but the job admits it "
          + "only as " + allowed);
    }
  }

  private ServedJob controller(String jobId) {
    ServedJob c = jobs.get(jobId);
    if (c == null) {
      throw new Rejection(Reason.UNKNOWN_JOB, "job '" + jobId + "' is not served here; jobs: "
          + jobs.keySet());
    }
    return c;
  }

  private RoundRef authenticate(io.fedcredit.proto.RoundRef protoRef, byte[] token) {
    WireLimits.id("ref.job_id", protoRef.getJobId());
    WireLimits.id("ref.participant_id", protoRef.getParticipantId());
    WireLimits.bytes("session_token", token.length, WireLimits.MAX_TOKEN_BYTES);
    requireCertified(protoRef.getParticipantId(), protoRef.getJobId());
    RoundRef ref = WireCodec.fromProto(protoRef);
    controller(ref.jobId());
    sessions.check(ref.jobId(), ref.participantId(), token);
    return ref;
  }

  @Override
  public void join(JoinRequest request, StreamObserver<JoinResponse> out) {
    String what = "join of '" + request.getParticipantId() + "' to job " + request.getJobId();
    respond(out, what, () -> {
      WireLimits.id("job_id", request.getJobId());
      WireLimits.id("participant_id", request.getParticipantId());
      WireLimits.text("library_version", request.getLibraryVersion(), WireLimits.MAX_TEXT_CHARS);
      WireLimits.count("schema.feature_names", request.getSchema().getFeatureNamesCount(),
          WireLimits.MAX_FEATURES);
      WireLimits.ids("schema.feature_names", request.getSchema().getFeatureNamesList());
      if (request.getParticipantId().isEmpty()) {
        throw new Rejection(Reason.INVALID_VALUE, "participant_id is empty");
      }
      requireCertified(request.getParticipantId(), request.getJobId());
      ServedJob c = controller(request.getJobId());
      admit(c.jobId(), request.getParticipantId());
      c.join(request.getParticipantId(), request.getSchema().getFeatureNamesList(),
          request.getSchema().getHasLabel());
      byte[] token = sessions.issue(request.getJobId(), request.getParticipantId());
      LOG.info("job {}: participant {} joined (library {})", request.getJobId(),
          request.getParticipantId(), request.getLibraryVersion());
      JoinResponse.Builder response = JoinResponse.newBuilder()
          .setJobId(c.jobId())
          .setSessionToken(com.google.protobuf.ByteString.copyFrom(token))
          .setLongPollMs(c.longPollMillis());
      if (c instanceof BoostingController b) {
        response.setModel(io.fedcredit.proto.ModelSpec.newBuilder()
                .setKind(BoostingController.MODEL_KIND)
                .setNumFeatures(b.config().featureNames().size()))
            .setTotalRounds(b.config().boosting().trees())
            .addAllFeatureNames(b.config().featureNames())
            .setBoosting(HorizontalBoostWire.toProto(b.config().boosting()));
      } else {
        RoundController r = (RoundController) c;
        response.setModel(WireCodec.toProto(r.config().model()))
            .setTotalRounds(r.config().rounds())
            .addAllFeatureNames(r.config().featureNames());
      }
      return response.build();
    });
  }

  @Override
  public void pollTask(PollRequest request, StreamObserver<io.fedcredit.proto.Task> out) {
    respond(out, "poll", () -> {
      RoundRef ref = authenticate(request.getRef(), request.getSessionToken().toByteArray());
      ServedJob c = controller(ref.jobId());
      Task task;
      try {
        task = c.awaitTask(ref.participantId(), c.longPollMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Status.UNAVAILABLE.withDescription("coordinator is shutting down").asRuntimeException();
      }
      return WireCodec.toProto(task, clock.getAsLong());
    }, request.getRef());
  }

  @Override
  public void downloadModel(DownloadRequest request, StreamObserver<ModelChunk> out) {
    GlobalModel model;
    RoundRef ref;
    try {
      ref = authenticate(request.getRef(), request.getSessionToken().toByteArray());
      model = controller(ref.jobId()).download(ref);
    } catch (RuntimeException e) {
      fail(out, "model download", request.getRef(), e);
      return;
    }
    double[] params = model.parameters();
    ModelChunk header = ModelChunk.newBuilder().setHeader(WireCodec.header(ref.jobId(),
        model.round(), model.spec(), model.featureNames(), model.standardizer(), params.length))
        .build();
    stream(out, header, Chunking.chunkCount(params.length),
        i -> ModelChunk.newBuilder().setValues(Chunking.chunk(params, i)).build());
  }

  /** Paillier aggregation: the round's encrypted sum, streamed to the key holder alone. */
  @Override
  public void downloadEncryptedSum(DownloadRequest request, StreamObserver<EncryptedChunk> out) {
    PackedEncryptedVector sum;
    RoundRef ref;
    try {
      ref = authenticate(request.getRef(), request.getSessionToken().toByteArray());
      sum = PaillierWire.toProto(controller(ref.jobId()).encryptedSum(ref));
    } catch (RuntimeException e) {
      fail(out, "encrypted-sum download", request.getRef(), e);
      return;
    }
    List<ByteString> ciphertexts = sum.getValuesList();
    LOG.debug("job {} round {}: sending the encrypted sum ({} ciphertexts) to key holder {}",
        ref.jobId(), ref.round(), ciphertexts.size(), ref.participantId());
    stream(out, EncryptedChunk.newBuilder().setHeader(sum.toBuilder().clearValues()).build(),
        Chunking.Payload.CIPHERTEXTS.chunkCount(ciphertexts.size()),
        i -> EncryptedChunk.newBuilder().setCiphertexts(Chunking.chunk(ciphertexts, i)).build());
  }

  /**
   * Streams a header and {@code chunks} chunks, sending only while the transport is ready (flow
   * control), so a slow client never makes the coordinator buffer a whole vector per participant.
   */
  private static <T> void stream(StreamObserver<T> out, T header, int chunks,
      IntFunction<T> chunkAt) {
    ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) out;
    int[] next = {-1};
    AtomicBoolean done = new AtomicBoolean();
    Runnable drain = () -> {
      while (!done.get() && call.isReady() && !call.isCancelled()) {
        if (next[0] == -1) {
          call.onNext(header);
        } else if (next[0] < chunks) {
          call.onNext(chunkAt.apply(next[0]));
        } else {
          done.set(true);
          call.onCompleted();
          return;
        }
        next[0]++;
      }
    };
    call.setOnReadyHandler(drain);
    call.setOnCancelHandler(() -> done.set(true));
    drain.run();
  }

  @Override
  public StreamObserver<UpdateChunk> submitUpdate(StreamObserver<SubmitAck> out) {
    return new StreamObserver<>() {
      private RoundRef ref;
      private UpdateHeader header;
      private UpdateKind kind;
      private Chunking.Assembler assembler;
      private boolean failed;

      @Override
      public void onNext(UpdateChunk chunk) {
        if (failed) {
          return;
        }
        try {
          if (header == null) {
            if (!chunk.hasHeader()) {
              throw new Rejection(Reason.MALFORMED,
                  "an update stream must start with its header, got a values chunk");
            }
            header = chunk.getHeader();
            ref = authenticate(header.getRef(), header.getSessionToken().toByteArray());
            WireLimits.count("header.metrics", header.getMetricsCount(), WireLimits.MAX_METRICS);
            WireLimits.ids("header.metrics", header.getMetricsMap().keySet());
            kind = WireCodec.fromProto(header.getKind());
            if ((kind == UpdateKind.ENCRYPTED_INPUT) != header.hasEncrypted()) {
              throw new Rejection(Reason.MALFORMED, ref + ": " + (header.hasEncrypted()
                  ? "only an ENCRYPTED_INPUT header carries an encrypted-vector header"
                  : "an ENCRYPTED_INPUT header needs its encrypted-vector header"));
            }
            controller(ref.jobId()).precheck(ref, kind, header.getLength(),
                header.getNumExamples());
            assembler = new Chunking.Assembler(ref.toString(), header.getLength(),
                header.getNumChunks(), MAX_UPDATE_VALUES, Chunking.Payload.of(kind));
          } else if (chunk.hasHeader()) {
            throw new Rejection(Reason.MALFORMED, ref + ": a second header in one update stream");
          } else {
            assembler.add(chunk.getValues());
          }
        } catch (RuntimeException e) {
          failed = true;
          fail(out, "update", header == null ? null : header.getRef(), e);
        }
      }

      @Override
      public void onError(Throwable t) {
        failed = true;
        LOG.debug("update stream from {} broke off: {}", ref, t.toString());
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        respond(out, "update", () -> {
          if (assembler == null) {
            throw new Rejection(Reason.MALFORMED, "an update stream ended without a header");
          }
          ServedJob c = controller(ref.jobId());
          switch (kind) {
            case MASKED_INPUT -> c.submitMasked(ref, assembler.words());
            case ENCRYPTED_INPUT -> c.submitEncrypted(ref, WireCodec.packed(
                header.getEncrypted(), assembler.ciphertexts(), c.paillierKey(ref),
                ref.toString()));
            case DECRYPTED_SUM -> c.submitDecryptedSum(ref, assembler.words());
            default -> c.submit(new Update(ref, kind, header.getNumExamples(),
                assembler.result(), header.getMetricsMap()));
          }
          LOG.debug("job {} round {}: accepted {} from {}", ref.jobId(), ref.round(), kind,
              ref.participantId());
          return SubmitAck.newBuilder().setRef(WireCodec.toProto(ref)).setAccepted(true).build();
        }, header == null ? null : header.getRef()); // an empty stream has no header
      }
    };
  }

  @Override
  public void submitEvaluation(EvaluationReport request, StreamObserver<SubmitAck> out) {
    respond(out, "evaluation", () -> {
      RoundRef ref = authenticate(request.getRef(), request.getSessionToken().toByteArray());
      EvaluationResult result;
      try {
        result = new EvaluationResult(ref.participantId(), request.getNumExamples(),
            WireCodec.fromProto(request.getHistogram(), MAX_HISTOGRAM_BINS),
            request.getLogLossSum());
      } catch (IllegalArgumentException e) {
        throw new Rejection(Reason.INVALID_VALUE, ref + ": " + e.getMessage());
      }
      controller(ref.jobId()).submitEvaluation(ref, result);
      return SubmitAck.newBuilder().setRef(WireCodec.toProto(ref)).setAccepted(true).build();
    }, request.getRef());
  }

  @Override
  public void submitSecAgg(SecAggSubmission request, StreamObserver<SubmitAck> out) {
    respond(out, "secure-aggregation message", () -> {
      RoundRef ref = authenticate(request.getRef(), request.getSessionToken().toByteArray());
      secAggLimits(request);
      ServedJob c = controller(ref.jobId());
      String who = ref.participantId();
      switch (request.getBodyCase()) {
        case KEYS -> {
          if (!request.getKeys().getParty().equals(who)) {
            throw new Rejection(Reason.INVALID_VALUE, ref + ": keys name party '"
                + request.getKeys().getParty() + "'");
          }
          PublicKeys keys = WireCodec.fromProto(request.getKeys());
          requireBound(ref, SecAggClient.binding(ref.jobId(), ref.round(), who,
              keys.envelopeKey(), keys.maskKey()), keys.attestation());
          c.submitKeys(ref, keys);
        }
        case SHARES -> c.submitShares(ref, WireCodec.fromProto(who, request.getShares()));
        case UNMASK -> c.submitUnmask(ref, WireCodec.fromProto(who, request.getUnmask()));
        default -> throw new Rejection(Reason.INVALID_VALUE, ref
            + ": secure-aggregation message has no body");
      }
      return SubmitAck.newBuilder().setRef(WireCodec.toProto(ref)).setAccepted(true).build();
    }, request.getRef());
  }

  /** Size limits on a secure-aggregation message: entry counts, id lengths, blob sizes. */
  private static void secAggLimits(SecAggSubmission request) {
    int max = WireLimits.MAX_SECAGG_BYTES;
    WireLimits.id("keys.party", request.getKeys().getParty());
    WireLimits.bytes("keys.envelope_key", request.getKeys().getEnvelopeKey().size(), max);
    WireLimits.bytes("keys.mask_key", request.getKeys().getMaskKey().size(), max);
    KeyAttestationWire.limits("keys.attestation", request.getKeys().getAttestation());
    WireLimits.count("shares.envelopes", request.getShares().getEnvelopesCount(),
        WireLimits.MAX_SECAGG_ENTRIES);
    for (var e : request.getShares().getEnvelopesList()) {
      WireLimits.id("shares.envelopes[].party", e.getParty());
      WireLimits.bytes("shares.envelopes[].envelope", e.getEnvelope().size(), max);
    }
    for (var list : List.of(request.getUnmask().getSelfMaskSharesList(),
        request.getUnmask().getMaskKeySharesList())) {
      WireLimits.count("unmask shares", list.size(), WireLimits.MAX_SECAGG_ENTRIES);
      for (var s : list) {
        WireLimits.id("unmask shares[].owner", s.getOwner());
        WireLimits.bytes("unmask shares[].share", s.getShare().size(), max);
      }
    }
  }

  @Override
  public void submitPaillierKey(PaillierKeySubmission request, StreamObserver<SubmitAck> out) {
    respond(out, "Paillier key", () -> {
      RoundRef ref = authenticate(request.getRef(), request.getSessionToken().toByteArray());
      KeyAttestation attestation = KeyAttestationWire.fromProto("attestation",
          request.hasAttestation(), request.getAttestation());
      PaillierPublicKey key = WireCodec.paillierKey(request.getKey());
      requireBound(ref, PaillierAggregationConfig.keyBinding(ref.jobId(), ref.round(),
          ref.participantId(), key), attestation);
      controller(ref.jobId()).submitPaillierKey(ref, key, attestation);
      LOG.info("job {} round {}: key holder {} sent the job's {}-bit Paillier key {}",
          ref.jobId(), ref.round(), ref.participantId(), key.parameters().modulusBits(),
          key.keyId());
      return SubmitAck.newBuilder().setRef(WireCodec.toProto(ref)).setAccepted(true).build();
    }, request.getRef());
  }

  @Override
  public void leave(LeaveRequest request, StreamObserver<LeaveResponse> out) {
    respond(out, "leave", () -> {
      RoundRef ref = authenticate(request.getRef(), request.getSessionToken().toByteArray());
      WireLimits.text("reason", request.getReason(), WireLimits.MAX_TEXT_CHARS);
      controller(ref.jobId()).leave(ref.participantId());
      LOG.info("job {}: participant {} left ({})", ref.jobId(), ref.participantId(),
          request.getReason().isEmpty() ? "no reason given" : request.getReason());
      return LeaveResponse.getDefaultInstance();
    }, request.getRef());
  }

  // -------------------------------------------------------------------------------------------

  private interface Call<T> {
    T run();
  }

  private <T> void respond(StreamObserver<T> out, String what, Call<T> call) {
    respond(out, what, call, null);
  }

  private <T> void respond(StreamObserver<T> out, String what, Call<T> call,
      io.fedcredit.proto.RoundRef ref) {
    T response;
    try (LogContext scope = ref == null ? LogContext.of(null, null)
        : LogContext.of(ref.getJobId(), ref.getRound(), ref.getParticipantId())) {
      try {
        response = call.run();
      } catch (RuntimeException e) {
        fail(out, what, ref, e);
        return;
      }
    }
    out.onNext(response);
    out.onCompleted();
  }

  private static void fail(StreamObserver<?> out, String what, io.fedcredit.proto.RoundRef ref,
      RuntimeException e) {
    String who = ref == null ? "" : " (job " + ref.getJobId() + ", round " + ref.getRound()
        + ", participant " + ref.getParticipantId() + ")";
    if (e instanceof Rejection r) {
      LOG.warn("rejected {}{}: {} {}", what, who, r.reason(), r.getMessage());
      out.onError(RejectionStatus.of(r).asRuntimeException());
    } else if (e instanceof StatusRuntimeException s) {
      out.onError(s);
    } else {
      LOG.error("internal error in {}{}", what, who, e);
      out.onError(Status.INTERNAL.withDescription(what + " failed on the coordinator: "
          + e.getClass().getSimpleName()).asRuntimeException());
    }
  }
}
