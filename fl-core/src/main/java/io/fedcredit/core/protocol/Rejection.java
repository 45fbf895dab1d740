package io.fedcredit.core.protocol;

import io.fedcredit.core.FedCreditException;

/**
 * A protocol refused a message. The reason is typed so transports can map it to a precise status
 * (gRPC: see {@code Reason}'s javadoc); the message names the job, round, participant and what was
 * wrong.
 */
public final class Rejection extends FedCreditException {
  private static final long serialVersionUID = 1L;

  /** Why a message was refused. */
  public enum Reason {
    /** The job does not exist on this coordinator (gRPC NOT_FOUND). */
    UNKNOWN_JOB,
    /** The participant has not joined, or its credentials do not match (UNAUTHENTICATED). */
    UNKNOWN_PARTICIPANT,
    /** The participant is not allowed in this job (PERMISSION_DENIED). */
    NOT_ALLOWED,
    /**
     * The message names a participant other than the one the caller's certificate proves
     * (PERMISSION_DENIED).
     */
    WRONG_IDENTITY,
    /** The participant's table lacks columns the job needs (INVALID_ARGUMENT). */
    SCHEMA_MISMATCH,
    /** The message is for a round that has already ended (FAILED_PRECONDITION). */
    STALE_ROUND,
    /** The message is for a round that has not started (FAILED_PRECONDITION). */
    FUTURE_ROUND,
    /** The message does not belong to the current phase (FAILED_PRECONDITION). */
    WRONG_PHASE,
    /** The participant was not chosen for this round (FAILED_PRECONDITION). */
    NOT_SELECTED,
    /** The phase's deadline passed before the message arrived (FAILED_PRECONDITION). */
    DEADLINE_PASSED,
    /** The job has finished or was aborted (FAILED_PRECONDITION). */
    JOB_FINISHED,
    /** The participant already submitted for this round and phase (ALREADY_EXISTS). */
    DUPLICATE,
    /** The update or histogram has the wrong length or binning (INVALID_ARGUMENT). */
    WRONG_SHAPE,
    /** A value is NaN or infinite (INVALID_ARGUMENT). */
    NON_FINITE,
    /** Any other invalid field, such as a non-positive example count (INVALID_ARGUMENT). */
    INVALID_VALUE,
    /** A stream of chunks was out of order, incomplete or oversized (INVALID_ARGUMENT). */
    MALFORMED,
    /** A message or stream exceeds the configured size limit (RESOURCE_EXHAUSTED). */
    TOO_LARGE,
    /**
     * An announced public key is not bound to the announcing party's certificate: unsigned under
     * mutual TLS, or its signature or certificate does not verify (PERMISSION_DENIED).
     */
    UNBOUND_KEY
  }

  private final Reason reason;

  public Rejection(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
