package io.fedcredit.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The generative model behind {@link SyntheticCreditData}: how one SME's platform records, its
 * bank relationship and its default are drawn. Stateless; all randomness comes from the
 * {@link RowRandom} passed in.
 *
 * <p>Three hidden traits drive everything: size, financial health and momentum (health plus
 * noise). They are never output; the observable features are noisy, correlated consequences of
 * them, and the default depends only on observable features ({@link #logit}) plus an unobserved
 * shock, so the best possible score is {@link #logit} itself.
 */
final class EnterpriseModel {
  // feature positions in a full row
  static final int AGE = 0;
  static final int LOG_CAPITAL = 1;
  static final int EMPLOYEES = 2;
  static final int SS_HEADCOUNT = 3;
  static final int SS_TREND = 4;
  static final int PF_COVERAGE = 5;
  static final int LOG_TAX = 6;
  static final int TAX_GROWTH = 7;
  static final int LOG_SUBSIDIES = 8;
  static final int PENALTIES = 9;
  static final int INDUSTRY = 10; // six one-hot columns
  static final int LOG_LOAN = INDUSTRY + Industry.values().length;
  static final int LOG_TURNOVER = LOG_LOAN + 1;
  static final int DELINQUENCIES = LOG_LOAN + 2;
  static final int LOAN_TO_TURNOVER = LOG_LOAN + 3;
  static final int FEATURES = LOG_LOAN + 4;
  static final int PLATFORM_FEATURES = LOG_LOAN;

  static final List<String> PLATFORM_NAMES;
  static final List<String> BANK_NAMES =
      List.of("log_loan_amount", "log_turnover_12m", "past_delinquencies", "loan_to_turnover");
  static final List<String> ALL_NAMES;

  static {
    List<String> p = new ArrayList<>(List.of("age_years", "log_reg_capital", "employees",
        "ss_headcount", "ss_trend_12m", "pf_coverage", "log_tax_12m", "tax_growth_12m",
        "log_subsidies_3y", "penalties_3y"));
    for (Industry industry : Industry.values()) {
      p.add(industry.columnName());
    }
    PLATFORM_NAMES = Collections.unmodifiableList(p);
    List<String> all = new ArrayList<>(p);
    all.addAll(BANK_NAMES);
    ALL_NAMES = Collections.unmodifiableList(all);
  }

  // per-industry parameters, in Industry order:
  // MANUFACTURING, RETAIL, CONSTRUCTION, TECH, SERVICES, LOGISTICS
  /** Mean log registered capital (CNY) of a typical firm. */
  private static final double[] CAPITAL = {14.6, 13.3, 15.0, 14.0, 13.2, 13.9};
  /** Mean log employees. */
  private static final double[] STAFF = {3.0, 1.7, 3.1, 2.5, 1.9, 2.4};
  /** Log-odds of an employee being covered by social security. */
  private static final double[] SS_COVER = {1.3, 0.3, -0.4, 2.2, 0.6, 0.2};
  /** Log-odds of a covered employee also being covered by the provident fund. */
  private static final double[] PF_COVER = {-0.1, -1.0, -1.4, 1.0, -0.5, -0.8};
  /** Mean log revenue per employee (CNY). */
  private static final double[] REVENUE = {13.4, 13.1, 13.5, 13.1, 12.6, 13.1};
  /** Log-odds of having received a subsidy in three years, for a typical firm. */
  private static final double[] SUBSIDY = {-1.0, -2.6, -2.2, -0.3, -2.0, -1.8};
  /** Log mean number of administrative penalties in three years. */
  private static final double[] PENALTY = {-1.5, -1.7, -0.8, -2.4, -2.0, -1.1};
  /** Industry effect on default log-odds. */
  private static final double[] INDUSTRY_RISK = {-0.2, 0.3, 0.6, 0.1, 0.0, 0.35};

  /** Default log-odds of an average firm before the feature effects. */
  static final double INTERCEPT = -3.3;
  /** Standard deviation of the unobserved shock added to the log-odds. */
  static final double SHOCK = 0.4;

  /** Every part of the hidden model at weight 1: the city's standards. */
  private static final double[] STANDARD_WEIGHTS = CreditPolicy.STANDARD.weightVector();

  private EnterpriseModel() {}

  /**
   * Draws one enterprise into {@code x[at .. at + FEATURES)} and returns its default label.
   *
   * @param industryCdf cumulative industry distribution of the population it comes from
   * @param riskOffset the lending bank's shift of the default log-odds
   */
  static double draw(RowRandom r, double[] industryCdf, double riskOffset, double[] x, int at) {
    return draw(r, industryCdf, riskOffset, STANDARD_WEIGHTS, Set.of(), x, at);
  }

  /**
   * Draws one enterprise whose label follows a bank's own standards: the hidden model's parts
   * re-weighted by {@code weights} (see {@link CreditPolicy#weightVector()}), and the borrower
   * marked bad when it meets one of {@code rules}. The random draws are the same as without a
   * policy, so a policy changes labels only.
   */
  static double draw(RowRandom r, double[] industryCdf, double riskOffset, double[] weights,
      Set<CreditPolicy.Rule> rules, double[] x, int at) {
    int k = r.pick(industryCdf);
    double size = r.normal();
    double health = r.normal();
    double momentum = 0.6 * health + 0.8 * r.normal();

    double age = Math.min(40, 0.2 + 4.0 * r.gamma(1.6));
    age = Math.rint(age * 100) / 100; // as the platform reports it
    double logAge = Math.log1p(age);
    double logCapital = CAPITAL[k] + 0.9 * size + 0.2 * logAge + 0.45 * r.normal();
    double employees = Math.rint(Math.exp(
        STAFF[k] + 0.75 * size + 0.25 * logAge + 0.1 * health + 0.45 * r.normal()));
    employees = Math.max(1, Math.min(5000, employees));

    double ssRate = sigmoid(SS_COVER[k] + 0.6 * health + 0.2 * size + 0.4 * r.normal());
    double headcount = Math.rint(employees * ssRate
        + Math.sqrt(employees * ssRate * (1 - ssRate)) * r.normal());
    headcount = Math.max(0, Math.min(employees, headcount));
    // headcount a year ago; none for a firm younger than a year
    double change = 0.02 + 0.10 * momentum + 0.10 * Math.exp(-age / 2) + 0.08 * r.normal();
    double before = age < 1 ? 0 : Math.max(0, Math.rint(headcount / (1 + Math.max(-0.9, change))));
    double trend = before > 0 ? (headcount - before) / before : headcount > 0 ? 1 : 0;
    trend = Math.min(3, trend);

    double pfShare = sigmoid(PF_COVER[k] + 0.9 * health + 0.3 * size + 0.6 * r.normal());
    double pfCoverage = Math.rint(headcount * pfShare) / employees;

    double logRevenue = REVENUE[k] + Math.log(employees) + 0.35 * health + 0.5 * r.normal();
    boolean paysTax = r.uniform() >= sigmoid(-2.2 + 1.8 * Math.exp(-age) - 0.8 * health);
    double logTax = paysTax ? Math.log1p(Math.exp(logRevenue) * 0.03 * Math.exp(0.3 * r.normal()))
        : 0;
    double taxGrowth = paysTax
        ? clamp(0.05 + 0.6 * Math.max(-1, trend) + 0.12 * momentum + 0.2 * r.normal(), -1, 3)
        : 0;
    boolean subsidised = r.uniform() < sigmoid(SUBSIDY[k] + 0.4 * size + 0.3 * health);
    double logSubsidies = subsidised ? 11 + 0.5 * size + 0.8 * r.normal() : 0;
    logSubsidies = Math.max(0, logSubsidies);
    double penalties = Math.min(20,
        r.poisson(Math.exp(PENALTY[k] + 0.25 * (Math.log(employees) - 2.5) - 0.45 * health)));

    // the bank's view: its share of the firm's cash flow and the loan it granted
    double walletShare = 0.3 + 0.7 * r.uniform();
    double logTurnover = logRevenue + Math.log(walletShare) + 0.15 * r.normal();
    double logLoan = logRevenue - 1.2 + 0.3 * (logCapital - CAPITAL[k]) - 0.3 * health
        + 0.5 * r.normal();
    double loanToTurnover = Math.min(50, Math.exp(logLoan - logTurnover));
    double delinquencies = Math.min(15, r.poisson(
        Math.exp(-1.6 - 0.8 * health + 0.3 * Math.max(0, Math.log(loanToTurnover)))));

    x[at + AGE] = age;
    x[at + LOG_CAPITAL] = logCapital;
    x[at + EMPLOYEES] = employees;
    x[at + SS_HEADCOUNT] = headcount;
    x[at + SS_TREND] = trend;
    x[at + PF_COVERAGE] = pfCoverage;
    x[at + LOG_TAX] = logTax;
    x[at + TAX_GROWTH] = taxGrowth;
    x[at + LOG_SUBSIDIES] = logSubsidies;
    x[at + PENALTIES] = penalties;
    for (int i = 0; i < Industry.values().length; i++) {
      x[at + INDUSTRY + i] = i == k ? 1 : 0;
    }
    x[at + LOG_LOAN] = logLoan;
    x[at + LOG_TURNOVER] = logTurnover;
    x[at + DELINQUENCIES] = delinquencies;
    x[at + LOAN_TO_TURNOVER] = loanToTurnover;

    double z = logit(x, at, weights) + riskOffset + SHOCK * r.normal();
    double label = r.uniform() < sigmoid(z) ? 1 : 0;
    return label == 1 || breaksRule(x, at, rules) ? 1 : 0;
  }

  private static boolean breaksRule(double[] x, int at, Set<CreditPolicy.Rule> rules) {
    for (CreditPolicy.Rule rule : rules) {
      boolean broken = switch (rule) {
        case REJECT_ANY_PENALTY -> x[at + PENALTIES] >= 1;
        case REJECT_TWO_DELINQUENCIES -> x[at + DELINQUENCIES] >= 2;
        case REJECT_YOUNGER_THAN_ONE_YEAR -> x[at + AGE] < 1;
      };
      if (broken) {
        return true;
      }
    }
    return false;
  }

  /**
   * The hidden default model: log-odds of default given a full row of observable features,
   * before the bank's offset and the unobserved shock. Non-linear on purpose: young firms,
   * shrinking staff, penalties on a shrinking firm, a jump at two delinquencies, leverage that
   * hurts young firms most, and industry effects.
   */
  static double logit(double[] x, int at) {
    return logit(x, at, STANDARD_WEIGHTS);
  }

  /**
   * The hidden model with its parts re-weighted ({@link CreditPolicy.Component} order); with all
   * weights 1 it equals {@link #logit(double[], int)} bit for bit.
   */
  static double logit(double[] x, int at, double[] w) {
    double age = x[at + AGE];
    double trend = x[at + SS_TREND];
    double penalties = x[at + PENALTIES];
    double delinquencies = x[at + DELINQUENCIES];
    double leverage = Math.log(x[at + LOAN_TO_TURNOVER]);
    double shrinking = Math.max(0, -trend);
    double z = INTERCEPT;
    double wIndustry = w[CreditPolicy.Component.INDUSTRY.ordinal()];
    for (int i = 0; i < INDUSTRY_RISK.length; i++) {
      z += wIndustry * (INDUSTRY_RISK[i] * x[at + INDUSTRY + i]);
    }
    z += w[CreditPolicy.Component.YOUTH.ordinal()] * (1.5 * Math.exp(-age / 2.0));
    double wSize = w[CreditPolicy.Component.SIZE.ordinal()];
    z -= wSize * (0.3 * (Math.log(x[at + EMPLOYEES]) - 2.3));
    z -= wSize * (0.15 * (x[at + LOG_CAPITAL] - 14.0));
    z -= w[CreditPolicy.Component.COVERAGE.ordinal()] * (1.8 * (x[at + PF_COVERAGE] - 0.3));
    double wShrinking = w[CreditPolicy.Component.SHRINKING.ordinal()];
    z += wShrinking * (2.5 * shrinking);
    double wTax = w[CreditPolicy.Component.TAX.ordinal()];
    z += wTax * (x[at + LOG_TAX] == 0 ? 0.6 : 0);
    z -= wTax * (0.6 * clamp(x[at + TAX_GROWTH], -1, 1));
    z -= w[CreditPolicy.Component.SUBSIDY.ordinal()] * (x[at + LOG_SUBSIDIES] > 0 ? 0.3 : 0);
    z += w[CreditPolicy.Component.PENALTIES.ordinal()] * (0.35 * Math.min(penalties, 5));
    z += wShrinking * (penalties >= 1 ? 3.0 * shrinking : 0);
    z += w[CreditPolicy.Component.DELINQUENCY.ordinal()]
        * (0.25 * delinquencies + (delinquencies >= 2 ? 1.2 : 0));
    double wLeverage = w[CreditPolicy.Component.LEVERAGE.ordinal()];
    z += wLeverage * (0.5 * Math.max(0, leverage));
    z += wLeverage * (age < 3 ? 1.5 * Math.max(0, leverage - Math.log(0.6)) : 0);
    return z;
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
