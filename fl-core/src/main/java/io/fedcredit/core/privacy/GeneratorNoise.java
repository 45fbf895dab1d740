package io.fedcredit.core.privacy;

import java.util.random.RandomGenerator;

/** Gaussian noise as scaled standard normals from a generator; as thread-safe as the generator. */
final class GeneratorNoise implements GaussianNoise {
  private final RandomGenerator generator;
  private final String label;

  GeneratorNoise(RandomGenerator generator, String label) {
    this.generator = generator;
    this.label = label;
  }

  @Override
  public double sample(double stddev) {
    checkStddev(stddev);
    return stddev == 0 ? 0 : stddev * generator.nextGaussian();
  }

  @Override
  public String toString() {
    return "GaussianNoise[" + label + "]";
  }

  /**
   * @throws IllegalArgumentException when {@code stddev} is negative, NaN or infinite
   */
  static void checkStddev(double stddev) {
    if (!(stddev >= 0) || stddev == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("noise stddev must be finite and >= 0: " + stddev);
    }
  }
}
