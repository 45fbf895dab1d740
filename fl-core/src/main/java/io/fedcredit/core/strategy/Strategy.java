package io.fedcredit.core.strategy;

import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.model.GlobalModel;
import java.util.List;
import java.util.Optional;

/**
 * A federated aggregation algorithm, in the shape of Flower's {@code Strategy}. The coordinator
 * asks it who should train and how, hands it the round's results and failures, and applies the
 * parameters it returns. A strategy holds no sockets, no threads and no membership: those belong
 * to the round controller and the participant registry.
 */
public interface Strategy {

  /** A short description for logs and model provenance, e.g. {@code FedAvg(fractionFit=1.0)}. */
  String describe();

  /**
   * Chooses the participants of a fit round and their training configuration.
   *
   * @param round the round number, from 1
   * @param current the global model the round starts from
   * @param available ids of participants currently connected, in a stable order
   * @return instructions; empty when too few participants are available
   */
  List<FitInstruction> configureFit(long round, GlobalModel current, List<String> available);

  /**
   * Computes the next global parameters from a round's results.
   *
   * @param failures participants that were instructed but did not deliver
   * @return new parameters, or empty to keep {@code current} (e.g. too few results)
   */
  Optional<double[]> aggregateFit(
      long round, GlobalModel current, FitResults results, List<Failure> failures);

  /** Chooses the participants that evaluate the new global model; empty to skip evaluation. */
  List<String> configureEvaluate(long round, GlobalModel current, List<String> available);

  /**
   * Pools the participants' evaluations (merged score histograms, summed log-loss).
   *
   * @return pooled metrics, or empty when there are no results
   */
  Optional<EvaluationMetrics> aggregateEvaluate(
      long round, List<EvaluationResult> results, List<Failure> failures);

  /**
   * Why the job should stop now, e.g. a privacy budget that one more round would exceed; the
   * coordinator asks before and after {@link #configureFit} and ends the job with the current
   * model. Empty by default.
   */
  default Optional<String> stopReason() {
    return Optional.empty();
  }

  /** The privacy guarantees this strategy adds, for model provenance; {@code none} by default. */
  default String privacy() {
    return "none";
  }

  /**
   * Names of the scalars each participant sends with its update, summed like it (for example
   * the clipped-update count of adaptive clipping). Empty by default.
   */
  default List<String> auxiliaryNames() {
    return List.of();
  }

  /**
   * The state this strategy carries from one round to the next (server optimizer moments, a
   * privacy accountant), to be saved with each completed round's checkpoint so that a restarted
   * coordinator continues the job exactly where it stopped. Wrappers include their inner
   * strategy's snapshot. Empty (no state) by default; does not mutate.
   */
  default byte[] snapshot() {
    return new byte[0];
  }

  /**
   * Restores a {@link #snapshot()} taken from a strategy with the same configuration, on a
   * freshly built instance before its first round.
   *
   * @throws IllegalArgumentException when the snapshot was not taken from such a strategy
   */
  default void restore(byte[] snapshot) {
    if (snapshot.length != 0) {
      throw new IllegalArgumentException(describe() + " keeps no state between rounds, but was"
          + " given a snapshot of " + snapshot.length + " bytes");
    }
  }
}
