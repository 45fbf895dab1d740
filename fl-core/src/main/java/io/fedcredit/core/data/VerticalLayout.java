package io.fedcredit.core.data;

/**
 * Which enterprises the platform's data node and one bank each hold in a synthetic vertical
 * split. The bank's training rows are {@code sharedRows} enterprises the platform also knows plus
 * {@code bankOnlyRows} it does not; the platform additionally holds {@code platformOnlyRows}
 * enterprises the bank never lent to, and the {@code testRows} enterprises of the bank's
 * held-out test table (so that the bank can score them with the platform's partial score).
 *
 * @param sharedRows training enterprises in both tables (the intersection a PSI should find)
 * @param bankOnlyRows training enterprises only the bank has
 * @param platformOnlyRows enterprises only the platform has
 * @param testRows the bank's held-out rows, all also in the platform's table
 */
public record VerticalLayout(int sharedRows, int bankOnlyRows, int platformOnlyRows,
    int testRows) {

  /** The most enterprises a split may hold: ids are 8-digit numbers. */
  public static final int MAX_ENTERPRISES = 99_999_999;

  /**
   * Validates the layout.
   *
   * @throws IllegalArgumentException for a negative count, an empty table or more than
   *     {@link #MAX_ENTERPRISES} enterprises in all
   */
  public VerticalLayout {
    requireNonNegative(sharedRows, "sharedRows");
    requireNonNegative(bankOnlyRows, "bankOnlyRows");
    requireNonNegative(platformOnlyRows, "platformOnlyRows");
    requireNonNegative(testRows, "testRows");
    if (sharedRows + (long) bankOnlyRows == 0) {
      throw new IllegalArgumentException("the bank needs training rows: sharedRows + bankOnlyRows"
          + " must be >= 1");
    }
    if (enterprises(sharedRows, bankOnlyRows, platformOnlyRows, testRows) > MAX_ENTERPRISES) {
      throw new IllegalArgumentException("at most " + MAX_ENTERPRISES + " enterprises, got "
          + enterprises(sharedRows, bankOnlyRows, platformOnlyRows, testRows));
    }
    if (sharedRows + (long) platformOnlyRows + testRows == 0) {
      throw new IllegalArgumentException("the platform needs rows: sharedRows + platformOnlyRows"
          + " + testRows must be >= 1");
    }
  }

  /**
   * A layout from the bank's point of view.
   *
   * @param bankRows the bank's training rows
   * @param overlapFraction share of them the platform also knows, in [0, 1]
   * @param platformOnlyRows enterprises only the platform has
   * @param testRows the bank's held-out rows (known to the platform)
   * @throws IllegalArgumentException for counts or a fraction out of range
   */
  public static VerticalLayout of(int bankRows, double overlapFraction, int platformOnlyRows,
      int testRows) {
    if (!(overlapFraction >= 0 && overlapFraction <= 1)) {
      throw new IllegalArgumentException("overlapFraction must be in [0, 1], got "
          + overlapFraction);
    }
    requireNonNegative(bankRows, "bankRows");
    int shared = (int) Math.round(bankRows * overlapFraction);
    return new VerticalLayout(shared, bankRows - shared, platformOnlyRows, testRows);
  }

  /** The demo layout: a bank of 20,000 borrowers, 80% known to a platform of 50,000. */
  public static VerticalLayout demo() {
    return of(20_000, 0.8, 29_000, 5_000);
  }

  /** Rows of the bank's training table. */
  public int bankRows() {
    return sharedRows + bankOnlyRows;
  }

  /** Rows of the platform's table. */
  public int platformRows() {
    return sharedRows + platformOnlyRows + testRows;
  }

  /** Share of the bank's training rows the platform also holds. */
  public double overlapFraction() {
    return sharedRows / (double) bankRows();
  }

  /** Distinct enterprises over both tables. */
  public long enterprises() {
    return enterprises(sharedRows, bankOnlyRows, platformOnlyRows, testRows);
  }

  private static long enterprises(long shared, long bankOnly, long platformOnly, long test) {
    return shared + bankOnly + platformOnly + test;
  }

  private static void requireNonNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }
}
