package io.fedcredit.core.privacy;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Settings of client-level differential privacy for federated averaging, validated when built:
 * where the noise is added, how much, how updates are clipped, and the budget the job must stay
 * within. Immutable. The sampling rate is not set here: it comes from the wrapped strategy.
 *
 * <pre>{@code
 * DpConfig dp = DpConfig.builder()
 *     .central()
 *     .calibrateNoiseFor(20)          // or .noiseMultiplier(1.1)
 *     .fixedClipping(0.5)             // or .adaptiveClipping(0.1, 0.5)
 *     .budget(1.0, 1e-5)
 *     .build();
 * }</pre>
 */
public final class DpConfig {

  /** Where the Gaussian noise is added. */
  public enum Mode {
    /**
     * The coordinator adds all the noise to the aggregated sum. The released models are private,
     * but the coordinator itself is trusted: it sees the exact sum (even under secure
     * aggregation, which hides only individual updates).
     */
    CENTRAL,
    /**
     * Each participant adds a share of the noise before masking, so that the sum the coordinator
     * unmasks already carries the full noise: the coordinator need not be trusted with the exact
     * sum, but the participants are trusted to add their share, and the guarantee holds only for
     * rounds in which enough of them contribute (see {@link #dropoutTolerance()}).
     */
    DISTRIBUTED
  }

  /** How updates are clipped before they are summed. */
  public sealed interface Clipping permits FixedClipping, AdaptiveClipping {
    /** The clip norm of the first round. */
    double initialClipNorm();
  }

  /**
   * One clip norm for the whole job.
   *
   * @param clipNorm L2 bound {@code C} of each participant's delta, positive and finite
   */
  public record FixedClipping(double clipNorm) implements Clipping {
    public FixedClipping {
      requirePositive("clipNorm", clipNorm, "e.g. 0.1 to 1 times the typical delta norm");
    }

    @Override
    public double initialClipNorm() {
      return clipNorm;
    }
  }

  /**
   * Adaptive clipping (Andrew et al., "Differentially Private Learning with Adaptive Clipping",
   * NeurIPS 2021): each round the clip norm moves geometrically toward the
   * {@code targetQuantile} of the participants' delta norms,
   * {@code C <- C * exp(-learningRate * (unclippedFraction - targetQuantile))}, where the fraction
   * of unclipped updates is itself privatized with Gaussian noise.
   *
   * @param initialClipNorm clip norm of the first round, positive
   * @param targetQuantile share of participants whose delta should fit unclipped, in (0, 1)
   * @param learningRate step of the geometric update, positive (0.2 in the paper)
   * @param countBudgetShare share {@code s} of the privacy spent on the unclipped count, in
   *     (0, 1): with overall noise multiplier {@code z}, the count gets noise
   *     {@code sigma_b = z / (2 sqrt(s))} and the update {@code z_delta = z / sqrt(1 - s)}, so that
   *     {@code z_delta^-2 + (2 sigma_b)^-2 = z^-2} and a round costs exactly one Gaussian mechanism
   *     with multiplier {@code z}. The paper's {@code sigma_b = m/20} with {@code m = 100}
   *     participants a round and {@code z = 1} is {@code s = 0.01}.
   */
  public record AdaptiveClipping(
      double initialClipNorm, double targetQuantile, double learningRate,
      double countBudgetShare) implements Clipping {
    /**
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public AdaptiveClipping {
      requirePositive("initialClipNorm", initialClipNorm, "e.g. 0.1");
      if (!(targetQuantile > 0 && targetQuantile < 1)) {
        throw new IllegalArgumentException(
            "targetQuantile must be in (0, 1): " + targetQuantile + " (0.5 is the median)");
      }
      requirePositive("learningRate", learningRate, "0.2 in Andrew et al.");
      if (!(countBudgetShare > 0 && countBudgetShare < 1)) {
        throw new IllegalArgumentException(
            "countBudgetShare must be in (0, 1): " + countBudgetShare + " (e.g. 0.01)");
      }
    }

    /** Noise multiplier of the update: {@code z / sqrt(1 - s)}. */
    public double updateNoiseMultiplier(double z) {
      return z / Math.sqrt(1 - countBudgetShare);
    }

    /** Noise standard deviation of the count of unclipped updates: {@code z / (2 sqrt(s))}. */
    public double countNoiseStddev(double z) {
      return z / (2 * Math.sqrt(countBudgetShare));
    }
  }

