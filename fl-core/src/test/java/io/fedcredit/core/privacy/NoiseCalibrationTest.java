package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoiseCalibrationTest {
  private static final PrivacyBudget EPS1 = new PrivacyBudget(1.0, 1e-5);

  private static void assertTight(PrivacyBudget budget, double q, long steps, double z) {
    assertTrue(NoiseCalibration.spent(q, z, steps, budget.delta()).epsilon() <= budget.epsilon(),
        "z=" + z + " meets the budget");
    assertTrue(NoiseCalibration.spent(q, z * (1 - 1e-5), steps, budget.delta()).epsilon()
        > budget.epsilon(), "z=" + z + " is (nearly) the smallest that does");
  }

  /**
   * Every bank in every round (q = 1), 20 rounds, (1, 1e-5): the same multiplier whether 3 or 30
   * banks take part, since client-level DP protects one bank and the sampling rate is 1 either
   * way; with 30 banks the noise on the mean is 10 times smaller relative to one bank's clipped
   * delta than with 3. Without subsampling the exact Gaussian profile applies (z = 16.68); the RDP
   * conversion alone would need z = 18.09.
   */
  @Test
  void everyBankEveryRoundForTwentyRounds() {
    double z = NoiseCalibration.noiseMultiplier(EPS1, 1.0, 20);
    assertEquals(16.684, z, 0.001);
    assertTight(EPS1, 1.0, 20, z);
    // independently: 20 Gaussian rounds are one Gaussian with multiplier z / sqrt(20), whose
    // delta at epsilon = 1 is integrated numerically here
    double delta = ExactGaussianTest.integratedDelta(Math.sqrt(20) / z, 1.0);
    assertEquals(1e-5, delta, 1e-5 * 1e-4);

    RdpAccountant rdpOnly = new RdpAccountant();
    double zRdp = 18.0915;
    rdpOnly.compose(1.0, zRdp, 20);
    assertEquals(1.0, rdpOnly.rdpSpent(1e-5).epsilon(), 1e-4);
  }

  @Test
  void subsampledCalibrationIsTight() {
    double z = NoiseCalibration.noiseMultiplier(EPS1, 0.01, 10_000);
    assertEquals(4.13, z, 0.01);
    assertTight(EPS1, 0.01, 10_000, z);
  }

  @Test
  void classicConversionNeedsMoreNoise() {
    double improved = NoiseCalibration.noiseMultiplier(EPS1, 0.5, 20);
    double classic = NoiseCalibration.noiseMultiplier(EPS1, 0.5, 20,
        RdpAccountant.defaultOrders(), RdpConversion.CLASSIC);
    assertTrue(classic > improved, classic + " <= " + improved);
  }

  @Test
  void rejectsWhatCannotBeCalibrated() {
    assertThrows(IllegalArgumentException.class,
        () -> NoiseCalibration.noiseMultiplier(PrivacyBudget.unlimited(1e-5), 1, 10));
    assertThrows(IllegalArgumentException.class,
        () -> NoiseCalibration.noiseMultiplier(EPS1, 0, 10));
    assertThrows(IllegalArgumentException.class,
        () -> NoiseCalibration.noiseMultiplier(EPS1, 1, 0));
  }
}
