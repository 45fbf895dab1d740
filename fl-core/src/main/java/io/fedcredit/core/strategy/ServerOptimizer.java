package io.fedcredit.core.strategy;

import io.fedcredit.core.model.GlobalModel;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Adaptive federated optimization (Reddi et al., "Adaptive Federated Optimization", ICLR 2021)
 * and server momentum (FedAvgM, Hsu et al. 2019) as a wrapper around another strategy. The inner
 * strategy proposes new parameters as usual; their difference from the current global model is
 * the round's pseudo-gradient {@code Δ}, which this wrapper feeds to a server-side optimizer:
 *
 * <ul>
 *   <li>{@code FEDAVGM}: {@code v = β v + Δ; w = w + η v};
 *   <li>{@code FEDADAGRAD}: {@code m = β1 m + (1-β1) Δ; v = v + Δ²};
 *   <li>{@code FEDADAM}: {@code m} as above, {@code v = β2 v + (1-β2) Δ²};
 *   <li>{@code FEDYOGI}: {@code m} as above, {@code v = v - (1-β2) Δ² sign(v - Δ²)};
 * </ul>
 * and for the three adaptive ones {@code w = w + η m / (sqrt(v) + τ)}, coordinate-wise.
 *
 * <p>The optimizer acts on the aggregate only, so it composes with secure aggregation, Paillier
 * aggregation and differential privacy (where it is post-processing and costs no privacy): wrap
 * it as {@code new DifferentialPrivacy(new ServerOptimizer(fedAvg, config), dp)} or the other way
 * round. Participant selection and evaluation are the inner strategy's. The optimizer state
 * ({@code m}, {@code v}) lives in this object; a round the inner strategy skips (too few results)
 * leaves it unchanged.
 */
public final class ServerOptimizer extends ForwardingStrategy {

  /** The server-side update rules. */
  public enum Kind {
    FEDAVGM,
    FEDADAGRAD,
    FEDADAM,
    FEDYOGI;

    /**
     * Parses {@code fedavgm}, {@code fedadagrad}, {@code fedadam} or {@code fedyogi} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Kind parse(String text) {
      try {
        return valueOf(Objects.requireNonNull(text, "optimizer").trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown server optimizer '" + text
            + "': use fedavgm, fedadagrad, fedadam or fedyogi", e);
      }
    }
  }

  /**
   * Server optimizer settings, validated when built.
   *
   * @param kind the update rule
   * @param learningRate server learning rate η, positive (1.0 with {@code FEDAVGM} and
   *     {@code beta1 = 0} is plain FedAvg)
   * @param beta1 momentum β (FedAvgM) or first-moment decay β1, in [0, 1)
   * @param beta2 second-moment decay β2 (FedAdam, FedYogi), in [0, 1)
   * @param tau adaptivity τ added to {@code sqrt(v)}, positive
   */
  public record Config(Kind kind, double learningRate, double beta1, double beta2, double tau) {
    public Config {
      Objects.requireNonNull(kind, "kind");
      if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
        throw new IllegalArgumentException(
            "server learning_rate must be positive: " + learningRate);
      }
      if (!(beta1 >= 0 && beta1 < 1)) {
        throw new IllegalArgumentException("server beta1 must be in [0, 1): " + beta1);
      }
      if (!(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("server beta2 must be in [0, 1): " + beta2);
      }
      if (!(tau > 0) || !Double.isFinite(tau)) {
        throw new IllegalArgumentException("server tau must be positive: " + tau);
      }
    }

    /**
     * β1 = 0.9, β2 = 0.99, τ = 1e-3 as in Reddi et al.'s experiments; FedAvgM with η = 1 and
     * β = 0.9. The adaptive optimizers' η = 0.1: on default_credit_homo (three banks, logistic
     * regression, 20 rounds) 0.1 reached FedAvg's final AUC a round earlier and ended above it,
     * 0.03 never reached it and 0.3 oscillated (BENCHMARKS.md). Tune it for other models.
     */
    public static Config defaults(Kind kind) {
      return kind == Kind.FEDAVGM
          ? new Config(kind, 1.0, 0.9, 0.99, 1e-3)
          : new Config(kind, 0.1, 0.9, 0.99, 1e-3);
    }
  }

  private final Config config;
  private double[] m;
  private double[] v;

  /** Wraps {@code inner}, whose proposals become pseudo-gradients. */
  public ServerOptimizer(Strategy inner, Config config) {
    super(inner);
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public String describe() {
    return config.kind().name().toLowerCase(Locale.ROOT) + "(lr=" + config.learningRate()
        + ", beta1=" + config.beta1()
        + (config.kind() == Kind.FEDADAM || config.kind() == Kind.FEDYOGI
            ? ", beta2=" + config.beta2() : "")
        + (config.kind() == Kind.FEDAVGM ? "" : ", tau=" + config.tau())
        + ", " + inner.describe() + ")";
  }

  @Override
  public Optional<double[]> aggregateFit(
      long round, GlobalModel current, FitResults results, List<Failure> failures) {
    Optional<double[]> proposed = inner.aggregateFit(round, current, results, failures);
    if (proposed.isEmpty()) {
      return proposed;
    }
    double[] w = current.parameters();
    double[] p = proposed.get();
    if (p.length != w.length) {
      throw new IllegalArgumentException(
          "inner strategy proposed " + p.length + " values, model has " + w.length);
    }
    if (m == null || m.length != w.length) {
      m = new double[w.length];
      v = new double[w.length];
    }
    double eta = config.learningRate();
    double b1 = config.beta1();
    double b2 = config.beta2();
    double tau = config.tau();
    double[] next = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      double delta = p[i] - w[i];
      if (config.kind() == Kind.FEDAVGM) {
        m[i] = b1 * m[i] + delta;
        next[i] = w[i] + eta * m[i];
        continue;
      }
      m[i] = b1 * m[i] + (1 - b1) * delta;
      double d2 = delta * delta;
      switch (config.kind()) {
        case FEDADAGRAD -> v[i] += d2;
        case FEDADAM -> v[i] = b2 * v[i] + (1 - b2) * d2;
        case FEDYOGI -> v[i] -= (1 - b2) * d2 * Math.signum(v[i] - d2);
        default -> throw new AssertionError(config.kind());
      }
      next[i] = w[i] + eta * m[i] / (Math.sqrt(v[i]) + tau);
    }
    return Optional.of(next);
  }

  /** The moments {@code m} and {@code v} (none before the first applied round), then the inner. */
  @Override
  public byte[] snapshot() {
    return StrategySnapshot.write(out -> {
      StrategySnapshot.writeDoubles(out, m);
      StrategySnapshot.writeDoubles(out, v);
      StrategySnapshot.writeNested(out, inner.snapshot());
    });
  }

  @Override
  public void restore(byte[] snapshot) {
    StrategySnapshot.read(snapshot, describe(), in -> {
      double[] m0 = StrategySnapshot.readDoubles(in);
      double[] v0 = StrategySnapshot.readDoubles(in);
      if ((m0 == null) != (v0 == null) || (m0 != null && m0.length != v0.length)) {
        throw new java.io.IOException("moments m and v differ in length");
      }
      inner.restore(StrategySnapshot.readNested(in));
      m = m0;
      v = v0;
    });
  }
}
