package io.fedcredit.core.privacy;

import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.strategy.Failure;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.strategy.FitInstruction;
import io.fedcredit.core.strategy.FitResults;
import io.fedcredit.core.strategy.ForwardingStrategy;
import io.fedcredit.core.strategy.Strategy;
import io.fedcredit.core.strategy.StrategySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Client-level differential privacy around a federated-averaging strategy: DP-FedAvg (McMahan et
 * al., "Learning Differentially Private Recurrent Language Models", ICLR 2018) with optional
 * adaptive clipping (Andrew et al., NeurIPS 2021). It wraps the strategy, Flower style
 * ({@code new DifferentialPrivacy(new FedAvg(...), dpConfig)}), and never subclasses it.
 *
 * <p>Each round:
 * <ol>
 *   <li>{@link #configureFit} passes the inner strategy's choice through and fixes the round's
 *       {@link ClientDpInstruction} ({@link #instructionFor}): clip norm, noise shares in
 *       distributed mode. Every participant sends its clipped delta with weight
 *       {@code numExamples = 1}. If the round would take the privacy loss past the budget, it
 *       returns no instructions instead, and {@link #stopReason()} says why.
 *   <li>{@link #aggregateFit} works from the sums alone, so it runs under secure aggregation: in
 *       central mode it adds {@code N(0, (z C)^2)} to each coordinate of the sum; it divides by
 *       the number of participants <em>instructed</em> ({@code m}, fixed before any data is
 *       touched, so the divisor reveals nothing; dropouts shrink the step rather than change the
 *       divisor), and hands the noised mean to the inner strategy as a
 *       {@link FitResults#sumsOnly} of total weight {@code m}, which the inner FedAvg adds to the
 *       model. It then charges the accountant one Poisson-sampled Gaussian mechanism with
 *       {@code q = m / available} and multiplier {@code z}, and, under adaptive clipping, moves
 *       the clip norm toward the target quantile of the update norms using the noised count of
 *       unclipped updates.
 * </ol>
 *
 * <p>What the guarantee covers: the sequence of global models and clip norms, with respect to
 * adding or removing one participant's entire data. It does not cover what participants reveal
 * besides the delta: per-participant training metrics such as {@code loss}, and federated
 * evaluation histograms, are not privatized and should be off (or treated as public) in a DP
 * job. Sampling: FedAvg samples a fixed number of participants without replacement, while the
 * accountant assumes Poisson sampling at the same rate, the customary approximation; with every
 * participant taking part in every round ({@code q = 1}) no sampling is involved and the
 * accounting is exact.
 *
 * <p>Methods are synchronized; the wrapper keeps the accountant, so one instance serves one job.
 * Save {@link #state()} with each checkpoint and pass it to {@link #resume} after a restart.
 */
public final class DifferentialPrivacy extends ForwardingStrategy {

  private final DpConfig config;
  private final double plannedSamplingRate;
  private final double noiseMultiplier;
  private final GaussianNoise noise;
  private RdpAccountant accountant; // replaced only by restore(), before the first round
  private final List<PrivacyReport> reports = new ArrayList<>();
  private double clipNorm;
  private long lastRound;
  private RoundPlan plan;
  private String refusal;

  /** The parameters of the round in progress, fixed by configureFit. */
  private record RoundPlan(long round, int instructed, int available, double samplingRate,
      int minContributors, ClientDpInstruction instruction) {}

  /**
   * Wraps FedAvg, planning with its {@code fractionFit} as the sampling rate, with secure noise.
   *
   * @throws IllegalArgumentException when the noise cannot be calibrated to the budget
   */
  public DifferentialPrivacy(FedAvg inner, DpConfig config) {
    this(inner, config, inner.config().fractionFit(), GaussianNoise.secure());
  }

  /**
   * Wraps any sums-only strategy.
   *
   * @param plannedSamplingRate the expected share of available participants asked each round, in
   *     (0, 1]: used to calibrate the noise and to answer {@link #stopReason()} ahead of a round;
   *     each round is charged at its actual rate
   * @param noise {@link GaussianNoise#secure()} except in tests
   * @throws IllegalArgumentException when the rate is out of range or the noise cannot be
   *     calibrated to the budget
   */
  public DifferentialPrivacy(
      Strategy inner, DpConfig config, double plannedSamplingRate, GaussianNoise noise) {
    this(inner, config, plannedSamplingRate, noise, null);
  }

  private DifferentialPrivacy(Strategy inner, DpConfig config, double plannedSamplingRate,
      GaussianNoise noise, DpState state) {
    super(inner);
    this.config = Objects.requireNonNull(config, "config");
    this.noise = Objects.requireNonNull(noise, "noise");
    if (!(plannedSamplingRate > 0 && plannedSamplingRate <= 1)) {
      throw new IllegalArgumentException(
          "plannedSamplingRate must be in (0, 1]: " + plannedSamplingRate);
    }
    this.plannedSamplingRate = plannedSamplingRate;
    this.noiseMultiplier = config.noiseMultiplier().orElseGet(() -> NoiseCalibration
        .noiseMultiplier(config.budget(), plannedSamplingRate, config.calibrationRounds(),
            RdpAccountant.defaultOrders(), config.conversion()));
    double[] orders = RdpAccountant.defaultOrders();
    if (state == null) {
      this.accountant = new RdpAccountant(orders, config.conversion());
      this.clipNorm = config.clipping().initialClipNorm();
    } else {
      this.accountant = RdpAccountant.replay(state.ledger(), orders, config.conversion());
      this.clipNorm = state.clipNorm();
      this.lastRound = state.lastRound();
    }
  }

  /**
   * Rebuilds the wrapper of a restarted job from the state saved with its last checkpoint, so
   * that privacy spending and the adaptive clip norm continue where they stopped.
   */
  public static DifferentialPrivacy resume(Strategy inner, DpConfig config,
      double plannedSamplingRate, GaussianNoise noise, DpState state) {
    return new DifferentialPrivacy(inner, config, plannedSamplingRate, noise,
        Objects.requireNonNull(state, "state"));
  }

  @Override
  public String describe() {
    return "DifferentialPrivacy(" + config.describe(noiseMultiplier) + ", " + inner.describe()
        + ")";
  }

  /**
   * The privacy line of a model's provenance: settings and spending so far, e.g.
   * {@code dp(central, z=16.68, C=0.5, eps<=1.0 delta=1e-05); spent eps=0.415 delta=1e-05
   * (exact Gaussian) over 4 rounds}.
   */
  public synchronized String provenance() {
    return config.describe(noiseMultiplier) + "; spent " + spent() + " over "
        + accountant.steps() + " rounds";
  }

  // ------------------------------------------------------------------------------------------
  // Strategy

  @Override
  public synchronized List<FitInstruction> configureFit(
      long round, GlobalModel current, List<String> available) {
    refusal = null;
    List<FitInstruction> chosen = inner.configureFit(round, current, available);
    if (chosen.isEmpty()) {
      return chosen;
    }
    int m = chosen.size();
    int n = Math.max(m, available.size());
    double q = (double) m / n;
    PrivacyBudget budget = config.budget();
    if (budget.isLimited() && accountant.wouldExceed(budget, q, noiseMultiplier, 1)) {
      refusal = exhausted(round, accountant.spentAfter(q, noiseMultiplier, 1, budget.delta()));
      return List.of();
    }
    int t = minContributors(m);
    plan = new RoundPlan(round, m, n, q, t, instruction(t));
    return chosen.stream().map(in -> in.withDp(plan.instruction())).toList();
  }

  @Override
  public String privacy() {
    return provenance();
  }

  @Override
  public List<String> auxiliaryNames() {
    return config.isAdaptive() ? List.of(ClientDp.UNCLIPPED) : List.of();
  }

  @Override
  public synchronized Optional<double[]> aggregateFit(
      long round, GlobalModel current, FitResults results, List<Failure> failures) {
    if (plan == null || plan.round() != round) {
      throw new IllegalStateException("round " + round + " was not configured by "
          + describe() + (plan == null ? "" : " (last configured: round " + plan.round() + ")"));
    }
    int k = results.count();
    if (k == 0) {
      return Optional.empty(); // nothing was aggregated, nothing is released
    }
    if (Math.abs(results.totalWeight() - k) > 1e-9 * k) {
      throw new IllegalArgumentException("round " + round + ": under differential privacy every"
          + " update must carry numExamples = 1, but " + k + " updates weigh "
          + results.totalWeight() + "; the participants did not apply the DP instruction");
    }
    int m = plan.instructed();
    double usedClipNorm = plan.instruction().clipNorm();
    double[] sum = results.weightedSum();
    Map<String, Double> passOn = new TreeMap<>();
    for (String name : results.auxiliaryNames()) {
      if (!name.equals(ClientDp.UNCLIPPED)) {
        passOn.put(name, results.auxiliarySum(name).orElseThrow());
      }
    }

    // distributed: each contributor added 1/t of the variance; fewer than t leave too little
    double charged = config.mode() == DpConfig.Mode.DISTRIBUTED && k < plan.minContributors()
        ? noiseMultiplier * Math.sqrt((double) k / plan.minContributors())
        : noiseMultiplier;
    boolean enoughNoise = charged == noiseMultiplier;

    double unclippedFraction = Double.NaN;
    double nextClipNorm = usedClipNorm;
    if (config.clipping() instanceof DpConfig.AdaptiveClipping a) {
      double unclipped = results.auxiliarySum(ClientDp.UNCLIPPED).orElseThrow(() ->
          new IllegalArgumentException("round " + round + ": adaptive clipping needs the"
              + " auxiliary sum '" + ClientDp.UNCLIPPED + "' from the participants"));
      if (config.mode() == DpConfig.Mode.CENTRAL) {
        unclipped += noise.sample(a.countNoiseStddev(noiseMultiplier));
      }
      // sum of (b - 1/2) has sensitivity 1/2, which is what the 2 sigma_b in the budget split
      // assumes; the fixed divisor m keeps the estimate a function of that sum alone
      unclippedFraction = (unclipped - k / 2.0) / m + 0.5;
      nextClipNorm = usedClipNorm
          * Math.exp(-a.learningRate() * (unclippedFraction - a.targetQuantile()));
    }
    if (config.mode() == DpConfig.Mode.CENTRAL) {
      noise.addTo(sum, updateNoiseMultiplier() * usedClipNorm);
    }

    accountant.compose(plan.samplingRate(), charged, 1);
    lastRound = round;
    clipNorm = nextClipNorm;

    Optional<double[]> next = Optional.empty();
    if (enoughNoise) {
      FitResults noised = FitResults.sumsOnly(sum, m, results.participants(), passOn);
      next = inner.aggregateFit(round, current, noised, failures);
    }
    reports.add(new PrivacyReport(round, spent(), plan.samplingRate(), charged, usedClipNorm,
        nextClipNorm, unclippedFraction, k, m, next.isPresent()));
    return next;
  }

  // ------------------------------------------------------------------------------------------
  // what participants must do

  /**
   * The instruction every participant of {@code round} must apply to its delta.
   *
   * @throws IllegalStateException when {@code round} is not the round last configured
   */
  public synchronized ClientDpInstruction instructionFor(long round) {
    if (plan == null || plan.round() != round) {
      throw new IllegalStateException("no DP instruction for round " + round
          + (plan == null ? ": no round configured yet" : "; last configured: " + plan.round()));
    }
    return plan.instruction();
  }

  private ClientDpInstruction instruction(int minContributors) {
    boolean adaptive = config.clipping() instanceof DpConfig.AdaptiveClipping;
    if (config.mode() == DpConfig.Mode.CENTRAL) {
      return new ClientDpInstruction(clipNorm, 0, adaptive, 0);
    }
    double share = 1 / Math.sqrt(minContributors);
    double countShare = config.clipping() instanceof DpConfig.AdaptiveClipping a
        ? a.countNoiseStddev(noiseMultiplier) * share : 0;
    return new ClientDpInstruction(
        clipNorm, updateNoiseMultiplier() * clipNorm * share, adaptive, countShare);
  }

  /** {@code t = ceil(m (1 - dropoutTolerance))}: contributors whose shares make up the noise. */
  private int minContributors(int instructed) {
    if (config.mode() == DpConfig.Mode.CENTRAL) {
      return 1;
    }
    return Math.max(1, (int) Math.ceil(instructed * (1 - config.dropoutTolerance()) - 1e-9));
  }

  private double updateNoiseMultiplier() {
    return config.clipping() instanceof DpConfig.AdaptiveClipping a
        ? a.updateNoiseMultiplier(noiseMultiplier) : noiseMultiplier;
  }

  // ------------------------------------------------------------------------------------------
  // budget

  /** The guarantee spent so far, at the configured delta. */
  public synchronized PrivacySpent spent() {
    return accountant.spent(config.budget().delta());
  }

  /** The guarantee after {@code moreRounds} more rounds at the planned sampling rate. */
  public synchronized PrivacySpent spentAfter(long moreRounds) {
    return accountant.spentAfter(
        plannedSamplingRate, noiseMultiplier, moreRounds, config.budget().delta());
  }

  /**
   * Rounds that still fit in the budget at the planned sampling rate ({@link Long#MAX_VALUE}
   * when the budget is unlimited).
   */
  public synchronized long roundsRemaining() {
    return accountant.stepsToExhaust(config.budget(), plannedSamplingRate, noiseMultiplier);
  }

  /** Whether another round fits in the budget; see {@link #stopReason()}. */
  public boolean canRunRound() {
    return stopReason().isEmpty();
  }

  /**
   * Why the job must stop for privacy, or empty when another round fits: the last
   * {@link #configureFit} refused its round, or one more round at the planned sampling rate would
   * exceed the budget. A round controller calls this before each round and ends the job with
   * this message; the model of the last completed round is the final one.
   */
  public synchronized Optional<String> stopReason() {
    if (refusal != null) {
      return Optional.of(refusal);
    }
    PrivacyBudget budget = config.budget();
    if (budget.isLimited()
        && accountant.wouldExceed(budget, plannedSamplingRate, noiseMultiplier, 1)) {
      return Optional.of(exhausted(lastRound + 1, spentAfter(1)));
    }
    return Optional.empty();
  }

  private String exhausted(long round, PrivacySpent after) {
    PrivacyBudget budget = config.budget();
    return String.format(Locale.ROOT, "privacy budget reached: round %d would raise epsilon"
        + " from %.4f to %.4f (delta=%s), above the budget of %s; the job stops with the model"
        + " of round %d after %d private rounds", round, spent().epsilon(), after.epsilon(),
        PrivacyBudget.format(budget.delta()), PrivacyBudget.format(budget.epsilon()), lastRound,
        accountant.steps());
  }

  // ------------------------------------------------------------------------------------------
  // observers

  /** The noise multiplier in force (configured or calibrated). */
  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  /** The clip norm the next round will use. */
  public synchronized double clipNorm() {
    return clipNorm;
  }

  /** The sampling rate the noise was calibrated for and budget look-aheads assume. */
  public double plannedSamplingRate() {
    return plannedSamplingRate;
  }

  /** The settings, as configured (before calibration). */
  public DpConfig config() {
    return config;
  }

  /** One report per charged round, in order. */
  public synchronized List<PrivacyReport> reports() {
    return List.copyOf(reports);
  }

  /** The report of the last charged round, if any. */
  public synchronized Optional<PrivacyReport> lastReport() {
    return reports.isEmpty() ? Optional.empty() : Optional.of(reports.get(reports.size() - 1));
  }

  /** What to save with a checkpoint so that {@link #resume} can continue the accounting. */
  public synchronized DpState state() {
    return new DpState(accountant.ledger(), clipNorm, lastRound);
  }

  /** {@link #state()} (ledger, clip norm, last round), then the inner strategy's snapshot. */
  @Override
  public synchronized byte[] snapshot() {
    DpState st = state();
    return StrategySnapshot.write(out -> {
      out.writeDouble(st.clipNorm());
      out.writeLong(st.lastRound());
      out.writeInt(st.ledger().size());
      for (SampledGaussian g : st.ledger()) {
        out.writeDouble(g.samplingRate());
        out.writeDouble(g.noiseMultiplier());
        out.writeLong(g.steps());
      }
      StrategySnapshot.writeNested(out, inner.snapshot());
    });
  }

  /**
   * Restores a {@link #snapshot()}, as {@link #resume} does from a {@link DpState}.
   *
   * @throws IllegalStateException when this wrapper has already charged a round
   */
  @Override
  public synchronized void restore(byte[] snapshot) {
    if (accountant.steps() > 0) {
      throw new IllegalStateException(describe() + " has already charged " + accountant.steps()
          + " rounds; restore a snapshot only into a fresh wrapper");
    }
    StrategySnapshot.read(snapshot, describe(), in -> {
      double clip = in.readDouble();
      long last = in.readLong();
      int n = in.readInt();
      if (n < 0 || n > in.available() / 24) {
        throw new java.io.IOException("ledger of " + n + " entries");
      }
      List<SampledGaussian> ledger = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ledger.add(new SampledGaussian(in.readDouble(), in.readDouble(), in.readLong()));
      }
      DpState st = new DpState(ledger, clip, last);
      inner.restore(StrategySnapshot.readNested(in));
      accountant = RdpAccountant.replay(st.ledger(), accountant.orders(), accountant.conversion());
      clipNorm = st.clipNorm();
      lastRound = st.lastRound();
    });
  }
}
