package io.fedcredit.client.scoring;

import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.serving.ScoreOutcome;
import io.fedcredit.core.serving.ScoreResult;
import io.fedcredit.core.transport.PeerIdentity;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.proto.CreditScoringGrpc;
import io.fedcredit.proto.Decision;
import io.fedcredit.proto.ReasonCode;
import io.fedcredit.proto.ScoreOutcomeKind;
import io.fedcredit.proto.ScoreRequest;
import io.fedcredit.proto.ScoreResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The bank's {@code CreditScoring} gRPC service, as {@code bin/fl serve bank} runs it: a thin
 * adapter over a {@link CreditScorer} for the bank's own front ends (loan origination), so they
 * need no FedCredit library. Under mutual TLS only the listed parties may call (by default the
 * bank's own party id, so a front end uses a certificate issued to the bank). A typed failure is
 * an answer with its outcome, not a gRPC error; bad input is INVALID_ARGUMENT naming the field.
 * Never blocks.
 */
public final class CreditScoringService extends CreditScoringGrpc.CreditScoringImplBase {
  private final CreditScorer scorer;
  private final Set<String> allowed;

  /**
   * @param allowedCallers party ids that may call under mutual TLS (checked against the caller's
   *     certificate); calls without TLS (tests) are not checked
   */
  public CreditScoringService(CreditScorer scorer, Set<String> allowedCallers) {
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.allowed = Set.copyOf(allowedCallers);
  }

  @Override
  public void score(ScoreRequest request, StreamObserver<ScoreResponse> responses) {
    Optional<String> caller = PeerIdentity.current().map(PartyIdentity::partyId);
    if (caller.isPresent() && !allowed.contains(caller.get())) {
      responses.onError(Status.PERMISSION_DENIED.withDescription("'" + caller.get()
          + "' may not ask this bank for scores (allowed: " + allowed + ")").asRuntimeException());
      return;
    }
    String id = request.getEnterpriseId();
    if (id.isEmpty() || id.length() > PartialScoreEngine.MAX_ID_LENGTH) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription("field 'enterprise_id' must have "
          + "1-" + PartialScoreEngine.MAX_ID_LENGTH + " characters").asRuntimeException());
      return;
    }
    try {
      scorer.scoreAsync(id, request.getBankFeaturesMap()).whenComplete((r, t) -> {
        if (t != null) {
          responses.onError(Status.INTERNAL.withDescription("scoring failed: "
              + t.getMessage()).asRuntimeException());
        } else {
          responses.onNext(toProto(r));
          responses.onCompleted();
        }
      });
    } catch (IllegalArgumentException e) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription("field 'bank_features': "
          + e.getMessage()).asRuntimeException());
    }
  }

  /** The wire form of a result. */
  public static ScoreResponse toProto(ScoreResult r) {
    ScoreResponse.Builder b = ScoreResponse.newBuilder()
        .setEnterpriseId(r.enterpriseId())
        .setModelId(r.modelId())
        .setModelVersion(r.modelVersion())
        .setOutcome(ScoreOutcomeKind.valueOf(r.outcome().kind().name()))
        .putAllMicros(r.micros());
    if (r.outcome() instanceof ScoreOutcome.Scored s) {
      b.setDecision(Decision.valueOf(s.decision().name()))
          .setProbabilityOfDefault(s.probabilityOfDefault())
          .setScore(s.score());
      for (ScoreOutcome.ReasonCode rc : s.reasons()) {
        b.addReasons(ReasonCode.newBuilder().setFeature(rc.feature())
            .setPointsLost(rc.pointsLost()));
      }
    } else {
      b.setDataNode(r.outcome().dataNode()).setDetail(r.outcome().detail());
    }
    return b.build();
  }
}
