package io.fedcredit.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.metrics.ScoreHistogram;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Centralized baselines on the public default-credit data: the three banks' rows pooled, tested
 * on the held-out file. scikit-learn's logistic regression reaches AUC 0.7297 there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CentralizedCreditTest {
  static final double SKLEARN_LOGREG_AUC = 0.7297;
  private static double logregAuc = Double.NaN;

  /** Logistic regression trained to convergence: small Adam steps, 15 epochs. */
  static double centralizedLogregAuc() {
    if (Double.isNaN(logregAuc)) {
      FeatureTable train = SharedCreditData.pooledBanks();
      FeatureTable test = SharedCreditData.load(SharedCreditData.TEST);
      FederatedModel m = Models.create(Models.defaultSpec(ModelSpec.Kind.LOGREG, 23, 1));
      TrainingConfig longer = new TrainingConfig(15, 128, 0.001, 1e-4, 7,
          TrainingConfig.Optimizer.ADAM);
      m.train(train, longer);
      logregAuc = BinaryMetrics.auc(m.predict(test), test.labels());
    }
    return logregAuc;
  }

  @Test
  @Order(1)
  void logisticRegressionMatchesScikitLearn() {
    double auc = centralizedLogregAuc();
    System.out.printf("centralized logreg test AUC %.4f (scikit-learn %.4f)%n", auc,
        SKLEARN_LOGREG_AUC);
    assertTrue(auc >= 0.725, "centralized logreg AUC " + auc);
  }

  @Test
  @Order(2)
  void mlpIsAtLeastAsGoodAsLogisticRegression() {
    FeatureTable train = SharedCreditData.pooledBanks();
    FeatureTable test = SharedCreditData.load(SharedCreditData.TEST);
    FederatedModel m = Models.create(Models.defaultSpec(ModelSpec.Kind.MLP, 23, 1));
    long t0 = System.nanoTime();
    m.train(train, Models.defaultTraining(ModelSpec.Kind.MLP, 7).withEpochs(5));
    double seconds = (System.nanoTime() - t0) / 1e9;
    double[] p = m.predict(test);
    EvaluationMetrics exact = BinaryMetrics.evaluate(p, test.labels());
    double logreg = centralizedLogregAuc();
    System.out.printf("centralized mlp %s, 5 epochs in %.1f s: test AUC %.4f, KS %.4f"
        + " (logreg %.4f)%n", m.spec().hiddenLayers(), seconds, exact.auc(), exact.ks(), logreg);
    assertTrue(exact.auc() >= logreg - 0.01, "mlp " + exact.auc() + " vs logreg " + logreg);

    // federated evaluation on a real model's scores loses almost nothing
    ScoreHistogram h = ScoreHistogram.of(p, test.labels());
    System.out.printf("histogram AUC %.5f vs exact %.5f, KS %.5f vs %.5f%n", h.auc(), exact.auc(),
        h.ks(), exact.ks());
    assertEquals(exact.auc(), h.auc(), 0.002);
    assertEquals(exact.ks(), h.ks(), 0.002);
  }
}
