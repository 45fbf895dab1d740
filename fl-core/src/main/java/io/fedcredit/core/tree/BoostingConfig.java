package io.fedcredit.core.tree;

/**
 * Settings of gradient-boosted trees for binary classification (logistic loss), shared by the
 * plaintext trainer ({@link GradientBoosting}), vertical SecureBoost and horizontal histogram
 * boosting, so that the same settings give the same trees. Immutable; the constructor validates
 * every field and names the one at fault.
 *
 * @param trees number of boosting rounds (trees), at least 1
 * @param maxDepth depth of every tree (the root is depth 0; leaves at most at this depth), 1..16
 * @param learningRate shrinkage applied to every leaf value, in (0, 1]
 * @param l2 L2 penalty lambda on leaf values: a leaf's value is {@code -G / (H + lambda)}, >= 0
 * @param gamma least gain (half the reduction of the regularized loss) a split must bring, >= 0
 * @param minChildWeight least hessian sum of each child of a split, >= 0
 * @param minChildSamples least number of rows in each child of a split, >= 1
 * @param rowSample share of rows each tree is grown on (sampled per tree from {@code seed}),
 *     in (0, 1]
 * @param featureSample share of features each tree may split on (sampled per tree from
 *     {@code seed}), in (0, 1]
 * @param maxBins most quantile bins per feature, 2..256 (bins are stored as unsigned bytes)
 * @param seed seed of the row and feature sampling
 */
public record BoostingConfig(int trees, int maxDepth, double learningRate, double l2,
    double gamma, double minChildWeight, int minChildSamples, double rowSample,
    double featureSample, int maxBins, long seed) {

  /** Validates. @throws IllegalArgumentException naming the field, the value and the range */
  public BoostingConfig {
    if (trees < 1 || trees > 100_000) {
      throw new IllegalArgumentException("trees " + trees + " is outside 1..100000");
    }
    if (maxDepth < 1 || maxDepth > 16) {
      throw new IllegalArgumentException("maxDepth " + maxDepth + " is outside 1..16");
    }
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException("learningRate " + learningRate + " is outside (0, 1]");
    }
    requireFiniteNonNegative("l2", l2);
    requireFiniteNonNegative("gamma", gamma);
    requireFiniteNonNegative("minChildWeight", minChildWeight);
    if (minChildSamples < 1) {
      throw new IllegalArgumentException("minChildSamples " + minChildSamples + " must be >= 1");
    }
    if (!(rowSample > 0 && rowSample <= 1)) {
      throw new IllegalArgumentException("rowSample " + rowSample + " is outside (0, 1]");
    }
    if (!(featureSample > 0 && featureSample <= 1)) {
      throw new IllegalArgumentException("featureSample " + featureSample
          + " is outside (0, 1]");
    }
    if (maxBins < 2 || maxBins > 256) {
      throw new IllegalArgumentException("maxBins " + maxBins + " is outside 2..256");
    }
  }

  private static void requireFiniteNonNegative(String field, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " " + value + " must be finite and >= 0");
    }
  }

  /**
   * 100 trees of depth 3, learning rate 0.1, lambda 1, no gamma, min child weight 0.001, at
   * least 20 rows per leaf, all rows and features, 32 bins, seed 0.
   */
  public static BoostingConfig defaults() {
    return new BoostingConfig(100, 3, 0.1, 1.0, 0.0, 1e-3, 20, 1.0, 1.0, 32, 0L);
  }

  /** The same settings with another number of trees. */
  public BoostingConfig withTrees(int value) {
    return new BoostingConfig(value, maxDepth, learningRate, l2, gamma, minChildWeight,
        minChildSamples, rowSample, featureSample, maxBins, seed);
  }

  /** The same settings with another depth. */
  public BoostingConfig withMaxDepth(int value) {
    return new BoostingConfig(trees, value, learningRate, l2, gamma, minChildWeight,
        minChildSamples, rowSample, featureSample, maxBins, seed);
  }

  /** The same settings with another learning rate. */
  public BoostingConfig withLearningRate(double value) {
    return new BoostingConfig(trees, maxDepth, value, l2, gamma, minChildWeight,
        minChildSamples, rowSample, featureSample, maxBins, seed);
  }

  /** The same settings with other regularization: lambda, gamma, min child weight and rows. */
  public BoostingConfig withRegularization(double lambda, double minGain, double childWeight,
      int childSamples) {
    return new BoostingConfig(trees, maxDepth, learningRate, lambda, minGain, childWeight,
        childSamples, rowSample, featureSample, maxBins, seed);
  }

  /** The same settings with other row and feature sampling and seed. */
  public BoostingConfig withSampling(double rows, double features, long samplingSeed) {
    return new BoostingConfig(trees, maxDepth, learningRate, l2, gamma, minChildWeight,
        minChildSamples, rows, features, maxBins, samplingSeed);
  }

  /** The same settings with another number of bins. */
  public BoostingConfig withMaxBins(int value) {
    return new BoostingConfig(trees, maxDepth, learningRate, l2, gamma, minChildWeight,
        minChildSamples, rowSample, featureSample, value, seed);
  }
}
