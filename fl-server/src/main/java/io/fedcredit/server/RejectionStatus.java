package io.fedcredit.server;

import io.fedcredit.core.protocol.Rejection;
import io.grpc.Status;

/** Maps a protocol {@link Rejection} to the gRPC status a client sees. */
final class RejectionStatus {
  private RejectionStatus() {}

  static Status of(Rejection r) {
    Status base = switch (r.reason()) {
      case UNKNOWN_JOB -> Status.NOT_FOUND;
      case UNKNOWN_PARTICIPANT -> Status.UNAUTHENTICATED;
      case NOT_ALLOWED, WRONG_IDENTITY, UNBOUND_KEY -> Status.PERMISSION_DENIED;
      case SCHEMA_MISMATCH, WRONG_SHAPE, NON_FINITE, INVALID_VALUE, MALFORMED ->
          Status.INVALID_ARGUMENT;
      case STALE_ROUND, FUTURE_ROUND, WRONG_PHASE, NOT_SELECTED, DEADLINE_PASSED, JOB_FINISHED ->
          Status.FAILED_PRECONDITION;
      case DUPLICATE -> Status.ALREADY_EXISTS;
      case TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
    };
    return base.withDescription(r.reason() + ": " + r.getMessage());
  }
}
