package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/**
 * RDP of the (sampled) Gaussian mechanism against the closed form, an exact big-decimal
 * evaluation of the binomial sum, numerical integration of the defining integral, and published
 * reference values.
 */
class SampledGaussianTest {
  private static final MathContext MC = new MathContext(60);
  private static final BigDecimal E = new BigDecimal(
      "2.71828182845904523536028747135266249775724709369995957496696762772407663");

  @Test
  void withoutSubsamplingItIsTheClosedFormAtEveryIntegerOrder() {
    for (double z : new double[] {0.3, 0.7, 1.0, 1.1, 2.5, 18.09, 100}) {
      for (int alpha = 2; alpha <= 512; alpha++) {
        double expected = alpha / (2 * z * z);
        double got = SampledGaussian.rdpPerStep(1.0, z, alpha);
        assertEquals(expected, got, 1e-9 * expected, "z=" + z + " alpha=" + alpha);
        assertEquals(expected, SampledGaussian.gaussianRdp(z, alpha), 1e-15 * expected);
      }
    }
  }

  @Test
  void compositionMultipliesByTheNumberOfSteps() {
    SampledGaussian one = new SampledGaussian(0.05, 1.3, 1);
    SampledGaussian many = one.withSteps(777);
    for (double alpha : RdpAccountant.defaultOrders()) {
      assertEquals(777 * one.rdp(alpha), many.rdp(alpha), 1e-12 * many.rdp(alpha));
    }
    assertEquals(20 * 7 / (2 * 3.0 * 3.0), new SampledGaussian(1, 3, 20).rdp(7), 1e-12);
  }

  @Test
  void subsampledIntegerOrdersMatchAnExactBigDecimalBinomialSum() {
    double[] qs = {1e-3, 0.01, 0.1, 0.5, 0.9, 0.999};
    double[] zs = {0.5, 0.8, 1.1, 2.5, 10, 50};
    int[] orders = {2, 3, 5, 8, 16, 32, 64, 128, 256};
    for (double q : qs) {
      for (double z : zs) {
        for (int alpha : orders) {
          double expected = referenceRdp(q, z, alpha);
          double got = SampledGaussian.rdpPerStep(q, z, alpha);
          assertEquals(expected, got, 1e-9 * expected,
              "q=" + q + " z=" + z + " alpha=" + alpha);
        }
      }
    }
  }

  @Test
  void fractionalOrdersMatchNumericalIntegration() {
    double[] qs = {1e-3, 0.01, 0.1, 0.5, 0.9};
    double[] zs = {0.7, 1.1, 2.5, 10};
    double[] orders = {1.25, 1.5, 1.75, 2.5, 7.3};
    for (double q : qs) {
      for (double z : zs) {
        for (double alpha : orders) {
          double expected = integratedRdp(q, z, alpha);
          double got = SampledGaussian.rdpPerStep(q, z, alpha);
          assertEquals(expected, got, 1e-7 * expected, "q=" + q + " z=" + z + " alpha=" + alpha);
        }
      }
    }
  }

  @Test
  void integerOrdersAlsoMatchNumericalIntegration() {
    for (double q : new double[] {0.01, 0.3}) {
      for (int alpha : new int[] {2, 4, 9}) {
        double expected = integratedRdp(q, 1.5, alpha);
        assertEquals(expected, SampledGaussian.rdpPerStep(q, 1.5, alpha), 1e-7 * expected);
      }
    }
  }

  /**
   * Reference values of Google's dp_accounting ({@code rdp_privacy_accountant_test}:
   * q = 0.01, z = 2.5, 50 steps) at its integer orders. Its fractional-order values (1.5, 2.5)
   * are 3% and 6e-5 larger than ours, which numerical integration confirms
   * ({@link #fractionalOrdersMatchNumericalIntegration}): they are upper bounds.
   */
  @Test
  void matchesPublishedValuesAtIntegerOrders() {
    SampledGaussian event = new SampledGaussian(0.01, 2.5, 50);
    assertEquals(2.18075656e-03, event.rdp(5), 1e-8 * 2.18);
    assertEquals(2.38460375e-02, event.rdp(50), 1e-8 * 2.38);
    assertEquals(1.67416308e02, event.rdp(100), 1e-8 * 1.67e4);
    assertEquals(integratedRdp(0.01, 2.5, 1.5) * 50, event.rdp(1.5), 1e-7 * event.rdp(1.5));
  }

