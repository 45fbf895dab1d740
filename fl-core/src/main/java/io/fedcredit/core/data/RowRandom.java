package io.fedcredit.core.data;

/**
 * A small, re-seedable random source for generating one row at a time: SplitMix64 (Steele, Lea
 * and Flood, OOPSLA 2014) for the bits, with the draws the synthetic population needs. Each row
 * is generated from its own seed ({@link #seedFor}), so a table comes out the same whichever
 * thread generates which row. Owning the algorithms (rather than the JDK's {@code nextGaussian})
 * also keeps the data identical across JDK versions. Not thread-safe: one instance per worker.
 */
final class RowRandom {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long state;
  private double spare;
  private boolean hasSpare;

  /** Restarts the sequence from a seed, as if the object were new. */
  RowRandom reset(long seed) {
    state = seed;
    hasSpare = false;
    return this;
  }

  /** A well-mixed seed for one row of one stream: distinct inputs give unrelated sequences. */
  static long seedFor(long seed, long stream, long index) {
    long h = mix(seed + GOLDEN);
    h = mix(h ^ (stream * GOLDEN + 0x632BE59BD9B4E019L));
    return mix(h ^ (index * 0xD1342543DE82EF95L + 1));
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    return mix(state += GOLDEN);
  }

  /** Uniform in [0, 1). */
  double uniform() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  int below(int bound) {
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Standard normal (Marsaglia's polar method; the second value of a pair is kept). */
  double normal() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }

  /** Gamma with the given shape and scale 1 (Marsaglia and Tsang, 2000). */
  double gamma(double shape) {
    if (shape < 1) {
      return gamma(shape + 1) * Math.pow(uniform(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = uniform();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** Poisson by multiplying uniforms (fine for the small means used here; capped at 60). */
  int poisson(double mean) {
    if (mean > 30) {
      return (int) Math.max(0, Math.rint(mean + Math.sqrt(mean) * normal()));
    }
    double limit = Math.exp(-mean);
    double p = uniform();
    int k = 0;
    while (p > limit && k < 60) {
      k++;
      p *= uniform();
    }
    return k;
  }

  /** An index drawn from a cumulative distribution whose last entry is 1. */
  int pick(double[] cumulative) {
    double u = uniform();
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }
}
