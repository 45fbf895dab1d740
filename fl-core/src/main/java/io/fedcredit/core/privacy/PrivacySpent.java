package io.fedcredit.core.privacy;

/**
 * An {@code (epsilon, delta)} guarantee and the Rényi order that gave the smallest epsilon.
 *
 * @param epsilon the privacy loss; 0 before anything was released, {@code +inf} without noise
 * @param delta the failure probability it holds at
 * @param order the optimal Rényi order, or NaN when nothing has been composed
 */
public record PrivacySpent(double epsilon, double delta, double order) {

  /** Whether this guarantee fits in {@code budget} (same delta or a larger budget delta). */
  public boolean within(PrivacyBudget budget) {
    return epsilon <= budget.epsilon() && delta <= budget.delta();
  }

  @Override
  public String toString() {
    return "eps=" + PrivacyBudget.format(epsilon) + " delta=" + PrivacyBudget.format(delta)
        + (Double.isNaN(order) ? "" : " (order " + PrivacyBudget.format(order) + ")");
  }
}
