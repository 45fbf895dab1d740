package io.fedcredit.core.vertical;

/**
 * Settings of hetero logistic regression, shared by all parties.
 *
 * @param epochs most passes over the aligned rows
 * @param batchSize rows per mini-batch
 * @param learningRate initial step size
 * @param decay step size of epoch {@code e} is {@code learningRate / (1 + decay * e)}
 * @param l2 L2 penalty on the weights (not the intercept)
 * @param tolerance training stops when the loss changes by less than this between epochs
 * @param seed seed of the batch order (public; both sides must use the same)
 * @param featureBits fractional bits of the integer-quantized features in {@code X^T [[d]]}
 * @param residualBits fractional bits of the encrypted predictors and residuals
 * @param maskBits statistical security of the gradient masks, in bits
 * @param lossRows rows of each epoch's first batch on which the Taylor loss is computed (the
 *     host encrypts the squares of its predictors for them only)
 */
public record HeteroLrConfig(int epochs, int batchSize, double learningRate, double decay,
    double l2, double tolerance, long seed, int featureBits, int residualBits, int maskBits,
    int lossRows) {

  public HeteroLrConfig {
    if (epochs < 1 || batchSize < 1 || lossRows < 0) {
      throw new IllegalArgumentException("epochs and batchSize must be >= 1, lossRows >= 0");
    }
    if (!(learningRate > 0) || !(decay >= 0) || !(l2 >= 0) || !(tolerance >= 0)) {
      throw new IllegalArgumentException("learningRate must be > 0; decay, l2, tolerance >= 0");
    }
    if (featureBits < 0 || featureBits > 16 || residualBits < 8 || residualBits > 48
        || maskBits < 40 || maskBits > 256) {
      throw new IllegalArgumentException("featureBits in [0,16], residualBits in [8,48], "
          + "maskBits in [40,256]");
    }
  }

  /** Sensible defaults: 5 epochs of 1,024-row batches, rate 0.15 with decay 0.5, 40-bit masks. */
  public static HeteroLrConfig defaults(long seed) {
    return new HeteroLrConfig(5, 1024, 0.15, 0.5, 1e-3, 1e-4, seed, 10, 24, 40, 1024);
  }

  /** The same settings with another number of epochs. */
  public HeteroLrConfig withEpochs(int e) {
    return new HeteroLrConfig(e, batchSize, learningRate, decay, l2, tolerance, seed, featureBits,
        residualBits, maskBits, lossRows);
  }

  /** The same settings with another number of rows per mini-batch. */
  public HeteroLrConfig withBatchSize(int rows) {
    return new HeteroLrConfig(epochs, rows, learningRate, decay, l2, tolerance, seed, featureBits,
        residualBits, maskBits, lossRows);
  }

  /** The same settings with another initial step size. */
  public HeteroLrConfig withLearningRate(double rate) {
    return new HeteroLrConfig(epochs, batchSize, rate, decay, l2, tolerance, seed, featureBits,
        residualBits, maskBits, lossRows);
  }

  /** The step size of an epoch. */
  public double rate(int epoch) {
    return learningRate / (1 + decay * epoch);
  }
}
