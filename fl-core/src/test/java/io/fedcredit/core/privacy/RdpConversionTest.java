package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RdpConversionTest {

  @Test
  void classicConversionIsRdpPlusLogOneOverDeltaOverAlphaMinusOne() {
    // alpha = 11, rdp = 0.3, delta = 1e-5: 0.3 + ln(1e5)/10 = 0.3 + 1.1512925464970229
    assertEquals(1.451292546497023, RdpConversion.CLASSIC.epsilon(11, 0.3, 1e-5), 1e-15);
  }

  @Test
  void improvedConversionMatchesAHandComputation() {
    // alpha = 11, rdp = 0.3, delta = 1e-5:
    // 0.3 + ln(10/11) - (ln(1e-5) + ln(11)) / 10
    // = 0.3 - 0.09531017980432493 - (-11.512925464970229 + 2.3978952727983707) / 10
    // = 0.3 - 0.09531017980432493 + 0.9115030192171858
    assertEquals(1.1161928394128608, RdpConversion.IMPROVED.epsilon(11, 0.3, 1e-5), 1e-14);
  }

  /**
   * Google dp_accounting's {@code test_compute_epsilon_delta_pure_dp}: constant RDP 1.1 over
   * orders 2..32 at delta 1e-5 gives epsilon 1.32783806176 at order 32 (improved conversion).
   */
  @Test
  void matchesThePublishedPureDpExample() {
    double[] orders = new double[31];
    for (int i = 0; i < orders.length; i++) {
      orders[i] = i + 2;
    }
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = 0;
    for (double a : orders) {
      double e = RdpConversion.IMPROVED.epsilon(a, 1.1, 1e-5);
      if (e < best) {
        best = e;
        bestOrder = a;
      }
    }
    assertEquals(1.32783806176, best, 1e-10);
    assertEquals(32, bestOrder);
  }

  @Property(tries = 300)
  void improvedIsNeverWorseThanClassic(
      @ForAll @DoubleRange(min = 1.01, max = 1000) double alpha,
      @ForAll @DoubleRange(min = 0, max = 100) double rdp,
      @ForAll @IntRange(min = 1, max = 15) int minusLog10Delta) {
    double delta = Math.pow(10, -minusLog10Delta);
    double classic = RdpConversion.CLASSIC.epsilon(alpha, rdp, delta);
    double improved = RdpConversion.IMPROVED.epsilon(alpha, rdp, delta);
    assertTrue(improved <= classic, improved + " > " + classic);
    assertTrue(improved >= 0);
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> RdpConversion.IMPROVED.epsilon(1, 1, 1e-5));
    assertThrows(IllegalArgumentException.class, () -> RdpConversion.CLASSIC.epsilon(2, -1, 1e-5));
    assertThrows(IllegalArgumentException.class, () -> RdpConversion.CLASSIC.epsilon(2, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> RdpConversion.CLASSIC.epsilon(2, 1, 1));
    assertEquals(Double.POSITIVE_INFINITY,
        RdpConversion.IMPROVED.epsilon(2, Double.POSITIVE_INFINITY, 1e-5));
  }
}
