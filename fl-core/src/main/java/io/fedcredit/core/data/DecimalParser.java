package io.fedcredit.core.data;

/**
 * Parses a decimal number from a range of a {@code char[]} without making a substring.
 *
 * <p>Accepted text: optional sign, digits with an optional decimal point (at least one digit in
 * all), an optional exponent {@code e}/{@code E} with optional sign and digits. Nothing else:
 * no surrounding blanks, no {@code NaN}/{@code Infinity}, no hexadecimal, no {@code d}/{@code f}
 * suffixes (all of which {@link Double#parseDouble} would accept).
 *
 * <p>The result is the correctly rounded double. When the significand has at most 18 significant
 * digits and the decimal exponent is within [-22, 22], the power of ten is an exact double: a
 * significand below 2^53 is exact too and one IEEE multiplication or division rounds correctly
 * (Clinger's fast path); a wider one is handled with an exact residual ({@code scaleWide}).
 * Anything else, and the rare value too close to a rounding boundary to decide cheaply, is
 * handed (as validated text) to {@link Double#parseDouble}.
 */
final class DecimalParser {
  /** 10^0 .. 10^22, all exactly representable as doubles. */
  private static final double[] POW10 = new double[23];
  private static final long MAX_EXACT = 1L << 53;
  private static final int MAX_DIGITS = 18; // 10^18 - 1 fits in a long, 10^19 - 1 does not

  static {
    double p = 1.0;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10.0;
    }
  }

  private DecimalParser() {}

  /**
   * The value of {@code s[from, to)}, or {@link Double#NaN} when the text is not a decimal number
   * in the grammar above. A number too large for a double comes back infinite.
   */
  static double parse(char[] s, int from, int to) {
    int i = from;
    if (i >= to) {
      return Double.NaN;
    }
    boolean negative = false;
    char c = s[i];
    if (c == '+' || c == '-') {
      negative = c == '-';
      i++;
    }
    long significand = 0;
    int digits = 0; // significant digits kept in significand
    int exponent = 0; // decimal exponent applied to significand
    boolean anyDigit = false;
    boolean inexact = false; // a non-zero digit did not fit in significand
    while (i < to && (c = s[i]) >= '0' && c <= '9') {
      anyDigit = true;
      int d = c - '0';
      if (digits < MAX_DIGITS) {
        if (significand != 0 || d != 0) {
          significand = significand * 10 + d;
          digits++;
        }
      } else {
        exponent++;
        inexact |= d != 0;
      }
      i++;
    }
    if (i < to && s[i] == '.') {
      i++;
      while (i < to && (c = s[i]) >= '0' && c <= '9') {
        anyDigit = true;
        int d = c - '0';
        if (digits < MAX_DIGITS) {
          if (significand != 0 || d != 0) {
            significand = significand * 10 + d;
            digits++;
          }
          exponent--;
        } else {
          inexact |= d != 0;
        }
        i++;
      }
    }
    if (!anyDigit) {
      return Double.NaN;
    }
    if (i < to && ((c = s[i]) == 'e' || c == 'E')) {
      i++;
      boolean expNegative = false;
      if (i < to && ((c = s[i]) == '+' || c == '-')) {
        expNegative = c == '-';
        i++;
      }
      if (i >= to) {
        return Double.NaN;
      }
      int e = 0;
      while (i < to && (c = s[i]) >= '0' && c <= '9') {
        if (e < 100_000) {
          e = e * 10 + (c - '0');
        }
        i++;
      }
      exponent += expNegative ? -e : e;
    }
    if (i != to) {
      return Double.NaN;
    }
    if (significand == 0 && !inexact) {
      return negative ? -0.0 : 0.0;
    }
    if (!inexact && exponent >= -22 && exponent <= 22) {
      double v;
      if (significand < MAX_EXACT) {
        v = (double) significand;
        v = exponent >= 0 ? v * POW10[exponent] : v / POW10[-exponent];
      } else {
        v = scaleWide(significand, exponent);
      }
      if (!Double.isNaN(v)) {
        return negative ? -v : v;
      }
    }
    return Double.parseDouble(new String(s, from, to - from));
  }

  /**
   * The correctly rounded {@code w * 10^q} for {@code 2^53 <= w < 10^18} and {@code |q| <= 22},
   * or NaN when this cannot be decided cheaply (then the caller falls back).
   *
   * <p>{@code w = hi + lo} exactly in two doubles; {@code q1} is the rounded product or quotient
   * of {@code hi} and the exact power of ten, and a fused multiply-add gives its rounding
   * residual exactly. The exact value is {@code q1 + c} with {@code |c|} below two units in the
   * last place of {@code q1}; {@code c} is known to about 2^-50 ulp, so unless it lies that close
   * to a rounding boundary (a half-ulp), rounding {@code q1 + c} to the nearest multiple of the
   * ulp is the correct rounding. Binade edges, where the ulp changes, are left to the fallback.
   * This covers the 17-digit decimals {@link Double#toString} and most CSV writers produce.
   */
  private static double scaleWide(long w, int q) {
    double hi = (double) w;
    double lo = (double) (w - (long) hi); // exact: |lo| <= 2^(60 - 53)
    double q1;
    double c;
    if (q >= 0) {
      double p = POW10[q];
      q1 = hi * p;
      c = Math.fma(hi, p, -q1) + lo * p;
    } else {
      double p = POW10[-q];
      q1 = hi / p;
      c = (Math.fma(-q1, p, hi) + lo) / p;
    }
    if ((Double.doubleToRawLongBits(q1) & 0x000F_FFFF_FFFF_FFFFL) == 0) {
      return Double.NaN; // a power of two: the ulp below is half the ulp above
    }
    double ulp = Math.ulp(q1);
    double m = c / ulp; // exact: scaling by a power of two
    double fraction = Math.abs(m) - Math.floor(Math.abs(m));
    if (Math.abs(m) >= 1.5 || Math.abs(fraction - 0.5) < 0x1.0p-40) {
      return Double.NaN;
    }
    double v = q1 + Math.rint(m) * ulp;
    return Math.getExponent(v) == Math.getExponent(q1) ? v : Double.NaN;
  }
}
