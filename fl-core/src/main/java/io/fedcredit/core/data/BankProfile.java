package io.fedcredit.core.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One bank of a synthetic horizontal federation: how many borrowers it has, which industries it
 * lends to, and how much riskier (or safer) its book is than the city's. Different profiles make
 * the federation non-IID in size, feature distribution and default rate.
 *
 * @param name the bank's name, used in logs and as a participant id; non-blank
 * @param rows number of training rows, at least 1
 * @param industryWeights relative weight of each industry among the bank's borrowers; missing
 *     industries weigh 0; weights are finite and non-negative with a positive sum (they need not
 *     sum to 1)
 * @param riskOffset added to every borrower's default log-odds: the bank's own clientele and
 *     credit standards; finite, within [-3, 3]; 0 for a bank like the city as a whole
 * @param policy the bank's own credit standards: how its labels re-weight the city's hidden
 *     default model and which hard rules mark a borrower bad ({@link CreditPolicy#STANDARD} for
 *     none)
 */
public record BankProfile(String name, int rows, Map<Industry, Double> industryWeights,
    double riskOffset, CreditPolicy policy) {

  /**
   * Validates the profile.
   *
   * @throws IllegalArgumentException naming the bank and the parameter at fault
   */
  public BankProfile {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("bank name must not be blank");
    }
    if (rows < 1) {
      throw new IllegalArgumentException("bank '" + name + "': rows must be >= 1, got " + rows);
    }
    industryWeights = validWeights(industryWeights, "bank '" + name + "'");
    Objects.requireNonNull(policy, "bank '" + name + "': policy");
    if (!(Math.abs(riskOffset) <= 3)) {
      throw new IllegalArgumentException(
          "bank '" + name + "': riskOffset must be within [-3, 3], got " + riskOffset);
    }
  }

  /** A profile with the city's credit standards ({@link CreditPolicy#STANDARD}). */
  public BankProfile(String name, int rows, Map<Industry, Double> industryWeights,
      double riskOffset) {
    this(name, rows, industryWeights, riskOffset, CreditPolicy.STANDARD);
  }

  /** A profile whose default rate follows the city's (risk offset 0). */
  public BankProfile(String name, int rows, Map<Industry, Double> industryWeights) {
    this(name, rows, industryWeights, 0.0);
  }

  /** The same bank with another number of training rows. */
  public BankProfile withRows(int newRows) {
    return new BankProfile(name, newRows, industryWeights, riskOffset, policy);
  }

  /** The share of an industry among this bank's borrowers, in [0, 1]. */
  public double share(Industry industry) {
    return industryWeights.getOrDefault(industry, 0.0) / total(industryWeights);
  }

  /** Validated, normalized-on-read weights as an immutable map in industry order. */
  static Map<Industry, Double> validWeights(Map<Industry, Double> weights, String owner) {
    Objects.requireNonNull(weights, owner + ": industryWeights");
    EnumMap<Industry, Double> copy = new EnumMap<>(Industry.class);
    for (Map.Entry<Industry, Double> e : weights.entrySet()) {
      Industry industry = Objects.requireNonNull(e.getKey(), owner + ": null industry");
      Double w = e.getValue();
      if (w == null || !(w >= 0) || w.isInfinite()) {
        throw new IllegalArgumentException(owner + ": weight of " + industry
            + " must be finite and >= 0, got " + w);
      }
      copy.put(industry, w);
    }
    if (!(total(copy) > 0)) {
      throw new IllegalArgumentException(owner + ": industry weights must have a positive sum,"
          + " got " + weights);
    }
    return Collections.unmodifiableMap(copy);
  }

  /** The cumulative distribution over {@link Industry#values()} that the weights define. */
  static double[] cumulative(Map<Industry, Double> weights) {
    Industry[] all = Industry.values();
    double[] cdf = new double[all.length];
    double sum = total(weights);
    double acc = 0;
    for (int i = 0; i < all.length; i++) {
      acc += weights.getOrDefault(all[i], 0.0) / sum;
      cdf[i] = acc;
    }
    cdf[all.length - 1] = 1.0;
    return cdf;
  }

  private static double total(Map<Industry, Double> weights) {
    double sum = 0;
    for (double w : weights.values()) {
      sum += w;
    }
    return sum;
  }
}
