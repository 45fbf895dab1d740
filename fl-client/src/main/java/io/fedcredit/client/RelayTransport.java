package io.fedcredit.client;

import io.fedcredit.core.relay.Envelope;
import io.fedcredit.core.relay.EnvelopeTransport;
import io.fedcredit.proto.RelayEnvelope;
import io.fedcredit.proto.RelayReceiveRequest;
import io.fedcredit.proto.RelayReceiveResponse;
import io.fedcredit.proto.RelayRegisterRequest;
import io.fedcredit.proto.RelayRegisterResponse;
import io.fedcredit.proto.RelaySendRequest;
import io.fedcredit.proto.VerticalRelayGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One party's way to the coordinator's vertical relay over gRPC: registers, sends envelopes and
 * long-polls for them. Every call has a deadline; a coordinator that is briefly unavailable is
 * retried (sends are safe to repeat: the relay ignores an envelope it already accepted).
 * Not thread-safe.
 */
final class RelayTransport implements EnvelopeTransport {
  private final VerticalRelayGrpc.VerticalRelayBlockingStub stub;
  private final String jobId;
  private final String party;
  private final Duration callTimeout;
  private final Duration retryBudget;
  private ByteString token;
  private long longPollMs;
  private int maxPayload;

  RelayTransport(Channel channel, String jobId, String party, Duration callTimeout,
      Duration retryBudget) {
    this.stub = VerticalRelayGrpc.newBlockingStub(channel);
    this.jobId = jobId;
    this.party = party;
    this.callTimeout = callTimeout;
    this.retryBudget = retryBudget;
  }

  /** Registers with the relay. @throws FederationException when refused or unreachable */
  void register(String libraryVersion) {
    RelayRegisterResponse r = retrying("register", () -> stub
        .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .register(RelayRegisterRequest.newBuilder().setJobId(jobId).setPartyId(party)
            .setLibraryVersion(libraryVersion).build()));
    token = r.getSessionToken();
    longPollMs = r.getLongPollMs();
    maxPayload = r.getMaxPayloadBytes();
  }

  @Override
  public void send(Envelope e) {
    RelayEnvelope proto = RelayEnvelope.newBuilder().setJobId(e.jobId()).setFrom(e.from())
        .setTo(e.to()).setType(e.type()).setSequence(e.sequence()).setPart(e.part())
        .setParts(e.parts()).setPayload(ByteString.copyFrom(e.payload())).build();
    retrying("send to " + e.to(), () -> stub
        .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .send(RelaySendRequest.newBuilder().setSessionToken(token).setEnvelope(proto).build()));
  }

  @Override
  public Envelope receive(String from, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
      long wait = Math.min(longPollMs, left);
      RelayReceiveResponse r = retrying("receive from " + from, () -> stub
          .withDeadlineAfter(wait + callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .receive(RelayReceiveRequest.newBuilder().setJobId(jobId).setPartyId(party)
              .setSessionToken(token).setFrom(from).setWaitMs(wait).build()));
      if (r.hasEnvelope()) {
        RelayEnvelope e = r.getEnvelope();
        return new Envelope(e.getJobId(), e.getFrom(), e.getTo(), e.getType(), e.getSequence(),
            e.getPart(), e.getParts(), e.getPayload().toByteArray());
      }
      if (System.nanoTime() >= deadline) {
        return null;
      }
    }
  }

  @Override
  public int maxPayloadBytes() {
    return maxPayload;
  }

  private <T> T retrying(String what, java.util.function.Supplier<T> call) {
    long deadline = System.nanoTime() + retryBudget.toNanos();
    long backoff = 100;
    while (true) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        Status.Code c = e.getStatus().getCode();
        boolean transientFailure = c == Status.Code.UNAVAILABLE
            || c == Status.Code.DEADLINE_EXCEEDED || c == Status.Code.RESOURCE_EXHAUSTED;
        if (!transientFailure || System.nanoTime() > deadline) {
          throw new FederationException(party + " in vertical job " + jobId + ": " + what
              + " failed: " + e.getStatus(), e);
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new FederationException(party + ": interrupted during " + what, ie);
        }
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }
}
