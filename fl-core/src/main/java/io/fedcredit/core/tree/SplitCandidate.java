package io.fedcredit.core.tree;

/**
 * The best split found for a node: rows whose bin of {@code feature} is at most {@code bin} go
 * left.
 *
 * @param feature feature index (in the tree's joint feature order)
 * @param bin last bin of the left child
 * @param gain half the reduction of the regularized loss, less gamma; positive
 * @param left sums of the left child
 * @param right sums of the right child
 */
public record SplitCandidate(int feature, int bin, double gain, NodeSums left, NodeSums right) {

  /**
   * The best split of a node over the allowed features of its histogram: the largest gain
   * {@code (G_L^2/(H_L+l) + G_R^2/(H_R+l) - G^2/(H+l)) / 2 - gamma} over features in order and
   * bins ascending, the first one kept on ties, with both children holding at least
   * {@code minChildSamples} rows and {@code minChildWeight} hessian. Null when no split has a
   * positive gain.
   *
   * @param allowed features the tree may split on (all when null)
   */
  public static SplitCandidate best(Histogram h, NodeSums total, boolean[] allowed,
      BoostingConfig cfg) {
    double lambda = cfg.l2();
    double parent = total.score(lambda);
    SplitCandidate best = null;
    double bestGain = 0.0;
    for (int f = 0; f < h.features(); f++) {
      if ((allowed != null && !allowed[f]) || !h.has(f)) {
        continue;
      }
      long gl = 0;
      long hl = 0;
      long cl = 0;
      int k = h.bins(f);
      for (int b = 0; b + 1 < k; b++) {
        gl += h.gradient(f, b);
        hl += h.hessian(f, b);
        cl += h.count(f, b);
        long cr = total.count() - cl;
        if (cl < cfg.minChildSamples() || cr < cfg.minChildSamples()) {
          if (cr < cfg.minChildSamples()) {
            break; // the right child only shrinks from here
          }
          continue;
        }
        NodeSums left = new NodeSums(gl, hl, cl);
        NodeSums right = total.minus(left);
        if (left.realHessian() < cfg.minChildWeight()
            || right.realHessian() < cfg.minChildWeight()) {
          continue;
        }
        double gain = 0.5 * (left.score(lambda) + right.score(lambda) - parent) - cfg.gamma();
        if (gain > bestGain) {
          bestGain = gain;
          best = new SplitCandidate(f, b, gain, left, right);
        }
      }
    }
    return best;
  }
}
