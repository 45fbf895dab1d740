package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Distribution checks with a seeded generator: frequencies within 5 standard errors. */
class DiscreteGaussianTest {
  private static final int N = 200_000;

  private static void assertFrequency(double p, long count, String what) {
    double se = Math.sqrt(p * (1 - p) / N);
    assertEquals(p, count / (double) N, 5 * se, what);
  }

  @Test
  void probabilitiesFollowExpMinusKSquaredOverTwoSigmaSquared() {
    double sigma = 1.5;
    DiscreteGaussian g = new DiscreteGaussian(sigma, new Random(11));
    long[] counts = new long[9];
    for (int i = 0; i < N; i++) {
      long k = g.sample();
      if (Math.abs(k) <= 4) {
        counts[(int) k + 4]++;
      }
    }
    double z = 0;
    for (int k = -60; k <= 60; k++) {
      z += Math.exp(-k * k / (2 * sigma * sigma));
    }
    for (int k = -4; k <= 4; k++) {
      assertFrequency(Math.exp(-k * k / (2 * sigma * sigma)) / z, counts[k + 4], "k=" + k);
    }
  }

  @Test
  void varianceIsSigmaSquaredForLargerSigma() {
    double sigma = 37.25;
    long[] v = new long[N];
    new DiscreteGaussian(sigma, new Random(12)).addTo(v);
    double sum = 0;
    double sumSq = 0;
    for (long x : v) {
      sum += x;
      sumSq += (double) x * x;
    }
    double mean = sum / N;
    assertEquals(0, mean, 5 * sigma / Math.sqrt(N));
    // for sigma >= 1 the variance of N_Z(0, sigma^2) equals sigma^2 to within 1e-80
    assertEquals(sigma * sigma, sumSq / N - mean * mean, 5 * Math.sqrt(2.0 / N) * sigma * sigma);
  }

  @Test
  void coinsHaveTheirProbabilities() {
    DiscreteGaussian g = new DiscreteGaussian(1, new Random(13));
    long low = 0;
    long high = 0;
    for (int i = 0; i < N; i++) {
      low += g.bernoulliExpMinus(BigInteger.valueOf(3), BigInteger.TEN) ? 1 : 0;
      high += g.bernoulliExpMinus(BigInteger.valueOf(27), BigInteger.TEN) ? 1 : 0;
    }
    assertFrequency(Math.exp(-0.3), low, "exp(-0.3)");
    assertFrequency(Math.exp(-2.7), high, "exp(-2.7)");

    long zeros = 0;
    for (int i = 0; i < N; i++) {
      zeros += g.discreteLaplace(4) == 0 ? 1 : 0;
    }
    double r = Math.exp(-1 / 4.0);
    assertFrequency((1 - r) / (1 + r), zeros, "discrete Laplace at 0");
  }

  @Test
  void rejectsBadScales() {
    assertThrows(IllegalArgumentException.class, () -> new DiscreteGaussian(0, new Random()));
    assertThrows(IllegalArgumentException.class, () -> new DiscreteGaussian(1e13, new Random()));
    assertThrows(IllegalArgumentException.class,
        () -> new DiscreteGaussian(Double.NaN, new Random()));
  }
}
