package io.fedcredit.core.data;

/**
 * Industries of the synthetic SME population. Each is one one-hot feature column of the
 * platform's table ({@link #columnName()}), and each has its own size, staffing, tax and default
 * profile in {@link SyntheticCreditData}.
 */
public enum Industry {
  MANUFACTURING,
  RETAIL,
  CONSTRUCTION,
  TECH,
  SERVICES,
  LOGISTICS;

  /** The one-hot feature column, such as {@code industry_manufacturing}. */
  public String columnName() {
    return "industry_" + name().toLowerCase(java.util.Locale.ROOT);
  }
}
