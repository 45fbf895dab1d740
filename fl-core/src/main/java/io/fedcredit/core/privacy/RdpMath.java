package io.fedcredit.core.privacy;

/**
 * Log-space arithmetic for the accountant: sums of terms that overflow a double, and the
 * logarithm of the complementary error function far into its tail. Package-private: the
 * accountant's public types are the API.
 */
final class RdpMath {
  private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

  private RdpMath() {}

  /** {@code log(exp(a) + exp(b))}, exact for {@code -inf} arguments. */
  static double logAdd(double a, double b) {
    double hi = Math.max(a, b);
    double lo = Math.min(a, b);
    if (hi == Double.NEGATIVE_INFINITY) {
      return hi;
    }
    if (hi == Double.POSITIVE_INFINITY) {
      return hi;
    }
    return hi + Math.log1p(Math.exp(lo - hi));
  }

  /**
   * {@code log(exp(a) - exp(b))} for {@code a >= b}.
   *
   * @throws ArithmeticException when {@code b > a} (the difference would be negative)
   */
  static double logSub(double a, double b) {
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    if (b > a) {
      throw new ArithmeticException("log of a negative difference: " + a + " < " + b);
    }
    if (a == b) {
      return Double.NEGATIVE_INFINITY;
    }
    double d = b - a; // < 0
    // log(1 - e^d): log(-expm1(d)) near 0, log1p(-e^d) far from it
    return a + (d > -0.693 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
  }

  /** {@code log(1 + exp(x))} without overflow. */
  static double log1pExp(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  /** {@code log(exp(x) - 1)} for {@code x > 0}. */
  static double logExpm1(double x) {
    return x > 30 ? x + Math.log1p(-Math.exp(-x)) : Math.log(Math.expm1(x));
  }

  /**
   * {@code log(erfc(x))} to about 1e-14 relative accuracy in {@code erfc}, for any finite
   * {@code x}, including far tails where {@code erfc(x)} underflows (it is then
   * {@code -x^2 - log(x sqrt(pi)) + ...}).
   */
  static double logErfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      // erfc(x) = 2 - erfc(-x) lies in (1, 2]: no cancellation
      return Math.log(2 - Math.exp(logErfc(-x)));
    }
    if (x < 2) {
      return Math.log1p(-erfSeries(x));
    }
    if (x == Double.POSITIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    return -x * x - LOG_SQRT_PI + Math.log(erfcContinuedFraction(x));
  }

  /** Maclaurin series of erf, used on [0, 2) where its cancellation costs < 2 digits. */
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x; // (-1)^n x^(2n+1) / n!
    double sum = x;
    for (int n = 1; n < 200; n++) {
      term *= -x2 / n;
      double add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
        break;
      }
    }
    return TWO_OVER_SQRT_PI * sum;
  }

  /**
   * {@code sqrt(pi) exp(x^2) erfc(x)} for {@code x >= 2}, by the continued fraction
   * {@code 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))}, evaluated with the modified Lentz method.
   */
  private static double erfcContinuedFraction(double x) {
    final double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int k = 1; k < 10_000; k++) {
      double a = k / 2.0;
      d = x + a * d;
      d = d == 0 ? tiny : d;
      c = x + a / c;
      c = c == 0 ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return 1 / f;
  }
}
