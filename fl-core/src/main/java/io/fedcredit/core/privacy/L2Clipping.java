package io.fedcredit.core.privacy;

/**
 * Clipping to an L2 ball, the step that bounds one participant's influence on a sum (its
 * sensitivity) before noise is added. Pure functions: inputs are never modified.
 */
public final class L2Clipping {
  private L2Clipping() {}

  /**
   * A clipped vector.
   *
   * @param values the clipped values, {@code ||values|| <= clipNorm}; owned by the caller
   * @param norm the L2 norm before clipping
   * @param unclipped whether the input already lay in the ball ({@code norm <= clipNorm}), so it
   *     came back unchanged: the indicator {@code b} of adaptive clipping
   */
  public record Clipped(double[] values, double norm, boolean unclipped) {}

  /**
   * The L2 norm, computed with scaling so that it neither overflows nor underflows.
   *
   * @throws IllegalArgumentException when a value is NaN or infinite
   */
  public static double l2Norm(double[] v) {
    double max = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException("value " + i + " is not finite: " + v[i]);
      }
      max = Math.max(max, Math.abs(v[i]));
    }
    if (max == 0) {
      return 0;
    }
    double sum = 0;
    for (double x : v) {
      double s = x / max;
      sum += s * s;
    }
    return max * Math.sqrt(sum);
  }

  /**
   * Scales {@code v} by {@code min(1, clipNorm / ||v||)}. The result's norm, as computed by
   * {@link #l2Norm}, never exceeds {@code clipNorm}, even after rounding.
   *
   * @return a new array: a copy of {@code v} when it is already inside the ball
   * @throws IllegalArgumentException when {@code clipNorm} is not positive and finite, or a value
   *     is NaN or infinite
   */
  public static Clipped clip(double[] v, double clipNorm) {
    if (!(clipNorm > 0) || clipNorm == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("clipNorm must be positive and finite: " + clipNorm);
    }
    double norm = l2Norm(v);
    if (norm <= clipNorm) {
      return new Clipped(v.clone(), norm, true);
    }
    double factor = clipNorm / norm;
    double[] out = scaled(v, factor);
    // rounding can leave the norm a few ulps above the bound: shrink, by a relative step that
    // doubles each time (2^-52, 2^-51, ...), until it is not
    for (double shrink = 0x1p-52; l2Norm(out) > clipNorm; shrink *= 2) {
      factor *= 1 - shrink;
      out = scaled(v, factor);
    }
    return new Clipped(out, norm, false);
  }

  private static double[] scaled(double[] v, double factor) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * factor;
    }
    return out;
  }
}
