package io.fedcredit.core.privacy;

/**
 * An {@code (epsilon, delta)} guarantee and where it comes from.
 *
 * @param epsilon the privacy loss; 0 before anything was released, {@code +inf} without noise
 * @param delta the failure probability it holds at
 * @param order the Rényi order whose conversion gave the smallest epsilon; NaN when the exact
 *     Gaussian profile gave it (no subsampling, see {@link RdpAccountant}) or nothing has been
 *     released
 */
public record PrivacySpent(double epsilon, double delta, double order) {

  /** Whether this guarantee fits in {@code budget} (same delta or a larger budget delta). */
  public boolean within(PrivacyBudget budget) {
    return epsilon <= budget.epsilon() && delta <= budget.delta();
  }

  @Override
  public String toString() {
    return "eps=" + PrivacyBudget.format(epsilon) + " delta=" + PrivacyBudget.format(delta)
        + (!Double.isNaN(order) ? " (order " + PrivacyBudget.format(order) + ")"
            : epsilon > 0 ? " (exact Gaussian)" : "");
  }
}
