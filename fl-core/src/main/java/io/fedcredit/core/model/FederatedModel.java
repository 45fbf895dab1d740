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
   * @return the mean training loss of the last epoch and the number of training rows
   * @throws IllegalArgumentException if the table is unlabelled, empty or has the wrong number of
   *     features
   * @throws io.fedcredit.core.FedCreditException if training diverged to a non-finite parameter;
   *     the parameters are then left as they were
   */
  default TrainingResult train(FeatureTable data, TrainingConfig config) {
    return train(data, config, parameters());
  }

  /**
   * Trains like {@link #train(FeatureTable, TrainingConfig)}, with the proximal term
   * {@code (config.proximalMu()/2) |w - anchor|^2} pulling toward {@code anchor} instead of
   * toward the starting parameters (Ditto trains a personal model toward the global one this
   * way). Without a proximal term the anchor is ignored.
   *
   * @param anchor parameters of the same length as {@link #parameters()}
   * @throws IllegalArgumentException if the anchor has the wrong length
   */
  default TrainingResult train(FeatureTable data, TrainingConfig config, double[] anchor) {
    return train(data, config, anchor, EpochListener.NONE);
  }

  /**
   * Trains like {@link #train(FeatureTable, TrainingConfig, double[])} and tells
   * {@code listener} after every epoch (for a progress bar; it must be quick and not throw).
   */
  TrainingResult train(FeatureTable data, TrainingConfig config, double[] anchor,
      EpochListener listener);

  /** Hears, on the training thread, that an epoch of local training ended. */
  @FunctionalInterface
  interface EpochListener {
    /** Hears nothing. */
    EpochListener NONE = (epoch, epochs, loss) -> { };

    /**
     * @param epoch epochs done so far (1 after the first)
     * @param epochs epochs this call trains
     * @param loss the mean training loss of the epoch
     */
    void onEpoch(int epoch, int epochs, double loss);
  }

  /** Probability of default (label 1) for every row. */
  double[] predict(FeatureTable data);

  /** An independent copy with the same spec and parameters. */
  FederatedModel copy();

  /**
   * What one call to {@link #train} did.
   *
   * @param lastEpochLoss mean log-loss (without the L2 penalty) of the last epoch's mini-batches,
   *     each measured before its own step
   * @param examples rows of the training table, the weight of this update in FedAvg (not
   *     multiplied by the epochs)
   * @param epochs passes made over the table
   */
  record TrainingResult(double lastEpochLoss, long examples, int epochs) {}
}
