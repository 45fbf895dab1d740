package io.fedcredit.core.tree;

/**
 * The sums of a node's rows: quantized gradient and hessian sums ({@link Gradients}) and the row
 * count.
 *
 * @param gradient sum of quantized gradients
 * @param hessian sum of quantized hessians
 * @param count number of rows
 */
public record NodeSums(long gradient, long hessian, long count) {

  /** The sums as {@code {G, H, count}}. */
  public static NodeSums of(long[] sums) {
    if (sums.length != 3) {
      throw new IllegalArgumentException("node sums need 3 values, got " + sums.length);
    }
    return new NodeSums(sums[0], sums[1], sums[2]);
  }

  /** {@code this - other}. */
  public NodeSums minus(NodeSums other) {
    return new NodeSums(gradient - other.gradient, hessian - other.hessian,
        count - other.count);
  }

  /** Gradient sum in real units. */
  public double realGradient() {
    return Gradients.real(gradient);
  }

  /** Hessian sum in real units. */
  public double realHessian() {
    return Gradients.real(hessian);
  }

  /**
   * The regularized leaf value {@code -G / (H + lambda)} (0 when the denominator is 0), before
   * the learning rate.
   */
  public double weight(double lambda) {
    double d = realHessian() + lambda;
    return d > 0 ? -realGradient() / d : 0.0;
  }

  /** {@code G^2 / (H + lambda)}: the loss reduction this node's optimal value brings, doubled. */
  double score(double lambda) {
    double d = realHessian() + lambda;
    double g = realGradient();
    return d > 0 ? g * g / d : 0.0;
  }
}
