package io.fedcredit.core.data;

/**
 * Parses a decimal number from a range of a {@code char[]} without making a substring.
 *
 * <p>Accepted text: optional sign, digits with an optional decimal point (at least one digit in
 * all), an optional exponent {@code e}/{@code E} with optional sign and digits. Nothing else:
 * no surrounding blanks, no {@code NaN}/{@code Infinity}, no hexadecimal, no {@code d}/{@code f}
 * suffixes (all of which {@link Double#parseDouble} would accept).
 *
 * <p>The result is the correctly rounded double: when the significand has at most 18 significant
 * digits, fits in 53 bits and the decimal exponent is within [-22, 22], both the significand and
 * the power of ten are exact doubles and one IEEE multiplication or division rounds correctly
 * (Clinger's fast path); otherwise the validated text is handed to {@link Double#parseDouble}.
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
    if (!inexact && significand < MAX_EXACT && exponent >= -22 && exponent <= 22) {
      double v = (double) significand;
      v = exponent >= 0 ? v * POW10[exponent] : v / POW10[-exponent];
      return negative ? -v : v;
    }
    return Double.parseDouble(new String(s, from, to - from));
  }
}
