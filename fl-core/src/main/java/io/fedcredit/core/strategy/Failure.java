package io.fedcredit.core.strategy;

import java.util.Objects;

/**
 * A participant that was asked to do something in a round and did not deliver. Partial failure
 * is part of the contract: strategies receive these alongside the results.
 *
 * @param participantId who failed
 * @param kind why
 * @param detail human-readable detail for the log (never data)
 */
public record Failure(String participantId, Kind kind, String detail) {

  /** Why a participant's contribution is missing. */
  public enum Kind {
    /** Missed the phase deadline (a straggler). */
    TIMEOUT,
    /** Left the job or was disconnected during the round. */
    LEFT,
    /** Sent something the coordinator refused. */
    REJECTED
  }

  public Failure {
    Objects.requireNonNull(participantId, "participantId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }
}
