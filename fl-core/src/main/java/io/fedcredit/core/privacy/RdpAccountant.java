package io.fedcredit.core.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Tracks the privacy loss of a sequence of (subsampled) Gaussian mechanisms with Rényi
 * differential privacy: RDP at each order of a fixed grid adds up under composition, and the
 * {@code (epsilon, delta)} guarantee is the best conversion over the grid.
 *
 * <p>While no event is subsampled ({@code q = 1} throughout, as when every bank takes part in
 * every round), the composition is exactly a Gaussian mechanism, whose {@code (epsilon, delta)}
 * profile is known in closed form (Gaussian DP, Dong, Roth and Su 2019): {@link #spent} then
 * reports that tighter epsilon (with order NaN) when it is smaller, about 8% less noise for the
 * same budget in typical federated settings. {@link #rdpSpent} always gives the RDP bound.
 *
 * <p>What-if queries ({@link #spentAfter}, {@link #wouldExceed}, {@link #stepsToExhaust}) never
 * change the state, so a job can check a round before running it and stop before it would
 * exceed its budget. The ledger of composed events ({@link #ledger()}) is enough to rebuild the
 * accountant after a restart ({@link #replay}). Methods are synchronized.
 */
public final class RdpAccountant {

  private static final double[] DEFAULT_ORDERS = defaultOrderGrid();

  private final double[] orders;
  private final RdpConversion conversion;
  private final double[] rdp;
  private final List<SampledGaussian> ledger = new ArrayList<>();
  private long steps;
  /** {@code sum steps / z^2} over the unsubsampled events: the composition is sqrt of it -GDP. */
  private double gdpMuSquared;
  private boolean subsampled;

  /** An accountant over {@link #defaultOrders()} with the {@link RdpConversion#IMPROVED} conversion. */
  public RdpAccountant() {
    this(DEFAULT_ORDERS, RdpConversion.IMPROVED);
  }

  /**
   * @param orders Rényi orders to track, each finite and > 1 (a denser grid gives a slightly
   *     smaller epsilon at a proportional cost)
   * @throws IllegalArgumentException when {@code orders} is empty or holds an invalid order
   */
  public RdpAccountant(double[] orders, RdpConversion conversion) {
    this.conversion = Objects.requireNonNull(conversion, "conversion");
    if (orders.length == 0) {
      throw new IllegalArgumentException("at least one Rényi order is needed");
    }
    for (double a : orders) {
      if (!(a > 1) || a == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("Rényi orders must be finite and > 1: " + a);
      }
    }
    this.orders = orders.clone();
    this.rdp = new double[orders.length];
  }

  /**
   * Rebuilds an accountant from a ledger saved with {@link #ledger()}.
   *
   * @throws IllegalArgumentException as the constructor
   */
  public static RdpAccountant replay(
      List<SampledGaussian> ledger, double[] orders, RdpConversion conversion) {
    RdpAccountant a = new RdpAccountant(orders, conversion);
    ledger.forEach(a::compose);
    return a;
  }

  /**
   * The default grid: 1.25, 1.5, 1.75, every integer from 2 to 64, then 72, 80, 96, 128, 192,
   * 256, 384, 512. Small orders matter when epsilon is large (above about 10), large orders when
   * the noise is large relative to the number of steps; integers in between are where DP-FedAvg
   * budgets (epsilon of 0.5 to 8) land, and are exact and fast. Fractional orders below 2 cost
   * the most to evaluate with subsampling (a slowly converging series), hence only three.
   */
  public static double[] defaultOrders() {
    return DEFAULT_ORDERS.clone();
  }

  private static double[] defaultOrderGrid() {
    TreeSet<Double> s = new TreeSet<>(List.of(1.25, 1.5, 1.75));
    for (int a = 2; a <= 64; a++) {
      s.add((double) a);
    }
    s.addAll(List.of(72.0, 80.0, 96.0, 128.0, 192.0, 256.0, 384.0, 512.0));
    return s.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Adds {@code steps} runs of the Gaussian mechanism with sampling rate q and multiplier z. */
  public void compose(double samplingRate, double noiseMultiplier, long steps) {
    compose(new SampledGaussian(samplingRate, noiseMultiplier, steps));
  }

  /** Adds an event to the composition. */
  public synchronized void compose(SampledGaussian event) {
    double[] add = rdpOf(event);
    for (int i = 0; i < rdp.length; i++) {
      rdp[i] += add[i];
    }
    gdpMuSquared += gdpMuSquared(event.samplingRate(), event.noiseMultiplier(), event.steps());
    subsampled |= isSubsampled(event.samplingRate());
    steps += event.steps();
    int last = ledger.size() - 1;
    if (last >= 0 && ledger.get(last).samplingRate() == event.samplingRate()
        && ledger.get(last).noiseMultiplier() == event.noiseMultiplier()) {
      ledger.set(last, event.withSteps(ledger.get(last).steps() + event.steps()));
    } else {
      ledger.add(event);
    }
  }

  /** The guarantee so far at {@code delta}: the tightest bound available (see the class doc). */
  public synchronized PrivacySpent spent(double delta) {
    return best(rdp, gdpMuSquared, subsampled, delta);
  }

  /** The guarantee so far at {@code delta} from the RDP conversion alone. */
  public synchronized PrivacySpent rdpSpent(double delta) {
    return bestRdp(rdp, delta);
  }

  /**
   * The guarantee if {@code additionalSteps} more runs of {@code (q, z)} were composed; the
   * accountant does not change.
   */
  public synchronized PrivacySpent spentAfter(
      double samplingRate, double noiseMultiplier, long additionalSteps, double delta) {
    if (additionalSteps < 0) {
      throw new IllegalArgumentException("additionalSteps must be >= 0: " + additionalSteps);
    }
    SampledGaussian next = new SampledGaussian(samplingRate, noiseMultiplier, 1);
    return spentAfter(next, rdpOf(next), additionalSteps, delta);
  }

  /** Whether {@code additionalSteps} more runs of {@code (q, z)} would exceed the budget. */
  public boolean wouldExceed(
      PrivacyBudget budget, double samplingRate, double noiseMultiplier, long additionalSteps) {
    return spentAfter(samplingRate, noiseMultiplier, additionalSteps, budget.delta()).epsilon()
        > budget.epsilon();
  }

  /**
   * How many more runs of {@code (q, z)} fit in the budget: the largest {@code n >= 0} with
   * {@code spentAfter(q, z, n).epsilon() <= budget.epsilon()} (0 when even the present spending
   * exceeds it), or {@link Long#MAX_VALUE} when the mechanism costs nothing or the budget is
   * unlimited.
   */
  public synchronized long stepsToExhaust(
      PrivacyBudget budget, double samplingRate, double noiseMultiplier) {
    SampledGaussian next = new SampledGaussian(samplingRate, noiseMultiplier, 1);
    double[] perStep = rdpOf(next);
    if (!budget.isLimited() || Arrays.stream(perStep).allMatch(v -> v == 0)) {
      return Long.MAX_VALUE;
    }
    if (exceeds(next, perStep, 0, budget)) {
      return 0;
    }
    // epsilon grows with n: find a failing n by doubling, then bisect
    long ok = 0;
    long bad = 1;
    while (!exceeds(next, perStep, bad, budget)) {
      ok = bad;
      if (bad > Long.MAX_VALUE / 4) {
        return Long.MAX_VALUE;
      }
      bad *= 2;
    }
    while (bad - ok > 1) {
      long mid = ok + (bad - ok) / 2;
      if (exceeds(next, perStep, mid, budget)) {
        bad = mid;
      } else {
        ok = mid;
      }
    }
    return ok;
  }

  private boolean exceeds(SampledGaussian next, double[] perStep, long n, PrivacyBudget budget) {
    return spentAfter(next, perStep, n, budget.delta()).epsilon() > budget.epsilon();
  }

  private PrivacySpent spentAfter(SampledGaussian next, double[] perStep, long n, double delta) {
    if (n == 0) {
      return spent(delta);
    }
    double[] total = rdp.clone();
    for (int i = 0; i < total.length; i++) {
      total[i] += perStep[i] == 0 ? 0 : n * perStep[i];
    }
    double q = next.samplingRate();
    return best(total, gdpMuSquared + gdpMuSquared(q, next.noiseMultiplier(), n),
        subsampled || isSubsampled(q), delta);
  }

  private static boolean isSubsampled(double q) {
    return q > 0 && q < 1;
  }

  private static double gdpMuSquared(double q, double z, long steps) {
    return q == 1 ? steps / (z * z) : 0; // z = 0: +inf, no privacy
  }

  /** Steps composed so far. */
  public synchronized long steps() {
    return steps;
  }

  /** The composed events, consecutive equal mechanisms merged; enough for {@link #replay}. */
  public synchronized List<SampledGaussian> ledger() {
    return List.copyOf(ledger);
  }

  /** The accumulated RDP at each order (a copy, aligned with {@link #orders()}). */
  public synchronized double[] rdp() {
    return rdp.clone();
  }

  public double[] orders() {
    return orders.clone();
  }

  public RdpConversion conversion() {
    return conversion;
  }

  @Override
  public synchronized String toString() {
    return "RdpAccountant[" + steps + " steps, " + orders.length + " orders, " + conversion
        + ", ledger " + ledger + "]";
  }

  private double[] rdpOf(SampledGaussian event) {
    double[] out = new double[orders.length];
    for (int i = 0; i < orders.length; i++) {
      out[i] = event.rdp(orders[i]);
    }
    return out;
  }

  private PrivacySpent best(
      double[] curve, double muSquared, boolean anySubsampled, double delta) {
    PrivacySpent viaRdp = bestRdp(curve, delta);
    if (anySubsampled || viaRdp.epsilon() == 0 || viaRdp.epsilon() == Double.POSITIVE_INFINITY) {
      return viaRdp;
    }
    double exact = ExactGaussian.epsilon(Math.sqrt(muSquared), delta, viaRdp.epsilon());
    return exact < viaRdp.epsilon() ? new PrivacySpent(exact, delta, Double.NaN) : viaRdp;
  }

  private PrivacySpent bestRdp(double[] curve, double delta) {
    PrivacyBudget.checkDelta(delta);
    if (Arrays.stream(curve).allMatch(v -> v == 0)) {
      return new PrivacySpent(0, delta, Double.NaN);
    }
    double bestEps = Double.POSITIVE_INFINITY;
    double bestOrder = Double.NaN;
    for (int i = 0; i < orders.length; i++) {
      double eps = conversion.epsilon(orders[i], curve[i], delta);
      if (eps < bestEps) {
        bestEps = eps;
        bestOrder = orders[i];
      }
    }
    return new PrivacySpent(bestEps, delta, bestOrder);
  }
}
