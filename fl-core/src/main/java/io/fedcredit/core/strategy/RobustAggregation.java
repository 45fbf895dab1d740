package io.fedcredit.core.strategy;

import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.privacy.L2Clipping;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Byzantine-robust aggregation as a wrapper around another strategy: the round's individual
 * updates are combined by a robust rule instead of the weighted mean, and the result is handed to
 * the inner strategy as if it were the mean (so a wrapped {@link FedAvg} adds it to the model and
 * a wrapping {@link ServerOptimizer} treats it as the pseudo-gradient). The rules:
 *
 * <ul>
 *   <li>{@link Rule#MEAN}: the plain mean; with a norm bound this is norm bounding (Sun et al.,
 *       "Can You Really Backdoor Federated Learning?", 2019);
 *   <li>{@link Rule#MEDIAN}: the coordinate-wise median (Yin et al., ICML 2018); with an even
 *       count, the mean of the two middle values;
 *   <li>{@link Rule#TRIMMED_MEAN}: per coordinate, drop the {@code floor(β n)} largest and
 *       {@code floor(β n)} smallest values and average the rest (Yin et al. 2018);
 *   <li>{@link Rule#KRUM}: the one update whose summed squared distance to its {@code n - f - 2}
 *       nearest other updates is smallest (Blanchard et al., "Machine Learning with Adversaries:
 *       Byzantine Tolerant Gradient Descent", NeurIPS 2017), for at most {@code f} Byzantine
 *       participants; needs {@code n >= 2f + 3};
 *   <li>{@link Rule#MULTI_KRUM}: the mean of the {@code m} updates with the smallest Krum scores
 *       (scores computed once, as Flower does; {@code m = n - f} unless configured).
 * </ul>
 *
 * <p>A norm bound, when set, first scales every update whose L2 norm exceeds it down to that norm,
 * whatever the rule.
 *
 * <p><b>Needs plaintext aggregation.</b> Every rule here looks at each participant's update, and
 * under secure aggregation or Paillier aggregation the coordinator learns only their sum (that is
 * the point of those protocols; see {@link FitResults}). The two cannot be combined: job specs and
 * the simulation refuse the combination when they are built, and {@link #aggregateFit} throws
 * {@link IllegalStateException} if it is handed sums only. Nor does it compose with
 * {@code DifferentialPrivacy}, whose noise is calibrated to the sensitivity of a sum of clipped
 * updates, not of a median or a selection.
 *
 * <p><b>Weighting.</b> Every accepted update counts once: the example counts the participants
 * report are ignored by the rules. Robust statistics are defined on unweighted samples, and the
 * example count is self-reported, so weighting by it would let one participant claiming a huge
 * book outvote the others (a weighted median is as easy to capture as a weighted mean). With banks
 * of similar size, {@code MEAN} is close to FedAvg; with very unequal sizes, a large bank's update
 * counts as much as a small one's. The inner strategy receives the robust aggregate as a sum of
 * total weight {@code n}, the number of updates.
 *
 * <p>A round with too few updates for the rule (Krum with {@code n < 2f + 3}) keeps the current
 * model, like a round with too few results. The wrapper holds no state between rounds.
 */
public final class RobustAggregation extends ForwardingStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(RobustAggregation.class);

  /** The robust combination rules. */
  public enum Rule {
    MEAN,
    MEDIAN,
    TRIMMED_MEAN,
    KRUM,
    MULTI_KRUM;

    /** The rule's name in job specs and on the command line, e.g. {@code trimmed_mean}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code mean}, {@code median}, {@code trimmed_mean}, {@code krum} or
     * {@code multi_krum} (any case; {@code -} for {@code _} accepted).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Rule parse(String text) {
      String t = Objects.requireNonNull(text, "rule").trim().toUpperCase(Locale.ROOT)
          .replace('-', '_');
      try {
        return valueOf(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown robust aggregation rule '" + text
            + "': use mean, median, trimmed_mean, krum or multi_krum", e);
      }
    }
  }

  /**
   * Robust aggregation settings, validated when built.
   *
   * @param rule how the updates are combined
   * @param normBound L2 bound each update is clipped to before the rule, positive;
   *     {@link Double#POSITIVE_INFINITY} for none
   * @param trimFraction β of {@link Rule#TRIMMED_MEAN}, the share trimmed at each end, in
   *     [0, 0.5); ignored by the other rules
   * @param byzantine f of {@link Rule#KRUM} and {@link Rule#MULTI_KRUM}, the number of
   *     participants that may be Byzantine, {@code >= 0}; ignored by the other rules
   * @param selected m of {@link Rule#MULTI_KRUM}, how many updates are averaged, {@code >= 1}, or
   *     0 for {@code n - f}; ignored by the other rules
   */
  public record Config(Rule rule, double normBound, double trimFraction, int byzantine,
      int selected) {
    public Config {
      Objects.requireNonNull(rule, "rule");
      if (!(normBound > 0)) {
        throw new IllegalArgumentException("norm_bound must be positive: " + normBound);
      }
      if (!(trimFraction >= 0 && trimFraction < 0.5)) {
        throw new IllegalArgumentException("trim_fraction must be in [0, 0.5): " + trimFraction);
      }
      if (byzantine < 0) {
        throw new IllegalArgumentException("byzantine must be >= 0: " + byzantine);
      }
      if (selected < 0) {
        throw new IllegalArgumentException("selected must be >= 0 (0: n - byzantine): "
            + selected);
      }
    }

    /** Norm bounding: the mean of the updates, each clipped to L2 norm {@code bound}. */
    public static Config normBounding(double bound) {
      return new Config(Rule.MEAN, bound, 0, 0, 0);
    }

    /** The coordinate-wise median. */
    public static Config median() {
      return new Config(Rule.MEDIAN, Double.POSITIVE_INFINITY, 0, 0, 0);
    }

    /** The coordinate-wise mean after trimming a share β at each end. */
    public static Config trimmedMean(double beta) {
      return new Config(Rule.TRIMMED_MEAN, Double.POSITIVE_INFINITY, beta, 0, 0);
    }

    /** Krum for at most {@code f} Byzantine participants. */
    public static Config krum(int f) {
      return new Config(Rule.KRUM, Double.POSITIVE_INFINITY, 0, f, 0);
    }

    /** Multi-Krum averaging {@code n - f} updates. */
    public static Config multiKrum(int f) {
      return new Config(Rule.MULTI_KRUM, Double.POSITIVE_INFINITY, 0, f, 0);
    }

    /** The same rule, with each update first clipped to L2 norm {@code bound}. */
    public Config withNormBound(double bound) {
      return new Config(rule, bound, trimFraction, byzantine, selected);
    }

    /** The same rule; Multi-Krum averages {@code m} updates. */
    public Config withSelected(int m) {
      return new Config(rule, normBound, trimFraction, byzantine, m);
    }

    /** Whether updates are clipped before the rule. */
    public boolean bounded() {
      return normBound != Double.POSITIVE_INFINITY;
    }

    /** The fewest updates the rule can combine: {@code 2f + 3} for (Multi-)Krum, else 1. */
    public int minimumUpdates() {
      return rule == Rule.KRUM || rule == Rule.MULTI_KRUM ? 2 * byzantine + 3 : 1;
    }

    /** For logs and provenance, e.g. {@code krum(f=2, norm_bound=1.0)}. */
    public String describe() {
      StringBuilder sb = new StringBuilder(rule.wireName()).append('(');
      switch (rule) {
        case TRIMMED_MEAN -> sb.append("trim_fraction=").append(trimFraction);
        case KRUM -> sb.append("f=").append(byzantine);
        case MULTI_KRUM -> sb.append("f=").append(byzantine).append(", m=")
            .append(selected == 0 ? "n-f" : Integer.toString(selected));
        default -> { }
      }
      if (bounded()) {
        sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append("norm_bound=")
            .append(normBound);
      }
      return sb.append(')').toString();
    }
  }

  private final Config config;

  /** Wraps {@code inner}, which receives the robust aggregate in place of the mean. */
  public RobustAggregation(Strategy inner, Config config) {
    super(inner);
    this.config = Objects.requireNonNull(config, "config");
  }

  public Config config() {
    return config;
  }

  @Override
  public String describe() {
    return "RobustAggregation(" + config.describe() + ", " + inner.describe() + ")";
  }

  /**
   * Combines the individual updates by the rule and lets the inner strategy apply the result.
   *
   * @throws IllegalStateException when {@code results} carries sums only (secure or Paillier
   *     aggregation), which no robust rule can work from
   */
  @Override
  public Optional<double[]> aggregateFit(
      long round, GlobalModel current, FitResults results, List<Failure> failures) {
    if (results.isEmpty()) {
      return inner.aggregateFit(round, current, results, failures);
    }
    List<FitResult> updates = results.individual().orElseThrow(() -> new IllegalStateException(
        "robust aggregation " + config.describe() + " needs each participant's update, but "
            + "round " + round + " was aggregated under secure aggregation or Paillier "
            + "aggregation, which reveal only the sum; use plaintext aggregation or FedAvg"));
    int n = updates.size();
    if (n < config.minimumUpdates()) {
      LOG.warn("round {}: {} updates, {} needs at least {}; keeping the current model", round, n,
          config.describe(), config.minimumUpdates());
      return Optional.empty();
    }
    double[][] deltas = new double[n][];
    for (int k = 0; k < n; k++) {
      deltas[k] = config.bounded()
          ? L2Clipping.clip(updates.get(k).delta(), config.normBound()).values()
          : updates.get(k).delta();
    }
    double[] aggregate = combine(deltas);
    double[] sum = aggregate.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] *= n;
    }
    Map<String, Double> aux = new LinkedHashMap<>();
    for (String name : results.auxiliaryNames()) {
      aux.put(name, results.auxiliarySum(name).orElseThrow());
    }
    return inner.aggregateFit(round, current,
        FitResults.sumsOnly(sum, n, results.participants(), aux), failures);
  }

  /** The rule applied to updates of equal length (already clipped); does not modify them. */
  double[] combine(double[][] deltas) {
    return switch (config.rule()) {
      case MEAN -> mean(deltas, allIndices(deltas.length));
      case MEDIAN -> trimmedMean(deltas, -1);
      case TRIMMED_MEAN -> trimmedMean(deltas, (int) Math.floor(config.trimFraction()
          * deltas.length));
      case KRUM -> deltas[krumOrder(deltas, config.byzantine())[0]].clone();
      case MULTI_KRUM -> {
        int m = config.selected() == 0 ? deltas.length - config.byzantine()
            : Math.min(config.selected(), deltas.length);
        yield mean(deltas, Arrays.copyOf(krumOrder(deltas, config.byzantine()), m));
      }
    };
  }

  private static int[] allIndices(int n) {
    int[] all = new int[n];
    Arrays.setAll(all, i -> i);
    return all;
  }

  private static double[] mean(double[][] deltas, int[] which) {
    double[] out = new double[deltas[0].length];
    for (int k : which) {
      for (int i = 0; i < out.length; i++) {
        out[i] += deltas[k][i];
      }
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= which.length;
    }
    return out;
  }

  /**
   * Per coordinate: sorts the n values, drops {@code trim} at each end and averages the rest;
   * {@code trim < 0} means the median (the middle value, or the mean of the two middle ones).
   */
  private static double[] trimmedMean(double[][] deltas, int trim) {
    int n = deltas.length;
    int lo = trim < 0 ? (n - 1) / 2 : trim;
    int hi = trim < 0 ? n / 2 : n - 1 - trim; // inclusive
    double[] out = new double[deltas[0].length];
    double[] column = new double[n];
    for (int i = 0; i < out.length; i++) {
      for (int k = 0; k < n; k++) {
        column[k] = deltas[k][i];
      }
      Arrays.sort(column);
      double s = 0;
      for (int k = lo; k <= hi; k++) {
        s += column[k];
      }
      out[i] = s / (hi - lo + 1);
    }
    return out;
  }

  /**
   * Indices of the updates ordered by Krum score, best first (ties: lower index first). The score
   * of update i is the sum of its squared distances to its {@code n - f - 2} nearest other
   * updates.
   */
  static int[] krumOrder(double[][] deltas, int f) {
    int n = deltas.length;
    int neighbours = n - f - 2;
    if (n < 2 * f + 3) { // Blanchard et al.'s condition n > 2f + 2
      throw new IllegalArgumentException("Krum with f=" + f + " needs at least " + (2 * f + 3)
          + " updates, got " + n);
    }
    double[][] dist = new double[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        double s = 0;
        for (int i = 0; i < deltas[a].length; i++) {
          double d = deltas[a][i] - deltas[b][i];
          s += d * d;
        }
        dist[a][b] = s;
        dist[b][a] = s;
      }
    }
    double[] score = new double[n];
    double[] others = new double[n - 1];
    for (int a = 0; a < n; a++) {
      int j = 0;
      for (int b = 0; b < n; b++) {
        if (b != a) {
          others[j++] = dist[a][b];
        }
      }
      Arrays.sort(others);
      for (int k = 0; k < neighbours; k++) {
        score[a] += others[k];
      }
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (x, y) -> Double.compare(score[x], score[y])); // stable: ties keep index
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }
}
