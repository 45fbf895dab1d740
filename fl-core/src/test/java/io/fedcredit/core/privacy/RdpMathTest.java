package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RdpMathTest {

  /** erfc values to 16 digits, as printed by C99's {@code erfc} (glibc). */
  @Test
  void logErfcMatchesTabulatedValuesIntoTheFarTail() {
    double[][] table = {
        {-1.0, 1.842700792949715},
        {0.0, 1.0},
        {0.5, 0.4795001221869535},
        {1.0, 0.15729920705028513},
        {1.9, 0.0072095707647425325},
        {2.0, 0.004677734981047265},
        {3.0, 2.2090496998585438e-05},
        {5.0, 1.5374597944280351e-12},
        {10.0, 2.088487583762545e-45},
    };
    for (double[] row : table) {
      assertEquals(Math.log(row[1]), RdpMath.logErfc(row[0]), 1e-13, "x=" + row[0]);
    }
    // erfc(30) underflows a double; its log does not. Asymptotic series:
    // erfc(x) x sqrt(pi) e^(x^2) = 1 - 1/(2x^2) + 3/(4x^4) - 15/(8x^6) + ...
    double x = 30;
    double asymptotic = -x * x - Math.log(x * Math.sqrt(Math.PI))
        + Math.log(1 - 1 / (2 * x * x) + 3 / (4 * Math.pow(x, 4)) - 15 / (8 * Math.pow(x, 6)));
    assertEquals(asymptotic, RdpMath.logErfc(x), 1e-9);
  }

  @Test
  void logAddAndLogSubInvertEachOther() {
    assertEquals(Math.log(5), RdpMath.logAdd(Math.log(2), Math.log(3)), 1e-15);
    assertEquals(Math.log(2), RdpMath.logSub(Math.log(5), Math.log(3)), 1e-15);
    assertEquals(1000 + Math.log(2), RdpMath.logAdd(1000, 1000), 1e-12);
    assertEquals(Double.NEGATIVE_INFINITY, RdpMath.logSub(7, 7));
    assertEquals(3.0, RdpMath.logAdd(3, Double.NEGATIVE_INFINITY));
    assertThrows(ArithmeticException.class, () -> RdpMath.logSub(1, 2));
    assertEquals(Math.log(Math.expm1(1e-8)), RdpMath.logExpm1(1e-8), 1e-12);
    assertEquals(100 + Math.log1p(-Math.exp(-100)), RdpMath.logExpm1(100), 1e-12);
  }
}
