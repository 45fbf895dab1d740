package io.fedcredit.core.protocol;

import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.RoundOutcome;
import io.fedcredit.core.strategy.EvaluationResult;
import io.fedcredit.core.strategy.Failure;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.strategy.FitInstruction;
import io.fedcredit.core.strategy.FitResults;
import io.fedcredit.core.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FedAvg over all {@code n} participants that records what the aggregation layer handed it and
 * skips evaluation, for protocol tests that check exactly what a strategy sees.
 */
final class RecordingFedAvg implements Strategy {
  private final FedAvg inner;
  private final List<FitResults> seen = new ArrayList<>();

  RecordingFedAvg(int n) {
    TrainingConfig tc = new TrainingConfig(1, 8, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    this.inner = new FedAvg(new FedAvg.Config(1.0, n, 1, 0.0, 1, tc, 1));
  }

  /**
   * A protocol for {@code cfg} driven by this strategy, from a zero model without
   * standardization; every completed round is appended to {@code rounds}.
   */
  HorizontalTrainingProtocol protocol(HorizontalJobConfig cfg, List<RoundOutcome> rounds) {
    ModelSpec spec = cfg.model();
    GlobalModel initial = new GlobalModel(spec, cfg.featureNames(),
        Standardizer.identity(spec.numFeatures()), new double[Models.create(spec)
            .numParameters()], ModelProvenance.now(cfg.jobId(), 0, "test", "none", List.of()));
    return new HorizontalTrainingProtocol(cfg, this, initial,
        new HorizontalTrainingProtocol.Listener() {
          @Override
          public void onRoundCompleted(RoundOutcome o) {
            rounds.add(o);
          }
        }, 0);
  }

  /** What {@link #aggregateFit} was given, round by round. */
  List<FitResults> seen() {
    return seen;
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public List<FitInstruction> configureFit(long r, GlobalModel m, List<String> a) {
    return inner.configureFit(r, m, a);
  }

  @Override
  public Optional<double[]> aggregateFit(long r, GlobalModel m, FitResults res,
      List<Failure> f) {
    seen.add(res);
    return inner.aggregateFit(r, m, res, f);
  }

  @Override
  public List<String> configureEvaluate(long r, GlobalModel m, List<String> a) {
    return List.of();
  }

  @Override
  public Optional<EvaluationMetrics> aggregateEvaluate(long r, List<EvaluationResult> e,
      List<Failure> f) {
    return Optional.empty();
  }
}
