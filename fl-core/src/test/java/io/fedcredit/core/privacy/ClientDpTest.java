package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientDpTest {

  @Test
  void centralModeOnlyClips() {
    double[] delta = {3, 4};
    ClientDp.ClientDpUpdate u =
        ClientDp.apply(delta, ClientDpInstruction.clipOnly(1), GaussianNoise.seededForTests(1));
    assertArrayEquals(new double[] {0.6, 0.8}, u.delta(), 1e-15);
    assertEquals(Map.of(), u.auxiliary());
    assertEquals(5, u.normBeforeClipping());
    assertArrayEquals(new double[] {3, 4}, delta, "input untouched");
    assertEquals(1, ClientDp.ClientDpUpdate.NUM_EXAMPLES);
  }

  @Test
  void adaptiveModeReportsWhetherTheDeltaFitUnclipped() {
    ClientDpInstruction in = new ClientDpInstruction(1, 0, true, 0);
    GaussianNoise noise = GaussianNoise.seededForTests(1);
    assertEquals(Map.of(ClientDp.UNCLIPPED, 1.0),
        ClientDp.apply(new double[] {0.3, 0.4}, in, noise).auxiliary());
    assertEquals(Map.of(ClientDp.UNCLIPPED, 0.0),
        ClientDp.apply(new double[] {3, 4}, in, noise).auxiliary());
  }

  @Test
  void distributedModeAddsTheNoiseShare() {
    int n = 200_000;
    double share = 0.25;
    ClientDpInstruction in = new ClientDpInstruction(1, share, true, 2.0);
    ClientDp.ClientDpUpdate u =
        ClientDp.apply(new double[n], in, GaussianNoise.seededForTests(7));
    double sum = 0;
    double sumSq = 0;
    for (double v : u.delta()) {
      sum += v;
      sumSq += v * v;
    }
    double mean = sum / n;
    double var = sumSq / n - mean * mean;
    assertEquals(0, mean, 5 * share / Math.sqrt(n));
    assertEquals(share * share, var, 0.02 * share * share);
    double b = u.auxiliary().get(ClientDp.UNCLIPPED);
    assertTrue(b != 1.0 && Math.abs(b - 1) < 12, "indicator carries its noise share: " + b);
  }

  @Test
  void secureNoiseLooksGaussian() {
    GaussianNoise noise = GaussianNoise.secure();
    int n = 100_000;
    double[] v = new double[n];
    noise.addTo(v, 2.0);
    double sum = 0;
    double sumSq = 0;
    int beyond2Sigma = 0;
    for (double x : v) {
      sum += x;
      sumSq += x * x;
      beyond2Sigma += Math.abs(x) > 4 ? 1 : 0;
    }
    double mean = sum / n;
    assertEquals(0, mean, 6 * 2 / Math.sqrt(n));
    assertEquals(4, sumSq / n - mean * mean, 4 * 6 * Math.sqrt(2.0 / n));
    // P(|N| > 2 sigma) = 0.0455
    assertEquals(0.0455, beyond2Sigma / (double) n, 6 * Math.sqrt(0.0455 * 0.9545 / n));
    assertFalse(noise.toString().contains("seed"));
    assertEquals(0, noise.sample(0));
  }

  @Test
  void instructionValidation() {
    assertThrows(IllegalArgumentException.class, () -> new ClientDpInstruction(0, 0, false, 0));
    assertThrows(IllegalArgumentException.class, () -> new ClientDpInstruction(1, -1, false, 0));
    assertThrows(IllegalArgumentException.class, () -> new ClientDpInstruction(1, 0, false, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new ClientDpInstruction(1, Double.NaN, false, 0));
    assertFalse(ClientDpInstruction.clipOnly(1).addsNoise());
    assertTrue(new ClientDpInstruction(1, 0.1, false, 0).addsNoise());
  }
}
