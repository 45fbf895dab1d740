package io.fedcredit.core.strategy;

import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.model.GlobalModel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A strategy that hands every call to an inner strategy; wrappers (server optimizers, robust
 * aggregation) override only what they change. Forwarding {@link #snapshot()} and
 * {@link #restore} by default means a wrapper without state of its own keeps its inner
 * strategy's state across a coordinator restart without having to remember to.
 */
public abstract class ForwardingStrategy implements Strategy {
  /** The wrapped strategy. */
  protected final Strategy inner;

  protected ForwardingStrategy(Strategy inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  /** The wrapped strategy. */
  public Strategy inner() {
    return inner;
  }

  @Override
  public List<FitInstruction> configureFit(
      long round, GlobalModel current, List<String> available) {
    return inner.configureFit(round, current, available);
  }

  @Override
  public Optional<double[]> aggregateFit(
      long round, GlobalModel current, FitResults results, List<Failure> failures) {
    return inner.aggregateFit(round, current, results, failures);
  }

  @Override
  public List<String> configureEvaluate(long round, GlobalModel current, List<String> available) {
    return inner.configureEvaluate(round, current, available);
  }

  @Override
  public Optional<EvaluationMetrics> aggregateEvaluate(
      long round, List<EvaluationResult> results, List<Failure> failures) {
    return inner.aggregateEvaluate(round, results, failures);
  }

  @Override
  public Optional<String> stopReason() {
    return inner.stopReason();
  }

  @Override
  public String privacy() {
    return inner.privacy();
  }

  @Override
  public List<String> auxiliaryNames() {
    return inner.auxiliaryNames();
  }

  @Override
  public byte[] snapshot() {
    return inner.snapshot();
  }

  @Override
  public void restore(byte[] snapshot) {
    inner.restore(snapshot);
  }
}