  private final Mode mode;
  private final OptionalDouble noiseMultiplier;
  private final long calibrationRounds;
  private final Clipping clipping;
  private final PrivacyBudget budget;
  private final double dropoutTolerance;
  private final RdpConversion conversion;

  private DpConfig(Builder b) {
    this.mode = b.mode;
    this.noiseMultiplier = b.noiseMultiplier;
    this.calibrationRounds = b.calibrationRounds;
    this.clipping = b.clipping;
    this.budget = b.budget;
    this.dropoutTolerance = b.dropoutTolerance;
    this.conversion = b.conversion;
  }

  /** A builder with central mode and the improved conversion preset. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Preset: central noise calibrated so that {@code rounds} rounds spend at most
   * {@code (epsilon, delta)}, fixed clipping at {@code clipNorm}.
   */
  public static DpConfig centralForBudget(
      double epsilon, double delta, long rounds, double clipNorm) {
    return builder().central().calibrateNoiseFor(rounds).fixedClipping(clipNorm)
        .budget(epsilon, delta).build();
  }

  /** Where the noise is added. */
  public Mode mode() {
    return mode;
  }

  /** The noise multiplier, when set directly; empty when it is calibrated to the budget. */
  public OptionalDouble noiseMultiplier() {
    return noiseMultiplier;
  }

  /** Rounds the noise is calibrated for, or 0 when the multiplier is set directly. */
  public long calibrationRounds() {
    return calibrationRounds;
  }

  /** Fixed or adaptive clipping, with its parameters. */
  public Clipping clipping() {
    return clipping;
  }

  /** Whether the clip norm adapts to the participants' update norms. */
  public boolean isAdaptive() {
    return clipping instanceof AdaptiveClipping;
  }

  /** The budget the job stops before exceeding; its delta is the one epsilon is reported at. */
  public PrivacyBudget budget() {
    return budget;
  }

  /**
   * Distributed mode: the share of a round's participants that may drop without weakening the
   * guarantee. Each of the {@code m} participants adds noise variance
   * {@code sigma^2 / t} with {@code t = ceil(m (1 - dropoutTolerance))}, so any {@code t}
   * survivors carry the full noise; a round with fewer contributors is charged at its actual,
   * smaller noise and its update is discarded. Secure aggregation's threshold should be at least
   * {@code t}. Always 0 in central mode.
   */
  public double dropoutTolerance() {
    return dropoutTolerance;
  }

  /** How RDP becomes (epsilon, delta). */
  public RdpConversion conversion() {
    return conversion;
  }

  /**
   * A one-line description for logs and model provenance, e.g.
   * {@code dp(central, z=1.1, C=0.5, eps<=1.0 delta=1e-05)}.
   */
  public String describe() {
    String z = noiseMultiplier.isPresent()
        ? "z=" + PrivacyBudget.format(noiseMultiplier.getAsDouble())
        : "z=calibrated for " + calibrationRounds + " rounds";
    return describe(z);
  }

  /** As {@link #describe()}, with the resolved noise multiplier. */
  String describe(double resolvedNoiseMultiplier) {
    return describe("z=" + PrivacyBudget.format(resolvedNoiseMultiplier));
  }

  private String describe(String z) {
    String where = mode == Mode.CENTRAL ? "central"
        : "distributed" + (dropoutTolerance > 0
            ? " tolerating " + PrivacyBudget.format(100 * dropoutTolerance) + "% dropout" : "");
    String clip;
    if (clipping instanceof AdaptiveClipping a) {
      clip = "C=adaptive(C0=" + PrivacyBudget.format(a.initialClipNorm()) + ", quantile="
          + PrivacyBudget.format(a.targetQuantile()) + ", lr="
          + PrivacyBudget.format(a.learningRate()) + ", count share="
          + PrivacyBudget.format(a.countBudgetShare()) + ")";
    } else {
      clip = "C=" + PrivacyBudget.format(clipping.initialClipNorm());
    }
    return "dp(" + where + ", " + z + ", " + clip + ", " + budget
        + (conversion == RdpConversion.IMPROVED ? "" : ", " + conversion + " conversion") + ")";
  }

  @Override
  public String toString() {
    return describe();
  }

  private static void requirePositive(String field, double v, String hint) {
    if (!(v > 0) || v == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(field + " must be positive and finite: " + v + " ("
          + hint + ")");
    }
  }

