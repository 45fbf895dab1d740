package io.fedcredit.core.tree;

import io.fedcredit.core.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The rows and features each tree is grown on, drawn from the configuration's seed and the tree's
 * index alone, so every party that knows the seed (the plaintext trainer on joined rows, the
 * vertical guest) draws the same ones.
 */
public final class TreeSampling {
  private TreeSampling() {}

  /**
   * The rows of tree {@code tree} among {@code 0..rows-1}, ascending: each kept with probability
   * {@link BoostingConfig#rowSample()} (all when it is 1).
   */
  public static int[] rows(int rows, int tree, BoostingConfig cfg) {
    int[] out = new int[rows];
    if (cfg.rowSample() >= 1.0) {
      for (int i = 0; i < rows; i++) {
        out[i] = i;
      }
      return out;
    }
    SplittableRandom r = new SplittableRandom(Seeds.derive(cfg.seed(), "tree-rows", tree));
    int k = 0;
    for (int i = 0; i < rows; i++) {
      if (r.nextDouble() < cfg.rowSample()) {
        out[k++] = i;
      }
    }
    return Arrays.copyOf(out, k);
  }

  /**
   * The features tree {@code tree} may split on among {@code features} (in the joint order of all
   * parties' features): {@code max(1, round(featureSample * features))} of them drawn without
   * replacement; null (all) when {@link BoostingConfig#featureSample()} is 1.
   */
  public static boolean[] features(int features, int tree, BoostingConfig cfg) {
    if (cfg.featureSample() >= 1.0) {
      return null;
    }
    int k = (int) Math.max(1, Math.round(cfg.featureSample() * features));
    int[] order = new int[features];
    for (int i = 0; i < features; i++) {
      order[i] = i;
    }
    SplittableRandom r = new SplittableRandom(Seeds.derive(cfg.seed(), "tree-features", tree));
    boolean[] out = new boolean[features];
    for (int i = 0; i < k; i++) {
      int j = i + r.nextInt(features - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
      out[order[i]] = true;
    }
    return out;
  }
}
