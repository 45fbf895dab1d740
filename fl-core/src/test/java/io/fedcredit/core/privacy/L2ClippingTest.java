package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class L2ClippingTest {

  private static double[] randomVector(long seed, int n, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * r.nextGaussian();
    }
    return v;
  }

  @Property(tries = 300)
  void clippedNormNeverExceedsTheBound(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 2000) int n,
      @ForAll @IntRange(min = -6, max = 6) int log10Scale,
      @ForAll @DoubleRange(min = 0.001, max = 10) @Scale(4) double clipNorm) {
    double[] v = randomVector(seed, n, Math.pow(10, log10Scale));
    double[] original = v.clone();
    L2Clipping.Clipped c = L2Clipping.clip(v, clipNorm);
    assertTrue(L2Clipping.l2Norm(c.values()) <= clipNorm);
    assertArrayEquals(original, v, "input untouched");
    assertEquals(c.norm() <= clipNorm, c.unclipped());
    if (c.unclipped()) {
      assertArrayEquals(v, c.values(), "small deltas pass unchanged");
      assertNotSame(v, c.values());
    } else {
      // same direction, norm C (to rounding)
      double f = c.values()[0] / v[0];
      for (int i = 0; i < n; i++) {
        assertEquals(v[i] * f, c.values()[i], 1e-12 * Math.abs(v[i] * f) + 1e-300);
      }
      assertEquals(clipNorm, L2Clipping.l2Norm(c.values()), 1e-12 * clipNorm);
    }
  }

  @Test
  void normIsScaledAgainstOverflowAndUnderflow() {
    assertEquals(5, L2Clipping.l2Norm(new double[] {3, 4}), 0);
    assertEquals(5e200, L2Clipping.l2Norm(new double[] {3e200, 4e200}), 1e186);
    assertEquals(5e-200, L2Clipping.l2Norm(new double[] {3e-200, 4e-200}), 1e-214);
    assertEquals(0, L2Clipping.l2Norm(new double[3]));
    L2Clipping.Clipped zero = L2Clipping.clip(new double[3], 1);
    assertTrue(zero.unclipped());
  }

  @Test
  void exactlyAtTheBoundIsUnclipped() {
    L2Clipping.Clipped c = L2Clipping.clip(new double[] {3, 4}, 5);
    assertTrue(c.unclipped());
    assertFalse(L2Clipping.clip(new double[] {3, 4}, 4.999).unclipped());
  }

  @Test
  void rejectsNonFiniteValuesAndBadBounds() {
    assertThrows(IllegalArgumentException.class,
        () -> L2Clipping.clip(new double[] {1, Double.NaN}, 1));
    assertThrows(IllegalArgumentException.class,
        () -> L2Clipping.clip(new double[] {1, Double.POSITIVE_INFINITY}, 1));
    assertThrows(IllegalArgumentException.class, () -> L2Clipping.clip(new double[] {1}, 0));
    assertThrows(IllegalArgumentException.class,
        () -> L2Clipping.clip(new double[] {1}, Double.POSITIVE_INFINITY));
  }
}