  /** Collects settings; {@link #build()} validates them together. Not thread-safe. */
  public static final class Builder {
    private Mode mode = Mode.CENTRAL;
    private OptionalDouble noiseMultiplier = OptionalDouble.empty();
    private long calibrationRounds;
    private Clipping clipping;
    private PrivacyBudget budget;
    private double epsilon = Double.NaN;
    private double delta = Double.NaN;
    private double dropoutTolerance;
    private RdpConversion conversion = RdpConversion.IMPROVED;

    private Builder() {}

    /** The coordinator adds the noise (the default). */
    public Builder central() {
      this.mode = Mode.CENTRAL;
      this.dropoutTolerance = 0;
      return this;
    }

    /**
     * Participants add the noise, in shares that still sum to the full noise when up to
     * {@code dropoutTolerance} of them drop.
     */
    public Builder distributed(double dropoutTolerance) {
      this.mode = Mode.DISTRIBUTED;
      this.dropoutTolerance = dropoutTolerance;
      return this;
    }

    /** Noise standard deviation over clip norm, {@code z > 0}. */
    public Builder noiseMultiplier(double z) {
      this.noiseMultiplier = OptionalDouble.of(z);
      return this;
    }

    /** Choose the smallest noise multiplier for which {@code rounds} rounds fit the budget. */
    public Builder calibrateNoiseFor(long rounds) {
      this.calibrationRounds = rounds;
      return this;
    }

    /** One clip norm for every round. */
    public Builder fixedClipping(double clipNorm) {
      this.clipping = new FixedClipping(clipNorm);
      return this;
    }

    /** Adaptive clipping with the paper's learning rate 0.2 and 1% of the budget on the count. */
    public Builder adaptiveClipping(double initialClipNorm, double targetQuantile) {
      return adaptiveClipping(initialClipNorm, targetQuantile, 0.2, 0.01);
    }

    /** Adaptive clipping with every parameter explicit; see {@link AdaptiveClipping}. */
    public Builder adaptiveClipping(double initialClipNorm, double targetQuantile,
        double learningRate, double countBudgetShare) {
      this.clipping = new AdaptiveClipping(
          initialClipNorm, targetQuantile, learningRate, countBudgetShare);
      return this;
    }

    /** The job stops before it would spend more than {@code (epsilon, delta)}. */
    public Builder budget(double epsilon, double delta) {
      this.epsilon = epsilon;
      this.delta = delta;
      return this;
    }

    /** Report epsilon at {@code delta} every round, but never stop for privacy. */
    public Builder unlimitedBudget(double delta) {
      this.epsilon = Double.POSITIVE_INFINITY;
      this.delta = delta;
      return this;
    }

    /** The RDP conversion; {@link RdpConversion#IMPROVED} unless set. */
    public Builder conversion(RdpConversion conversion) {
      this.conversion = Objects.requireNonNull(conversion, "conversion");
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting at fault and how to fix it
     */
    public DpConfig build() {
      if (Double.isNaN(delta)) {
        throw new IllegalArgumentException(
            "dp: no budget: call budget(epsilon, delta) or unlimitedBudget(delta)");
      }
      budget = new PrivacyBudget(epsilon, delta);
      if (noiseMultiplier.isPresent() == (calibrationRounds != 0)) {
        throw new IllegalArgumentException("dp: set the noise one way: noiseMultiplier(z) or "
            + "calibrateNoiseFor(rounds), not " + (noiseMultiplier.isPresent() ? "both" : "neither"));
      }
      if (noiseMultiplier.isPresent()) {
        double z = noiseMultiplier.getAsDouble();
        requirePositive("noiseMultiplier", z, "typically 0.5 to 30");
      } else {
        if (calibrationRounds < 1) {
          throw new IllegalArgumentException(
              "dp: calibrateNoiseFor(rounds) needs rounds >= 1: " + calibrationRounds);
        }
        if (!budget.isLimited()) {
          throw new IllegalArgumentException("dp: calibrateNoiseFor(" + calibrationRounds
              + ") needs a finite epsilon: call budget(epsilon, delta)");
        }
      }
      if (clipping == null) {
        throw new IllegalArgumentException(
            "dp: no clipping: call fixedClipping(C) or adaptiveClipping(C0, targetQuantile)");
      }
      if (!(dropoutTolerance >= 0 && dropoutTolerance < 1)) {
        throw new IllegalArgumentException(
            "dp: dropoutTolerance must be in [0, 1): " + dropoutTolerance);
      }
      return new DpConfig(this);
    }
  }
}
