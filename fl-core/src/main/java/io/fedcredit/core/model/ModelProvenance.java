package io.fedcredit.core.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Where a global model comes from: job, round, strategy, privacy settings, the ids of the parties
 * whose updates went into it (never their data), library version and runtime.
 *
 * @param jobId job that produced the model
 * @param round completed rounds (0 = initial parameters)
 * @param strategy strategy description, e.g. {@code FedAvg(fractionFit=1.0, minFit=2)}
 * @param privacy privacy settings, e.g. {@code none} or {@code secagg+dp(eps=3)}
 * @param participants ids of the parties aggregated in the last round
 * @param libraryVersion FedCredit version
 * @param runtime JVM and OS that produced the model
 * @param createdAt creation time
 */
public record ModelProvenance(
    String jobId,
    long round,
    String strategy,
    String privacy,
    List<String> participants,
    String libraryVersion,
    String runtime,
    Instant createdAt) {

  public ModelProvenance {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(privacy, "privacy");
    participants = List.copyOf(participants);
    Objects.requireNonNull(libraryVersion, "libraryVersion");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Provenance of a model made now, in this JVM (time to the millisecond, as stored). */
  public static ModelProvenance now(
      String jobId, long round, String strategy, String privacy, List<String> participants) {
    return new ModelProvenance(jobId, round, strategy, privacy, participants,
        LibraryVersion.get(), LibraryVersion.runtime(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
