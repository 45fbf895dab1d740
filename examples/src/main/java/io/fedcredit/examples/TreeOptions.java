package io.fedcredit.examples;

import io.fedcredit.core.tree.BoostingConfig;
import picocli.CommandLine.Option;

/** The tree options of {@code simulate horizontal --model gbdt} and {@code simulate vertical --model secureboost}. */
final class TreeOptions {
  @Option(names = "--trees", defaultValue = "100",
      description = "Trees of gbdt/secureboost (default: ${DEFAULT-VALUE}).")
  int trees;

  @Option(names = "--max-depth", defaultValue = "3",
      description = "Depth of every tree (default: ${DEFAULT-VALUE}).")
  int maxDepth;

  @Option(names = "--l2", defaultValue = "1.0",
      description = "L2 penalty on leaf values (default: ${DEFAULT-VALUE}).")
  double l2;

  @Option(names = "--min-child-samples", defaultValue = "20",
      description = "Least rows in each child of a split (default: ${DEFAULT-VALUE}).")
  int minChildSamples;

  @Option(names = "--row-sample", defaultValue = "1.0",
      description = "Share of rows each tree is grown on (default: ${DEFAULT-VALUE}).")
  double rowSample;

  @Option(names = "--feature-sample", defaultValue = "1.0",
      description = "Share of the features each tree may split on (default: ${DEFAULT-VALUE}).")
  double featureSample;

  /** The settings, with the command's learning rate (default 0.1), bins and seed. */
  BoostingConfig config(Double learningRate, int bins, long seed) {
    return new BoostingConfig(trees, maxDepth, learningRate != null ? learningRate : 0.1, l2,
        0.0, 1e-3, minChildSamples, rowSample, featureSample, bins, seed);
  }
}
