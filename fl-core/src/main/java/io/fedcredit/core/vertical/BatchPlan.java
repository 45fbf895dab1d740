package io.fedcredit.core.vertical;

import io.fedcredit.core.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The mini-batches of an epoch over {@code n} aligned rows: a permutation seeded by the shared
 * seed and the epoch, cut into batches. Every party computes the same batches from public
 * values, so no row index travels.
 */
public final class BatchPlan {
  private final int rows;
  private final int batchSize;
  private final long seed;

  public BatchPlan(int rows, int batchSize, long seed) {
    if (rows < 1) {
      throw new IllegalArgumentException("no aligned rows");
    }
    this.rows = rows;
    this.batchSize = Math.min(batchSize, rows);
    this.seed = seed;
  }

  public int batches() {
    return (rows + batchSize - 1) / batchSize;
  }

  /** Row indices of batch {@code b} of epoch {@code e}, ascending. */
  public int[] rows(int epoch, int batch) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, epoch));
    for (int i = rows - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int from = batch * batchSize;
    int[] out = Arrays.copyOfRange(order, from, Math.min(rows, from + batchSize));
    Arrays.sort(out);
    return out;
  }
}
