package io.fedcredit.core.model;

import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of a federation's model: spec, the names of its input features, the
 * shared standardizer, flat parameters and provenance. {@link #parameters()} returns a copy.
 */
public final class GlobalModel {
  private final ModelSpec spec;
  private final List<String> featureNames;
  private final Standardizer standardizer;
  private final double[] parameters;
  private final ModelProvenance provenance;

  /**
   * @param featureNames input features in model order, {@code spec.numFeatures()} of them
   * @throws IllegalArgumentException when sizes disagree or a parameter is not finite
   */
  public GlobalModel(ModelSpec spec, List<String> featureNames, Standardizer standardizer,
      double[] parameters, ModelProvenance provenance) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.featureNames = List.copyOf(featureNames);
    if (this.featureNames.size() != spec.numFeatures()) {
      throw new IllegalArgumentException("model has " + spec.numFeatures() + " features but "
          + featureNames.size() + " feature names");
    }
    this.standardizer = Objects.requireNonNull(standardizer, "standardizer");
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    if (standardizer.numFeatures() != spec.numFeatures()) {
      throw new IllegalArgumentException("standardizer has " + standardizer.numFeatures()
          + " features, spec has " + spec.numFeatures());
    }
    for (int i = 0; i < parameters.length; i++) {
      if (!Double.isFinite(parameters[i])) {
        throw new IllegalArgumentException("parameter " + i + " is not finite: " + parameters[i]);
      }
    }
    this.parameters = parameters.clone();
  }

  public ModelSpec spec() {
    return spec;
  }

  /** Input features, in model order. */
  public List<String> featureNames() {
    return featureNames;
  }

  public Standardizer standardizer() {
    return standardizer;
  }

  /** A copy of the flat parameters. */
  public double[] parameters() {
    return parameters.clone();
  }

  public int numParameters() {
    return parameters.length;
  }

  /** Value of one parameter, without copying. */
  public double parameter(int i) {
    return parameters[i];
  }

  public ModelProvenance provenance() {
    return provenance;
  }

  /** Completed rounds (0 = initial parameters). */
  public long round() {
    return provenance.round();
  }

  /** A new model with other parameters and provenance, same spec and standardizer. */
  public GlobalModel withParameters(double[] newParameters, ModelProvenance newProvenance) {
    if (newParameters.length != parameters.length) {
      throw new IllegalArgumentException("expected " + parameters.length + " parameters, got "
          + newParameters.length);
    }
    return new GlobalModel(spec, featureNames, standardizer, newParameters, newProvenance);
  }

  /** A new model with another standardizer. */
  public GlobalModel withStandardizer(Standardizer newStandardizer) {
    return new GlobalModel(spec, featureNames, newStandardizer, parameters, provenance);
  }

  @Override
  public String toString() {
    return "GlobalModel[" + spec.kind().wireName() + ", " + parameters.length + " parameters, job "
        + provenance.jobId() + ", round " + provenance.round() + "]";
  }
}