  @Test
  void degenerateCases() {
    assertEquals(0, SampledGaussian.rdpPerStep(0, 1, 5));
    assertEquals(0, SampledGaussian.rdpPerStep(0, 0, 5));
    assertEquals(Double.POSITIVE_INFINITY, SampledGaussian.rdpPerStep(0.1, 0, 5));
    assertEquals(Double.POSITIVE_INFINITY, SampledGaussian.rdpPerStep(0.1, 0, 2.5));
    assertEquals(0, SampledGaussian.rdpPerStep(0.1, Double.POSITIVE_INFINITY, 2.5));
    assertThrows(IllegalArgumentException.class, () -> SampledGaussian.rdpPerStep(0.1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> SampledGaussian.rdpPerStep(1.1, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> SampledGaussian.rdpPerStep(0.1, -1, 2));
    assertThrows(IllegalArgumentException.class, () -> new SampledGaussian(0.1, 1, 0));
  }

  @Property(tries = 200)
  void moreSamplingOrLessNoiseNeverCostsLess(
      @ForAll @DoubleRange(min = 1e-4, max = 0.99) @Scale(6) double q,
      @ForAll @DoubleRange(min = 0.3, max = 50) double z,
      @ForAll @IntRange(min = 2, max = 128) int alpha) {
    double base = SampledGaussian.rdpPerStep(q, z, alpha);
    assertTrue(SampledGaussian.rdpPerStep(Math.min(1, q * 1.01), z, alpha) >= base);
    assertTrue(SampledGaussian.rdpPerStep(q, z * 1.01, alpha) <= base);
    assertTrue(SampledGaussian.rdpPerStep(q, z, alpha + 1) >= base, "RDP grows with the order");
    assertTrue(base <= SampledGaussian.gaussianRdp(z, alpha) * (1 + 1e-12),
        "subsampling never hurts");
  }

  // ------------------------------------------------------------------------------------------
  // independent references

  /**
   * {@code log(A)/(alpha-1)} with {@code A = sum_k C(alpha,k) (1-q)^(alpha-k) q^k w^(k^2-k)},
   * {@code w = exp(1/(2 z^2))}, summed term by term in 60-digit decimal arithmetic.
   */
  static double referenceRdp(double q, double z, int alpha) {
    BigDecimal bq = new BigDecimal(q);
    BigDecimal b1mq = BigDecimal.ONE.subtract(bq);
    BigDecimal twoZ2 = new BigDecimal(z).pow(2).multiply(BigDecimal.valueOf(2));
    BigDecimal w = exp(BigDecimal.ONE.divide(twoZ2, MC));
    BigDecimal a = BigDecimal.ZERO;
    BigInteger binom = BigInteger.ONE;
    for (int k = 0; k <= alpha; k++) {
      if (k > 0) {
        binom = binom.multiply(BigInteger.valueOf(alpha - k + 1)).divide(BigInteger.valueOf(k));
      }
      BigDecimal term = new BigDecimal(binom).multiply(b1mq.pow(alpha - k, MC), MC)
          .multiply(bq.pow(k, MC), MC).multiply(w.pow(k * k - k, MC), MC);
      a = a.add(term, MC);
    }
    return ln(a) / (alpha - 1);
  }

  /** {@code e^x} for {@code x >= 0}: {@code E^floor(x)} times a Taylor series. */
  private static BigDecimal exp(BigDecimal x) {
    int whole = x.intValue();
    BigDecimal frac = x.subtract(BigDecimal.valueOf(whole));
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal term = BigDecimal.ONE;
    BigDecimal negligible = new BigDecimal("1e-62");
    for (int n = 1; term.compareTo(negligible) > 0; n++) {
      term = term.multiply(frac, MC).divide(BigDecimal.valueOf(n), MC);
      sum = sum.add(term, MC);
    }
    return E.pow(whole, MC).multiply(sum, MC);
  }

  /** Natural log of {@code x >= 1}, accurate to double precision even when x is close to 1. */
  private static double ln(BigDecimal x) {
    BigDecimal excess = x.subtract(BigDecimal.ONE);
    if (excess.compareTo(BigDecimal.ONE) < 0) {
      return Math.log1p(excess.doubleValue());
    }
    int shift = x.toBigInteger().bitLength();
    BigDecimal y = x.divide(new BigDecimal(BigInteger.ONE.shiftLeft(shift)), MC);
    return Math.log(y.doubleValue()) + shift * Math.log(2);
  }

  /**
   * RDP from the definition, {@code A - 1 = E_{x~N(0,z^2)}[(1 - q + q e^{(2x-1)/(2z^2)})^alpha - 1]},
   * by the trapezoidal rule (spectrally accurate for this smooth, fast-decaying integrand) on a
   * grid that covers the mass of the tilted measure.
   */
  static double integratedRdp(double q, double z, double alpha) {
    double h = z / 400;
    double lo = -40 * z - 2;
    double hi = 40 * z + alpha + 2;
    double sum = 0;
    double c = 0; // Kahan compensation
    double norm = 1 / (Math.sqrt(2 * Math.PI) * z);
    for (double x = lo; x <= hi; x += h) {
      double mu0 = norm * Math.exp(-x * x / (2 * z * z));
      double ratioMinus1 = q * Math.expm1((2 * x - 1) / (2 * z * z));
      double f = mu0 * Math.expm1(alpha * Math.log1p(ratioMinus1)) * h;
      double y = f - c;
      double t = sum + y;
      c = (t - sum) - y;
      sum = t;
    }
    return Math.log1p(sum) / (alpha - 1);
  }
}
