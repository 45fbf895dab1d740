package io.fedcredit.core.protocol;

import io.fedcredit.core.protocol.Rejection.Reason;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks every horizontal job makes when a participant joins, and on its later messages. */
final class Admission {
  private Admission() {}

  /**
   * Refuses a participant that may not join.
   *
   * @param needed the job's features
   * @param abortReason why the job was aborted, or null when it was not
   * @param training what the job does, for the message ("horizontal training")
   * @throws Rejection NOT_ALLOWED, JOB_FINISHED, or SCHEMA_MISMATCH naming the missing features
   *     or the missing label
   */
  static void check(String jobId, Set<String> allowed, List<String> needed, String participantId,
      List<String> featureNames, boolean hasLabel, String abortReason, String training) {
    if (!allowed.isEmpty() && !allowed.contains(participantId)) {
      throw new Rejection(Reason.NOT_ALLOWED, "participant '" + participantId
          + "' is not allowed in job " + jobId);
    }
    if (abortReason != null) {
      throw new Rejection(Reason.JOB_FINISHED, "job " + jobId + " has been aborted: "
          + abortReason);
    }
    Set<String> have = new HashSet<>(featureNames);
    List<String> missing = needed.stream().filter(f -> !have.contains(f)).toList();
    if (!missing.isEmpty()) {
      throw new Rejection(Reason.SCHEMA_MISMATCH, "participant '" + participantId
          + "' lacks feature column(s) " + missing + " that job " + jobId + " needs");
    }
    if (!hasLabel) {
      throw new Rejection(Reason.SCHEMA_MISMATCH, "participant '" + participantId
          + "' has no label column; " + training + " needs labelled rows");
    }
  }

  /**
   * Refuses a participant that has not joined, or has left.
   *
   * @param action what it tried, for the message ("download the model")
   * @throws Rejection UNKNOWN_PARTICIPANT
   */
  static void requireMember(ParticipantRegistry registry, String jobId, String participantId,
      String action) {
    if (!registry.isMember(participantId)) {
      throw new Rejection(Reason.UNKNOWN_PARTICIPANT, "participant '" + participantId
          + "' has not joined job " + jobId + " and cannot " + action);
    }
  }
}
