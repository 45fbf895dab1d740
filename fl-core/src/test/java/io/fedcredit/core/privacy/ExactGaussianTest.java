package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ExactGaussianTest {

  /**
   * {@code delta(epsilon)} of the Gaussian mechanism with sensitivity mu and unit noise, from its
   * definition: {@code integral of max(0, phi(x - mu) - e^epsilon phi(x)) dx}, by Simpson's rule
   * from the crossing point on, where the integrand is smooth (it is zero before).
   */
  static double integratedDelta(double mu, double epsilon) {
    double cross = epsilon / mu + mu / 2; // phi(x - mu) = e^eps phi(x) here
    int n = 400_000;
    double h = 40.0 / n;
    double sum = 0;
    for (int i = 0; i <= n; i++) {
      double x = cross + i * h;
      double f = Math.exp(-(x - mu) * (x - mu) / 2) - Math.exp(epsilon - x * x / 2);
      sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * Math.max(0, f);
    }
    return sum * h / 3 / Math.sqrt(2 * Math.PI);
  }

  @Test
  void deltaMatchesTheDefinition() {
    for (double mu : new double[] {0.05, 0.27, 1.0, 3.0}) {
      for (double eps : new double[] {0.0, 0.5, 1.0, 4.0}) {
        double expected = integratedDelta(mu, eps);
        if (expected < 1e-300) {
          continue;
        }
        assertEquals(expected, Math.exp(ExactGaussian.logDelta(mu, eps)), 1e-7 * expected,
            "mu=" + mu + " eps=" + eps);
      }
    }
  }

  @Test
  void epsilonInvertsDelta() {
    double eps = ExactGaussian.epsilon(0.3, 1e-5, 100);
    assertEquals(Math.log(1e-5), ExactGaussian.logDelta(0.3, eps), 1e-9);
    assertEquals(0, ExactGaussian.epsilon(1e-3, 0.5, 10));
    assertEquals(Double.POSITIVE_INFINITY, ExactGaussian.epsilon(Double.POSITIVE_INFINITY, 1e-5,
        Double.POSITIVE_INFINITY));
  }

  @Test
  void composedGaussiansAreOneGaussian() {
    RdpAccountant a = new RdpAccountant();
    a.compose(1, 2.0, 3);
    a.compose(1, 5.0, 4);
    double mu = Math.sqrt(3 / 4.0 + 4 / 25.0);
    assertEquals(ExactGaussian.epsilon(mu, 1e-5, 100), a.spent(1e-5).epsilon(), 1e-10);
    a.compose(0.5, 5.0, 1);
    assertEquals(a.rdpSpent(1e-5), a.spent(1e-5), "one subsampled event: RDP only");
  }

  @Property(tries = 100)
  void neverLooserThanTheRdpConversion(
      @ForAll @DoubleRange(min = 0.5, max = 50) double z,
      @ForAll @IntRange(min = 1, max = 1000) int steps,
      @ForAll @IntRange(min = 2, max = 12) int minusLog10Delta) {
    double delta = Math.pow(10, -minusLog10Delta);
    RdpAccountant a = new RdpAccountant();
    a.compose(1, z, steps);
    assertTrue(a.spent(delta).epsilon() <= a.rdpSpent(delta).epsilon());
  }
}
