package io.fedcredit.client;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.FederatedModel;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.model.TrainingConfig;
import java.util.Objects;

/** Ditto's personal model, trained toward each round's global model; see {@link Personalization#ditto}. */
final class Ditto implements Personalization {
  private final TrainingConfig training;
  private FederatedModel personal;
  private double[] best;
  private double bestAuc = Double.NEGATIVE_INFINITY;
  private long rounds;

  Ditto(TrainingConfig training, double lambda) {
    if (!(lambda > 0) || !Double.isFinite(lambda)) {
      throw new IllegalArgumentException("Ditto lambda must be positive: " + lambda);
    }
    this.training = Objects.requireNonNull(training, "training").withProximalMu(lambda);
  }

  @Override
  public String name() {
    return "ditto";
  }

  @Override
  public void onRound(long round, GlobalModel global, FeatureTable train,
      FeatureTable validation) {
    if (personal == null || !personal.spec().equals(global.spec())) {
      personal = Models.create(global.spec());
      personal.setParameters(global.parameters()); // start where the federation starts
    }
    personal.train(train, training.withSeed(training.seed() + round), global.parameters());
    rounds++;
    double a = FineTuning.auc(personal, validation);
    if (a > bestAuc) {
      bestAuc = a;
      best = personal.parameters();
    }
  }

  @Override
  public PersonalModel personalize(GlobalModel finalGlobal, FeatureTable train,
      FeatureTable validation) {
    FederatedModel g = Models.create(finalGlobal.spec());
    g.setParameters(finalGlobal.parameters());
    double globalAuc = FineTuning.auc(g, validation);
    if (best == null) {
      throw new IllegalStateException("Ditto trained no personal model: this bank took part in "
          + "no fit round (" + rounds + " rounds heard)");
    }
    return new PersonalModel(finalGlobal.withParameters(best, finalGlobal.provenance()),
        name(), bestAuc, globalAuc);
  }
}
