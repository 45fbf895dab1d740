package io.fedcredit.core.tree;

/**
 * How much a feature served a boosted model: the number of splits on it and their total gain.
 *
 * @param splits number of splits
 * @param gain sum of the splits' gains
 */
public record FeatureImportance(long splits, double gain) {
  /** A feature never split on. */
  public static final FeatureImportance ZERO = new FeatureImportance(0, 0.0);

  /** One split with this gain. */
  public static FeatureImportance of(double gain) {
    return new FeatureImportance(1, gain);
  }

  /** The sum of two importances. */
  public FeatureImportance plus(FeatureImportance other) {
    return new FeatureImportance(splits + other.splits, gain + other.gain);
  }
}
