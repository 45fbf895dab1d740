package io.fedcredit.core.protocol;

import java.util.Objects;

/** Who sends a message, about which job and round. */
public record RoundRef(String jobId, long round, String participantId) {
  public RoundRef {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(participantId, "participantId");
  }

  @Override
  public String toString() {
    return "job " + jobId + ", round " + round + ", participant " + participantId;
  }
}
