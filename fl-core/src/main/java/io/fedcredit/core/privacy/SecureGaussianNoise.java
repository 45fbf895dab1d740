package io.fedcredit.core.privacy;

/**
 * Gaussian noise from a {@link BufferedSecureRandom}: uniform doubles from 53 random bits,
 * turned into pairs of Gaussians by the Marsaglia polar method. Synchronized.
 */
final class SecureGaussianNoise implements GaussianNoise {
  private static final double ULP53 = 0x1.0p-53;

  private final BufferedSecureRandom random;
  private double spare;
  private boolean hasSpare;

  SecureGaussianNoise(BufferedSecureRandom random) {
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
    return (random.nextLong() >>> 11) * ULP53;
  }

  @Override
  public String toString() {
    return "GaussianNoise[" + random.algorithm() + "]";
  }
}
