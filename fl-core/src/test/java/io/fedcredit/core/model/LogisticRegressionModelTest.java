package io.fedcredit.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LogisticRegressionModelTest {
  private static final TrainingConfig.Optimizer SGD = TrainingConfig.Optimizer.SGD;
  private static final TrainingConfig.Optimizer ADAM = TrainingConfig.Optimizer.ADAM;

  @Test
  void startsAtZeroWithWeightsThenBias() {
    LogisticRegressionModel m = new LogisticRegressionModel(ModelSpec.logreg(4, 99));
    assertEquals(5, m.numParameters());
    assertArrayEquals(new double[5], m.parameters());
    m.setParameters(new double[] {1, 2, 3, 4, -5});
    assertArrayEquals(new double[] {1, 2, 3, 4}, m.weights());
    assertEquals(-5, m.bias());
  }

  @Test
  void parametersRoundTripExactlyAndAreCopies() {
    LogisticRegressionModel m = new LogisticRegressionModel(ModelSpec.logreg(3, 1));
    double[] p = {Math.PI, -1e-300, 12345.678901234567, Math.ulp(1.0)};
    m.setParameters(p);
    p[0] = 0;
    double[] got = m.parameters();
    assertArrayEquals(new double[] {Math.PI, -1e-300, 12345.678901234567, Math.ulp(1.0)}, got);
    got[1] = 7;
    assertEquals(-1e-300, m.parameters()[1]);
  }

  @Test
  void predictsTheSigmoidOfTheLinearScore() {
    FeatureTable t = SyntheticTables.table(50, 3, 4);
    LogisticRegressionModel m = new LogisticRegressionModel(ModelSpec.logreg(3, 1));
    double[] p = {0.3, -1.2, 2.0, 0.1};
    m.setParameters(p);
    double[] got = m.predict(t);
    for (int r = 0; r < t.rows(); r++) {
      double z = p[3];
      for (int j = 0; j < 3; j++) {
        z += p[j] * t.value(r, j);
      }
      assertEquals(1 / (1 + Math.exp(-z)), got[r], 1e-14, "row " + r);
    }
    assertEquals(0, m.predict(t.select(new int[0])).length);
  }

  @Test
  void oneFullBatchSgdStepIsTheTextbookGradientStep() {
    FeatureTable t = SyntheticTables.table(40, 3, 8);
    LogisticRegressionModel m = new LogisticRegressionModel(ModelSpec.logreg(3, 1));
    double[] theta = {0.2, -0.4, 0.1, -0.3};
    m.setParameters(theta);
    double lr = 0.5;
    double l2 = 0.1;
    m.train(t, new TrainingConfig(1, 40, lr, l2, 1, SGD));

    double[] grad = fullBatchGradient(t, theta);
    double[] expected = new double[4];
    for (int j = 0; j < 4; j++) {
      double penalty = j < 3 ? l2 * theta[j] : 0; // no penalty on the bias
      expected[j] = theta[j] - lr * (grad[j] + penalty);
    }
    assertArrayEquals(expected, m.parameters(), 1e-14);
  }

  @Test
  void proximalTermPullsEveryParameterTowardTheAnchor() {
    FeatureTable t = SyntheticTables.table(40, 3, 8);
    LogisticRegressionModel m = new LogisticRegressionModel(ModelSpec.logreg(3, 1));
    double[] theta = {0.2, -0.4, 0.1, -0.3};
    double[] anchor = {1.0, 0.5, -0.5, 0.25};
    m.setParameters(theta);
    double lr = 0.5;
    double mu = 0.3;
    m.train(t, new TrainingConfig(1, 40, lr, 0, 1, SGD, mu), anchor);

    double[] grad = fullBatchGradient(t, theta);
    double[] expected = new double[4];
    for (int j = 0; j < 4; j++) { // the proximal term covers the bias too
      expected[j] = theta[j] - lr * (grad[j] + mu * (theta[j] - anchor[j]));
    }
    assertArrayEquals(expected, m.parameters(), 1e-14);

    // FedProx: without an explicit anchor, the starting parameters are the anchor, so one step
    // from theta is plain SGD (theta - anchor = 0)
    m.setParameters(theta);
    m.train(t, new TrainingConfig(1, 40, lr, 0, 1, SGD, mu));
    double[] plain = new double[4];
    for (int j = 0; j < 4; j++) {
      plain[j] = theta[j] - lr * grad[j];
    }
    assertArrayEquals(plain, m.parameters(), 1e-14);
    var e = assertThrows(IllegalArgumentException.class,
        () -> m.train(t, new TrainingConfig(1, 40, lr, 0, 1, SGD, mu), new double[3]));
    assertTrue(e.getMessage().contains("anchor"), e.getMessage());
  }

  /** {@code X^T (sigmoid(X theta) - y) / n}, with the bias last. */
  private static double[] fullBatchGradient(FeatureTable t, double[] theta) {
    int n = t.rows();
    double[] grad = new double[4];
    for (int r = 0; r < n; r++) {
      double z = theta[3];
      for (int j = 0; j < 3; j++) {
        z += theta[j] * t.value(r, j);
      }
      double residual = 1 / (1 + Math.exp(-z)) - t.label(r);
      for (int j = 0; j < 3; j++) {
        grad[j] += residual * t.value(r, j) / n;
      }
      grad[3] += residual / n;
    }
    return grad;
  }

  @Test
  void reportsTheMeanLogLossOfTheLastEpoch() {
    FeatureTable t = SyntheticTables.table(64, 3, 2);
    LogisticRegressionModel m = new LogisticRegressionModel(ModelSpec.logreg(3, 1));
    // a full batch: the loss is measured at the starting (zero) parameters, i.e. log 2
    FederatedModel.TrainingResult r = m.train(t, new TrainingConfig(1, 64, 0.1, 0, 1, SGD));
    assertEquals(Math.log(2), r.lastEpochLoss(), 1e-12);
    assertEquals(64, r.examples());
    assertEquals(1, r.epochs());
  }

  @Test
  void trainingIsBitForBitDeterministicAndStartsAFreshOptimizerEveryCall() {
    FeatureTable t = SyntheticTables.table(1_000, 6, 3);
    TrainingConfig config = new TrainingConfig(3, 32, 0.01, 1e-3, 42, ADAM);
    LogisticRegressionModel a = new LogisticRegressionModel(ModelSpec.logreg(6, 1));
    FederatedModel b = a.copy();
    double[] start = a.parameters();
    a.train(t, config);
    b.train(t, config);
    assertArrayEquals(a.parameters(), b.parameters());
    double[] once = a.parameters();

    // the same call again from the same start must not see Adam state from the first call
    a.setParameters(start);
    a.train(t, config);
    assertArrayEquals(once, a.parameters());

    b.setParameters(start);
    b.train(t, config.withSeed(43));
    assertFalse(Arrays.equals(once, b.parameters()), "another shuffling seed, other parameters");
  }

  @Test
  void learnsASyntheticSignal() {
    FeatureTable train = SyntheticTables.table(4_000, 5, 10);
    FeatureTable test = SyntheticTables.table(2_000, 5, 11);
    LogisticRegressionModel m = new LogisticRegressionModel(ModelSpec.logreg(5, 1));
    m.train(train, new TrainingConfig(5, 64, 0.01, 0, 1, ADAM));
    double auc = BinaryMetrics.auc(m.predict(test), test.labels());
    assertTrue(auc > 0.75, "AUC " + auc);
  }

  @Test
  void predictsTablesLargerThanOneChunk() {
    int rows = ModelChecks.PREDICT_CHUNK_ROWS * 2 + 17;
    FeatureTable t = SyntheticTables.table(rows, 2, 6);
    LogisticRegressionModel m = new LogisticRegressionModel(ModelSpec.logreg(2, 1));
    m.setParameters(new double[] {0.7, -0.2, 0.05});
    double[] all = m.predict(t);
    assertEquals(rows, all.length);
    int[] tail = {rows - 3, rows - 2, rows - 1};
    double[] expected = m.predict(t.select(tail));
    assertArrayEquals(expected, Arrays.copyOfRange(all, rows - 3, rows), 1e-15);
  }

  @Test
  void wrongShapesAndValuesAreNamed() {
    LogisticRegressionModel m = new LogisticRegressionModel(ModelSpec.logreg(23, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.setParameters(new double[23]));
    assertTrue(e.getMessage().contains("expected 24 parameters") && e.getMessage().contains("got 23"),
        e.getMessage());
    double[] bad = new double[24];
    bad[5] = Double.NaN;
    e = assertThrows(IllegalArgumentException.class, () -> m.setParameters(bad));
    assertTrue(e.getMessage().contains("parameter 5 is NaN"), e.getMessage());

    FeatureTable t = SyntheticTables.table(10, 22, 1);
    e = assertThrows(IllegalArgumentException.class, () -> m.predict(t));
    assertTrue(e.getMessage().contains("22 features") && e.getMessage().contains("expects 23"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.train(t, Models.defaultTraining(ModelSpec.Kind.LOGREG, 1)));
    assertTrue(e.getMessage().contains("22 features"), e.getMessage());

    LogisticRegressionModel small = new LogisticRegressionModel(ModelSpec.logreg(22, 1));
    e = assertThrows(IllegalArgumentException.class,
        () -> small.train(t.withoutLabels(), Models.defaultTraining(ModelSpec.Kind.LOGREG, 1)));
    assertTrue(e.getMessage().contains("labelled"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> new LogisticRegressionModel(ModelSpec.mlp(3, java.util.List.of(4), 1)));
    assertTrue(e.getMessage().contains("logreg"), e.getMessage());
  }

  @Test
  void divergenceFailsAndKeepsTheParameters() {
    // huge (finite) features and a huge learning rate overflow the step
    FeatureTable t = FeatureTable.of(SyntheticTables.schema(3, true), new String[] {"a", "b"},
        new double[] {0, 1}, new double[] {1e300, -1e300, 1, 2, 3, 4});
    LogisticRegressionModel m = new LogisticRegressionModel(ModelSpec.logreg(3, 1));
    m.setParameters(new double[] {1, 1, 1, 1});
    FedCreditException e = assertThrows(FedCreditException.class,
        () -> m.train(t, new TrainingConfig(1, 2, 1e300, 0, 1, SGD)));
    assertTrue(e.getMessage().contains("diverged"), e.getMessage());
    assertArrayEquals(new double[] {1, 1, 1, 1}, m.parameters());
  }
}
