package io.fedcredit.core.model;

import java.util.Locale;

/**
 * How a party trains locally in one round.
 *
 * @param localEpochs passes over the local table (E in FedAvg), at least 1
 * @param batchSize mini-batch size, at least 1
 * @param learningRate step size, positive
 * @param l2 L2 penalty on the weights (not biases), zero or positive
 * @param seed seed of the local shuffling (and dropout, if any); derive per round and party
 * @param optimizer local optimizer
 * @param proximalMu weight {@code μ} of the proximal term {@code (μ/2) |w - w_anchor|^2} (FedProx,
 *     Li et al., MLSys 2020; Ditto's personal objective): the anchor is the global model the round
 *     starts from. Zero (the default) disables it; it applies to every parameter, biases included
 */
public record TrainingConfig(
    int localEpochs, int batchSize, double learningRate, double l2, long seed, Optimizer optimizer,
    double proximalMu) {

  /** Local optimizers. The optimizer state starts afresh every round. */
  public enum Optimizer {
    SGD,
    ADAM;

    public static Optimizer parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("unknown optimizer '" + text + "': use sgd or adam", e);
      }
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TrainingConfig {
    if (localEpochs < 1) {
      throw new IllegalArgumentException("localEpochs must be >= 1: " + localEpochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be positive: " + learningRate);
    }
    if (!(l2 >= 0) || !Double.isFinite(l2)) {
      throw new IllegalArgumentException("l2 must be >= 0: " + l2);
    }
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer must be set");
    }
    if (!(proximalMu >= 0) || !Double.isFinite(proximalMu)) {
      throw new IllegalArgumentException("proximal mu must be >= 0: " + proximalMu);
    }
  }

  /** A config without a proximal term. */
  public TrainingConfig(
      int localEpochs, int batchSize, double learningRate, double l2, long seed,
      Optimizer optimizer) {
    this(localEpochs, batchSize, learningRate, l2, seed, optimizer, 0.0);
  }

  /** The same config with another seed. */
  public TrainingConfig withSeed(long newSeed) {
    return new TrainingConfig(
        localEpochs, batchSize, learningRate, l2, newSeed, optimizer, proximalMu);
  }

  /** The same config with another number of local epochs. */
  public TrainingConfig withEpochs(int epochs) {
    return new TrainingConfig(epochs, batchSize, learningRate, l2, seed, optimizer, proximalMu);
  }

  /** The same config with proximal weight {@code mu} (FedProx; 0 disables it). */
  public TrainingConfig withProximalMu(double mu) {
    return new TrainingConfig(localEpochs, batchSize, learningRate, l2, seed, optimizer, mu);
  }
}
