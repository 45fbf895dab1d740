package io.fedcredit.core.tree;

/**
 * First and second derivatives of the logistic loss per row, quantized to fixed point with
 * {@value #FRACTIONAL_BITS} fractional bits: {@code g = p - y} in {@code [-1, 1]} and
 * {@code h = p (1 - p)} in {@code [0, 1/4]}, stored as {@code round(v * 2^24)}. Every party sums
 * these integers exactly (in plaintext, under Paillier or under secure aggregation), so the
 * histograms, the splits and the leaf values of a federated tree are bit-for-bit those of the
 * plaintext trainer. The precision, about 6e-8, matches the single-precision gradients of common
 * histogram boosters. Immutable.
 */
public final class Gradients {
  /** Fractional bits of the quantized gradients and hessians. */
  public static final int FRACTIONAL_BITS = 24;
  /** The value of one quantum: {@code 2^-24}. */
  public static final double QUANTUM = Math.scalb(1.0, -FRACTIONAL_BITS);
  /** Largest quantized |g|: {@code 2^24}. */
  public static final long MAX_GRADIENT = 1L << FRACTIONAL_BITS;
  /** Largest quantized h: {@code 2^22}. */
  public static final long MAX_HESSIAN = 1L << (FRACTIONAL_BITS - 2);

  private final long[] g;
  private final long[] h;

  private Gradients(long[] g, long[] h) {
    this.g = g;
    this.h = h;
  }

  /**
   * Gradients of the logistic loss at raw scores (log-odds) for 0/1 labels.
   *
   * @throws IllegalArgumentException when the lengths differ, a label is not 0 or 1, or a score
   *     is not finite
   */
  public static Gradients logistic(double[] labels, double[] rawScores) {
    if (labels.length != rawScores.length) {
      throw new IllegalArgumentException(labels.length + " labels for " + rawScores.length
          + " scores");
    }
    long[] g = new long[labels.length];
    long[] h = new long[labels.length];
    for (int i = 0; i < labels.length; i++) {
      double y = labels[i];
      if (y != 0.0 && y != 1.0) {
        throw new IllegalArgumentException("row " + i + ": label " + y + " is not 0 or 1");
      }
      if (!Double.isFinite(rawScores[i])) {
        throw new IllegalArgumentException("row " + i + ": score " + rawScores[i]
            + " is not finite");
      }
      double p = sigmoid(rawScores[i]);
      g[i] = quantize(p - y);
      h[i] = quantize(p * (1 - p));
    }
    return new Gradients(g, h);
  }

  /** {@code round(v * 2^24)}. */
  public static long quantize(double v) {
    return Math.round(Math.scalb(v, FRACTIONAL_BITS));
  }

  /** A quantized sum back in real units: {@code q * 2^-24} (exact below {@code 2^53}). */
  public static double real(long quantized) {
    return quantized * QUANTUM;
  }

  /** The logistic function. */
  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** Number of rows. */
  public int rows() {
    return g.length;
  }

  /** Quantized gradient of a row. */
  public long gradient(int row) {
    return g[row];
  }

  /** Quantized hessian of a row. */
  public long hessian(int row) {
    return h[row];
  }

  /** Quantized gradients, shared (callers must not modify). */
  long[] gradients() {
    return g;
  }

  /** Quantized hessians, shared (callers must not modify). */
  long[] hessians() {
    return h;
  }

  /** Sums over some rows: {@code {G, H, count}}. */
  public long[] sums(int[] rows) {
    long sg = 0;
    long sh = 0;
    for (int r : rows) {
      sg += g[r];
      sh += h[r];
    }
    return new long[] {sg, sh, rows.length};
  }

  /** Prints the number of rows only, never a value. */
  @Override
  public String toString() {
    return "Gradients[" + g.length + " rows]";
  }
}
