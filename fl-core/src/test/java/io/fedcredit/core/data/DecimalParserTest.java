package io.fedcredit.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalParserTest {

  private static double parse(String s) {
    char[] padded = ("##" + s + "##").toCharArray();
    return DecimalParser.parse(padded, 2, 2 + s.length());
  }

  private static void assertSameDouble(double expected, double actual, String text) {
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
        () -> text + ": expected " + expected + " got " + actual);
  }

  @Property
  void agreesWithJavaOnEveryDouble(@ForAll double v) {
    if (Double.isFinite(v)) {
      String s = Double.toString(v);
      assertSameDouble(v, parse(s), s);
    }
  }

  @Property
  void agreesWithJavaOnPlainDecimals(@ForAll @LongRange(min = -999_999_999_999_999_999L,
      max = 999_999_999_999_999_999L) long digits, @ForAll @IntRange(min = -30, max = 30) int scale) {
    String s = new BigDecimal(java.math.BigInteger.valueOf(digits), scale).toPlainString();
    assertSameDouble(Double.parseDouble(s), parse(s), s);
    String sci = digits + "e" + (-scale);
    assertSameDouble(Double.parseDouble(sci), parse(sci), sci);
  }

  @Property(tries = 3000)
  void agreesWithJavaNearRoundingBoundaries(@ForAll double d,
      @ForAll @IntRange(min = 15, max = 19) int precision, @ForAll boolean up) {
    double x = Math.abs(d);
    if (!Double.isFinite(x) || x == 0 || x == Double.MAX_VALUE) {
      return;
    }
    // the exact midpoint between x and the next double, cut to a few significant digits
    BigDecimal mid = new BigDecimal(x).add(new BigDecimal(Math.nextUp(x)))
        .divide(BigDecimal.valueOf(2));
    BigDecimal near = mid.round(new java.math.MathContext(precision,
        up ? java.math.RoundingMode.UP : java.math.RoundingMode.DOWN));
    for (String s : new String[] {near.toString(), near.toPlainString(), mid.toString()}) {
      if (s.length() < 400) {
        assertSameDouble(Double.parseDouble(s), parse(s), s);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0", "+0.0", "1", "-1.5", ".5", "5.", "1e5", "1E-5", "1e+5",
      "0.1", "0.30000000000000004", "-0.6685760000000001", "123456789012345678901234567890",
      "0.000000000000000000000000001", "4.9e-324", "1.7976931348623157e308", "2.2250738585072011e-308",
      "9007199254740993", "00012.5000", "1e-400", "14.946585497567167",
      "9007199254740993e-3", "9007199254740995e5", "123456789012345678e-22",
      "123456789012345678e22", "4503599627370497.5", "0.10000000000000001"})
  void agreesWithJavaOnEdgeCases(String s) {
    assertSameDouble(Double.parseDouble(s), parse(s), s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "+", ".", "e5", "1e", "1e-", "1.2.3", " 1", "1 ", "NaN",
      "Infinity", "0x1p3", "1d", "1f", "1_000", "1,5", "--1", "1e5.5"})
  void rejectsAnythingElse(String s) {
    assertTrue(Double.isNaN(parse(s)), s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e309", "-1e999999999999"})
  void overflowIsInfinite(String s) {
    assertTrue(Double.isInfinite(parse(s)), s);
  }
}
