package io.fedcredit.client.scoring;

import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.transport.PeerIdentity;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.proto.PartialScoreGrpc;
import io.fedcredit.proto.PartialScoreRequest;
import io.fedcredit.proto.PartialScoreResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Objects;

/**
 * The data node's {@code PartialScore} gRPC service: a thin adapter over a
 * {@link PartialScoreEngine}. Under mutual TLS the caller is the party its certificate names, and
 * only the bank of the requested model is answered; a call whose deadline has already passed is
 * answered DEADLINE_EXCEEDED without work; refusals are typed ({@link ScoringStatus}). Never
 * blocks, so it may run on the event loop.
 */
public final class PartialScoreService extends PartialScoreGrpc.PartialScoreImplBase {
  private final PartialScoreEngine engine;

  /** Serves the engine's models from its current table. */
  public PartialScoreService(PartialScoreEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public void score(PartialScoreRequest request,
      StreamObserver<PartialScoreResponse> responses) {
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null && deadline.isExpired()) {
      responses.onError(Status.DEADLINE_EXCEEDED
          .withDescription("the call's deadline passed before the data node began")
          .asRuntimeException());
      return;
    }
    PartialScoreResponse out;
    try {
      out = engine.score(request, PeerIdentity.current().map(PartyIdentity::partyId));
    } catch (PartialScoreEngine.RefusedException e) {
      responses.onError(ScoringStatus.of(e));
      return;
    }
    responses.onNext(out);
    responses.onCompleted();
  }
}
