package io.fedcredit.client;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.model.FederatedModel;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.model.TrainingConfig;
import java.util.Objects;

/** Fine-tuning with early stopping on validation AUC; see {@link Personalization#fineTune}. */
final class FineTuning implements Personalization {
  private final TrainingConfig training;
  private final int maxEpochs;
  private final int patience;

  FineTuning(TrainingConfig training, int maxEpochs, int patience) {
    this.training = Objects.requireNonNull(training, "training").withEpochs(1);
    if (maxEpochs < 1) {
      throw new IllegalArgumentException("fine-tuning maxEpochs must be >= 1: " + maxEpochs);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("fine-tuning patience must be >= 1: " + patience);
    }
    this.maxEpochs = maxEpochs;
    this.patience = patience;
  }

  @Override
  public String name() {
    return "finetune";
  }

  @Override
  public PersonalModel personalize(GlobalModel finalGlobal, FeatureTable train,
      FeatureTable validation) {
    return tune(finalGlobal, finalGlobal.parameters(), train, validation, name());
  }

  /**
   * Fine-tunes from {@code start} (in {@code global}'s shape) and returns the best epoch by
   * validation AUC, epoch 0 ({@code start} itself) included.
   */
  PersonalModel tune(GlobalModel global, double[] start, FeatureTable train,
      FeatureTable validation, String method) {
    FederatedModel m = Models.create(global.spec());
    m.setParameters(global.parameters());
    double globalAuc = auc(m, validation);
    m.setParameters(start);
    double[] best = start.clone();
    double bestAuc = auc(m, validation);
    int since = 0;
    for (int epoch = 1; epoch <= maxEpochs && since < patience; epoch++) {
      m.train(train, training.withSeed(training.seed() + epoch));
      double a = auc(m, validation);
      if (a > bestAuc) {
        bestAuc = a;
        best = m.parameters();
        since = 0;
      } else {
        since++;
      }
    }
    return new PersonalModel(global.withParameters(best, global.provenance()), method, bestAuc,
        globalAuc);
  }

  static double auc(FederatedModel m, FeatureTable validation) {
    return BinaryMetrics.auc(m.predict(validation), validation.labels());
  }
}
