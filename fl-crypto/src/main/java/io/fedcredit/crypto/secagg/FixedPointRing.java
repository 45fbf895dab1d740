package io.fedcredit.crypto.secagg;

/**
 * Fixed-point encoding of doubles into the ring Z/2^64, sized so that the sum of up to
 * {@code maxParties} encoded values cannot wrap: each value {@code v} with {@code |v| <= maxAbs}
 * becomes {@code round(v * 2^fractionBits)} as a two's-complement long, and
 * {@code maxParties * maxAbs * 2^fractionBits < 2^62} is checked when built. Sums of encoded
 * values decode exactly to the sum of the rounded values. Immutable.
 */
public final class FixedPointRing {
  private final int fractionBits;
  private final double maxAbs;
  private final int maxParties;
  private final double scale;

  /**
   * @param fractionBits bits after the binary point (precision 2^-fractionBits)
   * @param maxAbs largest absolute value one party may encode
   * @param maxParties most parties whose values are summed
   * @throws IllegalArgumentException when the sum could wrap, naming the three settings
   */
  public FixedPointRing(int fractionBits, double maxAbs, int maxParties) {
    if (fractionBits < 0 || fractionBits > 52) {
      throw new IllegalArgumentException("fractionBits must be in [0, 52]: " + fractionBits);
    }
    if (!(maxAbs > 0) || !Double.isFinite(maxAbs)) {
      throw new IllegalArgumentException("maxAbs must be positive and finite: " + maxAbs);
    }
    if (maxParties < 1) {
      throw new IllegalArgumentException("maxParties must be >= 1: " + maxParties);
    }
    this.fractionBits = fractionBits;
    this.maxAbs = maxAbs;
    this.maxParties = maxParties;
    this.scale = Math.scalb(1.0, fractionBits);
    double worst = maxParties * maxAbs * scale;
    if (!(worst < Math.scalb(1.0, 62))) {
      throw new IllegalArgumentException(String.format(
          "sums could wrap: %d parties x %.3g x 2^%d = 2^%.1f >= 2^62; lower fractionBits, "
              + "maxAbs or maxParties", maxParties, maxAbs, fractionBits,
          Math.log(worst) / Math.log(2)));
    }
  }

  public int fractionBits() {
    return fractionBits;
  }

  public double maxAbs() {
    return maxAbs;
  }

  public int maxParties() {
    return maxParties;
  }

  /**
   * Encodes one value.
   *
   * @throws IllegalArgumentException if it is not finite or exceeds {@code maxAbs}
   */
  public long encode(double v) {
    if (!Double.isFinite(v) || Math.abs(v) > maxAbs) {
      throw new IllegalArgumentException("value " + v + " is outside [-" + maxAbs + ", "
          + maxAbs + "]; clip it first");
    }
    return Math.round(v * scale);
  }

  /**
   * Encodes a vector.
   *
   * @throws IllegalArgumentException naming the first index out of range
   */
  public long[] encode(double[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (!Double.isFinite(v) || Math.abs(v) > maxAbs) {
        throw new IllegalArgumentException("value " + i + " is " + v + ", outside [-" + maxAbs
            + ", " + maxAbs + "]; clip it first");
      }
      out[i] = Math.round(v * scale);
    }
    return out;
  }

  /** Decodes a sum of encoded values. */
  public double decode(long sum) {
    return sum / scale;
  }

  /** Decodes a vector of sums. */
  public double[] decode(long[] sums) {
    double[] out = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      out[i] = sums[i] / scale;
    }
    return out;
  }

  @Override
  public String toString() {
    return "FixedPointRing[2^-" + fractionBits + ", |v| <= " + maxAbs + ", " + maxParties
        + " parties]";
  }
}
