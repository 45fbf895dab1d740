package io.fedcredit.core.privacy;

import java.util.SplittableRandom;

/**
 * A source of Gaussian noise for differential privacy.
 *
 * <p>{@link #secure()} draws from a cryptographically strong generator, so neither the
 * coordinator nor anyone else can predict or reproduce the noise; use it for every real job.
 * {@link #seededForTests(long)} is reproducible and therefore worthless for privacy: it exists so
 * tests can check noise statistics.
 *
 * <p>Limitation: both sample a floating-point Gaussian. Mironov ("On Significance of the Least
 * Significant Bits for Differential Privacy", CCS 2012) showed that the irregular spacing of
 * floating-point noise can leak the noiseless value through its low-order bits, and later work
 * showed the same for textbook Gaussian samplers. The fixed-point quantization of secure
 * aggregation rounds those bits away from what the coordinator sees, which blunts the attack
 * but is not a proof; a discrete Gaussian on the quantization grid ({@link DiscreteGaussian})
 * is the rigorous fix.
 */
public interface GaussianNoise {

  /** One sample of {@code N(0, stddev^2)}; 0 when {@code stddev == 0}. */
  double sample(double stddev);

  /**
   * Adds independent {@code N(0, stddev^2)} noise to every element of {@code values}, in place.
   *
   * @throws IllegalArgumentException when {@code stddev} is negative or not finite
   */
  default void addTo(double[] values, double stddev) {
    GeneratorNoise.checkStddev(stddev);
    if (stddev == 0) {
      return;
    }
    for (int i = 0; i < values.length; i++) {
      values[i] += sample(stddev);
    }
  }

  /**
   * Noise from the JDK's NIST SP 800-90A DRBG ({@code SecureRandom.getInstance("DRBG")}),
   * seeded by the platform (falling back to the platform default {@code SecureRandom}), read in
   * blocks and shaped by {@link java.util.Random#nextGaussian()} (Marsaglia's polar method).
   * Thread-safe.
   */
  static GaussianNoise secure() {
    BufferedSecureRandom random = BufferedSecureRandom.drbg();
    return new GeneratorNoise(random, random.algorithm());
  }

  /** Reproducible noise for tests only: predictable, hence no privacy at all. */
  static GaussianNoise seededForTests(long seed) {
    return new GeneratorNoise(new SplittableRandom(seed), "seeded, for tests only");
  }
}
