package io.fedcredit.server;

import com.google.protobuf.ByteString;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.relay.Envelope;
import io.fedcredit.core.relay.Mailboxes;
import io.fedcredit.core.vertical.VerticalJobConfig;
import io.fedcredit.core.wire.WireLimits;
import io.fedcredit.proto.RelayEnvelope;
import io.fedcredit.proto.RelayReceiveRequest;
import io.fedcredit.proto.RelayReceiveResponse;
import io.fedcredit.proto.RelayRegisterRequest;
import io.fedcredit.proto.RelayRegisterResponse;
import io.fedcredit.proto.RelaySendRequest;
import io.fedcredit.proto.RelaySendResponse;
import io.fedcredit.proto.VerticalRelayGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's relay for vertical jobs: a thin gRPC adapter over each job's {@link
 * Mailboxes}. Parties register (and get a session token), send envelopes to a named party and
 * long-poll for the next envelope from a named party. It reads no payload; guest-host payloads
 * are sealed. Refusals are precise statuses whose description names the field at fault.
 */
public final class VerticalRelayService extends VerticalRelayGrpc.VerticalRelayImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(VerticalRelayService.class);
  /** Longest a Receive call waits before answering without an envelope. */
  static final long LONG_POLL_MS = 10_000;

  private final Map<String, Mailboxes> jobs = new ConcurrentHashMap<>();
  private final Sessions sessions = new Sessions();

  /** Serves a job's mailboxes. */
  public void addJob(Mailboxes mailboxes) {
    if (jobs.putIfAbsent(mailboxes.jobId(), mailboxes) != null) {
      throw new IllegalArgumentException("vertical job " + mailboxes.jobId()
          + " is already served");
    }
  }

  private Mailboxes job(String jobId) {
    Mailboxes m = jobs.get(jobId);
    if (m == null) {
      throw new Rejection(Reason.UNKNOWN_JOB, "job_id '" + jobId
          + "' is not a vertical job served here; jobs: " + jobs.keySet());
    }
    return m;
  }

  @Override
  public void register(RelayRegisterRequest request,
      StreamObserver<RelayRegisterResponse> out) {
    respond(out, () -> {
      WireLimits.id("job_id", request.getJobId());
      WireLimits.id("party_id", request.getPartyId());
      WireLimits.text("library_version", request.getLibraryVersion(), WireLimits.MAX_TEXT_CHARS);
      Mailboxes m = job(request.getJobId());
      java.util.Optional<io.fedcredit.crypto.pki.PartyIdentity> peer =
          io.fedcredit.core.transport.PeerIdentity.current();
      if (peer.isPresent() && !peer.get().partyId().equals(request.getPartyId())) {
        // under mutual TLS a party registers only as itself: no one can take over its mailbox
        throw new Rejection(Reason.WRONG_IDENTITY, "party_id '" + request.getPartyId()
            + "' is not the caller's certified party " + peer.get());
      }
      if (!m.hasParty(request.getPartyId())
          || VerticalJobConfig.ARBITER.equals(request.getPartyId())) {
        throw new Rejection(Reason.NOT_ALLOWED, "party_id '"
            + request.getPartyId() + "' is not a guest or host of job " + request.getJobId());
      }
      byte[] token = sessions.issue(request.getJobId(), request.getPartyId());
      LOG.info("vertical job {}: {} registered (library {})", request.getJobId(),
          request.getPartyId(), request.getLibraryVersion());
      return RelayRegisterResponse.newBuilder().setSessionToken(ByteString.copyFrom(token))
          .setLongPollMs(LONG_POLL_MS).setMaxPayloadBytes(m.maxPayloadBytes()).build();
    });
  }

  @Override
  public void send(RelaySendRequest request, StreamObserver<RelaySendResponse> out) {
    respond(out, () -> {
      RelayEnvelope e = request.getEnvelope();
      WireLimits.id("envelope.job_id", e.getJobId());
      WireLimits.id("envelope.from", e.getFrom());
      WireLimits.id("envelope.to", e.getTo());
      WireLimits.id("envelope.type", e.getType());
      WireLimits.bytes("session_token", request.getSessionToken().size(),
          WireLimits.MAX_TOKEN_BYTES);
      Mailboxes m = job(e.getJobId());
      sessions.check(e.getJobId(), e.getFrom(), request.getSessionToken().toByteArray());
      if (e.getParts() < 1 || e.getPart() < 0 || e.getPart() >= e.getParts()) {
        throw new Rejection(Reason.INVALID_VALUE, "envelope.part " + e.getPart()
            + " of envelope.parts " + e.getParts());
      }
      if (e.getSequence() < 0) {
        throw new Rejection(Reason.INVALID_VALUE, "envelope.sequence "
            + e.getSequence() + " is negative");
      }
      m.deposit(fromProto(e));
      return RelaySendResponse.getDefaultInstance();
    });
  }

  @Override
  public void receive(RelayReceiveRequest request, StreamObserver<RelayReceiveResponse> out) {
    respond(out, () -> {
      WireLimits.id("job_id", request.getJobId());
      WireLimits.id("party_id", request.getPartyId());
      WireLimits.id("from", request.getFrom());
      WireLimits.bytes("session_token", request.getSessionToken().size(),
          WireLimits.MAX_TOKEN_BYTES);
      Mailboxes m = job(request.getJobId());
      sessions.check(request.getJobId(), request.getPartyId(),
          request.getSessionToken().toByteArray());
      long wait = Math.max(0, Math.min(LONG_POLL_MS, request.getWaitMs()));
      Envelope e;
      try {
        e = m.take(request.getFrom(), request.getPartyId(), Duration.ofMillis(wait));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw Status.UNAVAILABLE.withDescription("coordinator is shutting down")
            .asRuntimeException();
      }
      RelayReceiveResponse.Builder b = RelayReceiveResponse.newBuilder();
      if (e != null) {
        b.setEnvelope(toProto(e));
      }
      return b.build();
    });
  }

  /** An envelope in its wire form. */
  public static RelayEnvelope toProto(Envelope e) {
    return RelayEnvelope.newBuilder().setJobId(e.jobId()).setFrom(e.from()).setTo(e.to())
        .setType(e.type()).setSequence(e.sequence()).setPart(e.part()).setParts(e.parts())
        .setPayload(ByteString.copyFrom(e.payload())).build();
  }

  /** An envelope from its wire form. */
  public static Envelope fromProto(RelayEnvelope e) {
    return new Envelope(e.getJobId(), e.getFrom(), e.getTo(), e.getType(), e.getSequence(),
        e.getPart(), e.getParts(), e.getPayload().toByteArray());
  }

  private static <T> void respond(StreamObserver<T> out, Supplier<T> body) {
    try {
      out.onNext(body.get());
      out.onCompleted();
    } catch (Rejection r) {
      LOG.warn("relay refused: {}", r.getMessage());
      out.onError(RejectionStatus.of(r).asRuntimeException());
    } catch (StatusRuntimeException e) {
      out.onError(e);
    } catch (RuntimeException e) {
      LOG.error("relay failed", e);
      out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
    }
  }
}
