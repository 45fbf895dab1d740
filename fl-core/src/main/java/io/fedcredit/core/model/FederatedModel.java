package io.fedcredit.core.model;

import io.fedcredit.core.data.FeatureTable;

/**
 * A model whose state is one flat vector of parameters, so that parties can exchange and
 * average it. Implementations are mutable and not thread-safe: one party trains one instance.
 * Tables passed in must already be standardized (see {@link Standardizer}) and have exactly
 * {@link ModelSpec#numFeatures()} features.
 */
public interface FederatedModel {

  ModelSpec spec();

  /** Length of {@link #parameters()}. */
  int numParameters();

  /** A copy of the current parameters. */
  double[] parameters();

  /**
   * Replaces the parameters.
   *
   * @throws IllegalArgumentException if the length differs from {@link #numParameters()} or a
   *     value is not finite
   */
  void setParameters(double[] parameters);

  /**
   * Trains on a labelled table for {@code config.localEpochs()} epochs, starting from the current
   * parameters, with a fresh optimizer state and shuffling seeded by {@code config.seed()}.
   *
   * @return the mean training loss of the last epoch and the number of examples seen
   */
  TrainingResult train(FeatureTable data, TrainingConfig config);

  /** Probability of default (label 1) for every row. */
  double[] predict(FeatureTable data);

  /** An independent copy with the same spec and parameters. */
  FederatedModel copy();

  /** What one call to {@link #train} did. */
  record TrainingResult(double lastEpochLoss, long examples, int epochs) {}
}
