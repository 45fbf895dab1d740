package io.fedcredit.core.data;

/**
 * Synthetic unified social credit codes (the 18-character enterprise id of GB 32100-2015):
 * registration authority {@code 9} (market regulation), entity type {@code 1} (enterprise), a
 * six-digit administrative division code, a nine-character organization code (eight digits and a
 * GB 11714 check character) and an overall check character over a 31-symbol alphabet. Codes are
 * made from an eight-digit number, distinct numbers giving distinct codes; they have the shape
 * and valid check characters of real codes but belong to no real enterprise.
 */
final class UnifiedCreditCode {
  /** The 31 symbols of GB 32100 (no I, O, S, V, Z), in value order. */
  static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
  /** Weights 3^i mod 31 of the first 17 characters. */
  private static final int[] WEIGHTS = new int[17];
  /** A few district codes of one (fictitious) prefecture-level city. */
  private static final String[] DIVISIONS =
      {"330102", "330105", "330106", "330108", "330109", "330110", "330111", "330112"};

  static {
    int w = 1;
    for (int i = 0; i < WEIGHTS.length; i++) {
      WEIGHTS[i] = w;
      w = w * 3 % 31;
    }
  }

  private UnifiedCreditCode() {}

  /** The code of an enterprise number in [0, 10^8). */
  static String of(int number) {
    char[] c = new char[18];
    c[0] = '9';
    c[1] = '1';
    String division = DIVISIONS[(number / 7) % DIVISIONS.length];
    division.getChars(0, 6, c, 2);
    int n = number;
    for (int i = 15; i >= 8; i--) {
      c[i] = (char) ('0' + n % 10);
      n /= 10;
    }
    c[16] = organizationCheck(c, 8);
    c[17] = check(c);
    return new String(c);
  }

  /** GB 11714 check character of the eight digits at {@code c[from .. from + 8)}. */
  static char organizationCheck(char[] c, int from) {
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      char ch = c[from + i];
      int value = ch <= '9' ? ch - '0' : ch - 'A' + 10; // GB 11714: digits, then A = 10 .. Z = 35
      sum += value * ORG_WEIGHTS[i];
    }
    int v = 11 - sum % 11;
    return v == 10 ? 'X' : v == 11 ? '0' : (char) ('0' + v);
  }

  /** The overall check character of the first 17 characters. */
  static char check(char[] c) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += ALPHABET.indexOf(c[i]) * WEIGHTS[i];
    }
    return ALPHABET.charAt((31 - sum % 31) % 31);
  }
}
