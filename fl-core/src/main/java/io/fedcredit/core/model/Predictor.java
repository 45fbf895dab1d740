package io.fedcredit.core.model;

import io.fedcredit.core.data.FeatureTable;

/**
 * Scores raw tables with a {@link GlobalModel}: selects the model's features by name,
 * standardizes them with the model's shared standardizer and returns probabilities of default.
 * Thread-safe (calls are serialized; DL4J networks are not thread-safe).
 */
public final class Predictor {
  private final GlobalModel model;
  private final FederatedModel network;

  private Predictor(GlobalModel model) {
    this.model = model;
    this.network = Models.create(model.spec());
    this.network.setParameters(model.parameters());
  }

  public static Predictor of(GlobalModel model) {
    return new Predictor(model);
  }

  public GlobalModel model() {
    return model;
  }

  /**
   * Probability of default per row.
   *
   * @param table raw (unstandardized) features; must contain every feature of the model (by
   *     name, any order; other columns are ignored)
   * @throws IllegalArgumentException naming a missing feature
   */
  public synchronized double[] predict(FeatureTable table) {
    FeatureTable aligned = table.schema().featureNames().equals(model.featureNames())
        ? table
        : table.withFeatures(model.featureNames());
    return network.predict(model.standardizer().apply(aligned));
  }
}
