package io.fedcredit.server;

import io.fedcredit.core.model.GlobalModel;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the coordinator keeps what must survive a restart: the global model after each
 * completed round and a log of rounds. One seam, so a database-backed store can replace files.
 */
public interface JobStore {

  /** Persists the global model of a completed round; atomic (all or nothing). */
  void saveCheckpoint(GlobalModel model) throws IOException;

  /** The last checkpointed model of a job, if any. */
  Optional<GlobalModel> loadCheckpoint(String jobId) throws IOException;

  /** Appends one line (a JSON object) to the job's round log. */
  void appendRoundLog(String jobId, String jsonLine) throws IOException;

  /**
   * Persists a strategy's {@link io.fedcredit.core.strategy.Strategy#snapshot() snapshot} taken
   * after {@code round}; called before {@link #saveCheckpoint} of the same round, whose atomic
   * replacement is the commit point: a crash between the two leaves the previous round's model
   * and snapshot in force. Keeps nothing by default.
   */
  default void saveStrategyState(String jobId, long round, byte[] snapshot) throws IOException {}

  /** The strategy snapshot saved with {@code round}'s checkpoint, if any. */
  default Optional<byte[]> loadStrategyState(String jobId, long round) throws IOException {
    return Optional.empty();
  }

  /**
   * Whether the store holds anything of the job (a checkpoint, or a round log): a job that ran
   * before. Horizontal boosting jobs, which cannot resume, refuse to start over such a job.
   */
  default boolean hasHistory(String jobId) throws IOException {
    return loadCheckpoint(jobId).isPresent();
  }

  /** A store that keeps nothing (tests). */
  static JobStore none() {
    return new JobStore() {
      @Override
      public void saveCheckpoint(GlobalModel model) {}

      @Override
      public Optional<GlobalModel> loadCheckpoint(String jobId) {
        return Optional.empty();
      }

      @Override
      public void appendRoundLog(String jobId, String jsonLine) {}
    };
  }
}
