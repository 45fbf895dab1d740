package io.fedcredit.core.privacy;

import java.security.SecureRandom;

/**
 * Gaussian noise from a {@link SecureRandom}: uniform doubles from 53 random bits, fetched in
 * blocks (a DRBG call per sample would dominate the cost for a million parameters), turned into
 * pairs of Gaussians by the Marsaglia polar method. Not thread-safe by itself; callers share one
 * instance per thread or synchronize (the strategy wrapper synchronizes).
 */
final class SecureGaussianNoise implements GaussianNoise {
  private static final int BLOCK = 8 * 1024;
  private static final double ULP53 = 0x1.0p-53;

  private final SecureRandom random;
  private final byte[] block = new byte[BLOCK];
  private int used = BLOCK;
  private double spare;
  private boolean hasSpare;

  SecureGaussianNoise(SecureRandom random) {
    this.random = random;
  }

  @Override
  public synchronized double sample(double stddev) {
    GaussianNoise.checkStddev(stddev);
    if (stddev == 0) {
      return 0;
    }
    if (hasSpare) {
      hasSpare = false;
      return stddev * spare;
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
    return stddev * u * f;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  private double uniform() {
    if (used + 8 > BLOCK) {
      random.nextBytes(block);
      used = 0;
    }
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (block[used] & 0xFF);
      block[used++] = 0; // noise is secret: do not keep its randomness around
    }
    return (bits >>> 11) * ULP53;
  }

  @Override
  public String toString() {
    return "GaussianNoise[" + random.getAlgorithm() + "]";
  }
}
