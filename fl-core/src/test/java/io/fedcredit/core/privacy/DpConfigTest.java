package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DpConfigTest {

  private static void assertRejected(String fragment, Executable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void describesItselfForProvenance() {
    DpConfig fixed = DpConfig.builder().central().noiseMultiplier(1.1).fixedClipping(0.5)
        .budget(1.0, 1e-5).build();
    assertEquals("dp(central, z=1.1, C=0.5, eps<=1.0 delta=1e-05)", fixed.describe());

    DpConfig adaptive = DpConfig.builder().distributed(0.1).calibrateNoiseFor(20)
        .adaptiveClipping(0.1, 0.5).budget(3, 1e-6).build();
    assertEquals("dp(distributed tolerating 10.0% dropout, z=calibrated for 20 rounds,"
        + " C=adaptive(C0=0.1, quantile=0.5, lr=0.2, count share=0.01), eps<=3.0 delta=1e-06)",
        adaptive.describe());

    DpConfig reportOnly = DpConfig.builder().noiseMultiplier(2).fixedClipping(1)
        .unlimitedBudget(1e-5).conversion(RdpConversion.CLASSIC).build();
    assertEquals("dp(central, z=2.0, C=1.0, eps unlimited delta=1e-05, CLASSIC conversion)",
        reportOnly.describe());
    assertEquals(DpConfig.Mode.CENTRAL, reportOnly.mode());
  }

  @Test
  void adaptiveClippingSplitsTheNoiseSoThatARoundCostsOneMechanism() {
    DpConfig.AdaptiveClipping a = new DpConfig.AdaptiveClipping(0.1, 0.5, 0.2, 0.01);
    double z = 1.3;
    double zDelta = a.updateNoiseMultiplier(z);
    double sigmaB = a.countNoiseStddev(z);
    // Andrew et al.: z = (z_delta^-2 + (2 sigma_b)^-2)^(-1/2)
    assertEquals(z, Math.pow(Math.pow(zDelta, -2) + Math.pow(2 * sigmaB, -2), -0.5), 1e-12);
    // the paper's setting: m = 100, z = 1, sigma_b = m / 20 = 5
    assertEquals(5.0, a.countNoiseStddev(1.0), 1e-12);
  }

  @Test
  void validatesWhenBuiltAndNamesTheField() {
    assertRejected("no budget",
        () -> DpConfig.builder().noiseMultiplier(1).fixedClipping(1).build());
    assertRejected("not both", () -> DpConfig.builder().noiseMultiplier(1).calibrateNoiseFor(5)
        .fixedClipping(1).budget(1, 1e-5).build());
    assertRejected("not neither",
        () -> DpConfig.builder().fixedClipping(1).budget(1, 1e-5).build());
    assertRejected("needs a finite epsilon", () -> DpConfig.builder().calibrateNoiseFor(5)
        .fixedClipping(1).unlimitedBudget(1e-5).build());
    assertRejected("no clipping",
        () -> DpConfig.builder().noiseMultiplier(1).budget(1, 1e-5).build());
    assertRejected("noiseMultiplier", () -> DpConfig.builder().noiseMultiplier(-1)
        .fixedClipping(1).budget(1, 1e-5).build());
    assertRejected("clipNorm", () -> DpConfig.builder().fixedClipping(0));
    assertRejected("targetQuantile", () -> DpConfig.builder().adaptiveClipping(0.1, 1.0));
    assertRejected("countBudgetShare",
        () -> DpConfig.builder().adaptiveClipping(0.1, 0.5, 0.2, 1.0));
    assertRejected("dropoutTolerance", () -> DpConfig.builder().distributed(1.0)
        .noiseMultiplier(1).fixedClipping(1).budget(1, 1e-5).build());
    assertRejected("delta", () -> DpConfig.builder().noiseMultiplier(1).fixedClipping(1)
        .budget(1, 0).build());
    assertRejected("epsilon", () -> DpConfig.builder().noiseMultiplier(1).fixedClipping(1)
        .budget(0, 1e-5).build());
  }

  @Test
  void presetCalibratesCentralNoiseWithFixedClipping() {
    DpConfig c = DpConfig.centralForBudget(1.0, 1e-5, 20, 0.5);
    assertEquals(DpConfig.Mode.CENTRAL, c.mode());
    assertEquals(20, c.calibrationRounds());
    assertTrue(c.noiseMultiplier().isEmpty());
    assertEquals(new DpConfig.FixedClipping(0.5), c.clipping());
  }
}
