package io.fedcredit.core.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A bank's own credit standards in the synthetic data: how its labels depart from the city's
 * hidden default model. Banks share features but not standards; a policy re-weights the parts of
 * the hidden model (a tech lender forgives youth, a cautious lender weighs penalties twice) and
 * adds hard rules that mark a borrower bad whatever its score (a bank that rejects any firm with
 * an administrative penalty). The bank's {@link BankProfile#riskOffset() risk offset} shifts the
 * log-odds on top.
 *
 * @param weights multiplier of each part of the hidden model; missing parts weigh 1; each finite
 *     and within [0, 5]
 * @param rules hard rules; a borrower that meets any of them is labelled bad (1)
 */
public record CreditPolicy(Map<Component, Double> weights, Set<Rule> rules) {

  /** The parts of the hidden default model a policy can re-weight. */
  public enum Component {
    /** Industry effects. */
    INDUSTRY,
    /** Young firms are riskier ({@code exp(-age / 2)}). */
    YOUTH,
    /** Larger firms (employees, registered capital) are safer. */
    SIZE,
    /** Provident-fund coverage of the staff. */
    COVERAGE,
    /** Shrinking headcount, and penalties on a shrinking firm. */
    SHRINKING,
    /** Paying no tax, and tax growth. */
    TAX,
    /** Having received a subsidy. */
    SUBSIDY,
    /** Administrative penalties. */
    PENALTIES,
    /** Past delinquencies with the bank. */
    DELINQUENCY,
    /** Loan-to-turnover leverage, worst for young firms. */
    LEVERAGE
  }

  /** Hard rules: a borrower meeting one is bad under this bank's standards. */
  public enum Rule {
    /** At least one administrative penalty in three years. */
    REJECT_ANY_PENALTY,
    /** Two or more past delinquencies. */
    REJECT_TWO_DELINQUENCIES,
    /** Registered less than a year ago. */
    REJECT_YOUNGER_THAN_ONE_YEAR
  }

  /** The city's standards: every part weighs 1, no rules. */
  public static final CreditPolicy STANDARD = new CreditPolicy(Map.of(), Set.of());

  /**
   * Validates the policy.
   *
   * @throws IllegalArgumentException naming the component at fault
   */
  public CreditPolicy {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(rules, "rules");
    EnumMap<Component, Double> w = new EnumMap<>(Component.class);
    for (Map.Entry<Component, Double> e : weights.entrySet()) {
      Component c = Objects.requireNonNull(e.getKey(), "policy component");
      Double v = e.getValue();
      if (v == null || !(v >= 0 && v <= 5)) {
        throw new IllegalArgumentException(
            "policy weight of " + c + " must be within [0, 5], got " + v);
      }
      w.put(c, v);
    }
    weights = Collections.unmodifiableMap(w);
    rules = rules.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(rules));
  }

  /** The weight of one part (1 unless re-weighted). */
  public double weight(Component component) {
    return weights.getOrDefault(component, 1.0);
  }

  /** The weights of all parts, indexed by {@link Component#ordinal()}. */
  double[] weightVector() {
    double[] out = new double[Component.values().length];
    for (Component c : Component.values()) {
      out[c.ordinal()] = weight(c);
    }
    return out;
  }

  /** A short description for reports, e.g. {@code YOUTH x0.2, rules [REJECT_ANY_PENALTY]}. */
  public String describe() {
    if (weights.isEmpty() && rules.isEmpty()) {
      return "standard";
    }
    StringBuilder s = new StringBuilder();
    weights.forEach((c, v) -> s.append(s.isEmpty() ? "" : ", ").append(c).append(" x").append(v));
    if (!rules.isEmpty()) {
      s.append(s.isEmpty() ? "" : ", ").append("rules ").append(rules);
    }
    return s.toString();
  }
}
