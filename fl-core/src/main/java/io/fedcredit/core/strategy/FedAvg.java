package io.fedcredit.core.strategy;

import io.fedcredit.core.Seeds;
import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.metrics.FederatedEvaluation;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Weighted federated averaging (McMahan et al., AISTATS 2017): the new global parameters are the
 * old ones plus the example-weighted mean of the participants' deltas,
 * {@code w + sum_k n_k delta_k / sum_k n_k}. Needs only the sums, so it runs unchanged under
 * secure aggregation. Samples {@code max(minFit, ceil(fractionFit * available))} participants a
 * round, reproducibly from the sampling seed.
 */
public class FedAvg implements Strategy {
  private final Config config;

  public FedAvg(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public Config config() {
    return config;
  }

  @Override
  public String describe() {
    return "FedAvg(fractionFit=" + config.fractionFit + ", minFit=" + config.minFitParticipants
        + ", minResults=" + config.minFitResults + ", fractionEvaluate=" + config.fractionEvaluate
        + ")";
  }

  @Override
  public List<FitInstruction> configureFit(
      long round, GlobalModel current, List<String> available) {
    List<String> chosen = sample(available, config.fractionFit, config.minFitParticipants,
        Seeds.derive(config.samplingSeed, 1, round));
    List<FitInstruction> out = new ArrayList<>(chosen.size());
    for (String id : chosen) {
      TrainingConfig c = config.training.withSeed(Seeds.derive(config.samplingSeed, id, round));
      out.add(new FitInstruction(id, c));
    }
    return out;
  }

  @Override
  public Optional<double[]> aggregateFit(
      long round, GlobalModel current, FitResults results, List<Failure> failures) {
    if (results.count() < config.minFitResults || results.totalWeight() <= 0) {
      return Optional.empty();
    }
    double[] mean = results.weightedMean();
    double[] params = current.parameters();
    if (mean.length != params.length) {
      throw new IllegalArgumentException(
          "aggregate has " + mean.length + " values, model has " + params.length);
    }
    for (int i = 0; i < params.length; i++) {
      params[i] += mean[i];
    }
    return Optional.of(params);
  }

  @Override
  public List<String> configureEvaluate(long round, GlobalModel current, List<String> available) {
    if (config.fractionEvaluate == 0) {
      return List.of();
    }
    return sample(available, config.fractionEvaluate, config.minEvaluateParticipants,
        Seeds.derive(config.samplingSeed, 2, round));
  }

  @Override
  public Optional<EvaluationMetrics> aggregateEvaluate(
      long round, List<EvaluationResult> results, List<Failure> failures) {
    return pool(results);
  }

  /**
   * Pools evaluations: merges the score histograms and averages the log-loss over all examples.
   * Shared by strategies, which rarely have a reason to evaluate differently.
   */
  public static Optional<EvaluationMetrics> pool(List<EvaluationResult> results) {
    if (results.isEmpty()) {
      return Optional.empty();
    }
    FederatedEvaluation acc = new FederatedEvaluation();
    for (EvaluationResult r : results) {
      acc.add(r.histogram(), r.logLossSum(), r.numExamples());
    }
    return Optional.of(acc.result());
  }

  /** Seeded sample of {@code max(min, ceil(fraction * n))} ids (all when fewer are available). */
  static List<String> sample(List<String> available, double fraction, int min, long seed) {
    int n = available.size();
    int k = Math.min(n, Math.max(min, (int) Math.ceil(fraction * n)));
    if (n < min) {
      return List.of();
    }
    List<String> pool = new ArrayList<>(available);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < k; i++) {
      int j = i + rnd.nextInt(n - i);
      String t = pool.get(i);
      pool.set(i, pool.get(j));
      pool.set(j, t);
    }
    List<String> chosen = new ArrayList<>(pool.subList(0, k));
    // keep the registry's order so logs read naturally
    chosen.sort((a, b) -> Integer.compare(available.indexOf(a), available.indexOf(b)));
    return chosen;
  }

  /**
   * FedAvg settings, validated when built.
   *
   * @param fractionFit share of available participants asked to train each round, in (0, 1]
   * @param minFitParticipants fewest participants a fit round starts with
   * @param minFitResults fewest results a round needs to change the model; fewer keep it
   * @param fractionEvaluate share asked to evaluate, in [0, 1]; 0 disables federated evaluation
   * @param minEvaluateParticipants fewest evaluators
   * @param training local training configuration (its seed is replaced per round and party)
   * @param samplingSeed seed of participant sampling and of the per-party training seeds
   */
  public record Config(
      double fractionFit,
      int minFitParticipants,
      int minFitResults,
      double fractionEvaluate,
      int minEvaluateParticipants,
      TrainingConfig training,
      long samplingSeed) {
    public Config {
      if (!(fractionFit > 0 && fractionFit <= 1)) {
        throw new IllegalArgumentException("fractionFit must be in (0, 1]: " + fractionFit);
      }
      if (!(fractionEvaluate >= 0 && fractionEvaluate <= 1)) {
        throw new IllegalArgumentException(
            "fractionEvaluate must be in [0, 1]: " + fractionEvaluate);
      }
      if (minFitParticipants < 1 || minFitResults < 1 || minEvaluateParticipants < 1) {
        throw new IllegalArgumentException("minimum participant counts must be >= 1");
      }
      if (minFitResults > minFitParticipants) {
        throw new IllegalArgumentException("minFitResults (" + minFitResults
            + ") cannot exceed minFitParticipants (" + minFitParticipants + ")");
      }
      Objects.requireNonNull(training, "training");
    }

    /** Everyone trains and evaluates every round; a round needs {@code min} results. */
    public static Config everyone(int min, TrainingConfig training, long seed) {
      return new Config(1.0, min, min, 1.0, min, training, seed);
    }
  }
}
