package io.fedcredit.client.scoring;

import io.fedcredit.core.serving.PartialScoreEngine.Refusal;
import io.fedcredit.core.serving.PartialScoreEngine.RefusedException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/**
 * The typed statuses of the scoring services: a refused partial-score request is a gRPC status
 * whose description starts with the refusal's name, plus the trailer {@code fedcredit-refusal}
 * carrying that name, so a caller can tell "model version unknown" from any other failure
 * without parsing text.
 */
public final class ScoringStatus {
  /** The trailer naming the {@link Refusal}. */
  public static final Metadata.Key<String> REFUSAL =
      Metadata.Key.of("fedcredit-refusal", Metadata.ASCII_STRING_MARSHALLER);

  private ScoringStatus() {}

  /**
   * The status a refusal is answered with: {@code MODEL_VERSION_UNKNOWN} as FAILED_PRECONDITION,
   * {@code NOT_ALLOWED} as PERMISSION_DENIED, {@code INVALID_REQUEST} as INVALID_ARGUMENT,
   * {@code TOO_LARGE} as RESOURCE_EXHAUSTED.
   */
  public static StatusRuntimeException of(RefusedException e) {
    Status base = switch (e.refusal()) {
      case MODEL_VERSION_UNKNOWN -> Status.FAILED_PRECONDITION;
      case NOT_ALLOWED -> Status.PERMISSION_DENIED;
      case INVALID_REQUEST -> Status.INVALID_ARGUMENT;
      case TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
    };
    Metadata trailers = new Metadata();
    trailers.put(REFUSAL, e.refusal().name());
    return base.withDescription(e.getMessage()).asRuntimeException(trailers);
  }

  /** The refusal a failed call carries, if it is one of these statuses. */
  public static Optional<Refusal> refusal(Throwable t) {
    Metadata trailers = Status.trailersFromThrowable(t);
    String name = trailers == null ? null : trailers.get(REFUSAL);
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Refusal.valueOf(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
