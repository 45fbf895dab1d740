package io.fedcredit.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpModelTest {
  private static final TrainingConfig.Optimizer SGD = TrainingConfig.Optimizer.SGD;
  private static final TrainingConfig.Optimizer ADAM = TrainingConfig.Optimizer.ADAM;

  @Test
  void parameterCountFollowsTheLayers() {
    MlpModel m = new MlpModel(ModelSpec.mlp(23, List.of(64, 32), 1));
    assertEquals(23 * 64 + 64 + 64 * 32 + 32 + 32 + 1, m.numParameters());
    assertEquals(m.numParameters(), m.parameters().length);
  }

  @Test
  void initialParametersComeFromTheInitSeed() {
    ModelSpec spec = ModelSpec.mlp(5, List.of(8, 4), 7);
    double[] a = new MlpModel(spec).parameters();
    assertArrayEquals(a, new MlpModel(spec).parameters());
    assertFalse(Arrays.equals(a, new MlpModel(ModelSpec.mlp(5, List.of(8, 4), 8)).parameters()));
    assertTrue(Arrays.stream(a).anyMatch(v -> v != 0), "weights are random, not zero");
  }

  @Test
  void parametersRoundTripExactly() {
    MlpModel m = new MlpModel(ModelSpec.mlp(4, List.of(3), 1));
    SplittableRandom rnd = new SplittableRandom(5);
    double[] p = new double[m.numParameters()];
    for (int i = 0; i < p.length; i++) {
      p[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-20, 20));
    }
    m.setParameters(p);
    assertArrayEquals(p, m.parameters());
    assertArrayEquals(p, m.copy().parameters());
  }

  @Test
  void theLastParameterIsTheOutputBias() {
    MlpModel m = new MlpModel(ModelSpec.mlp(3, List.of(5, 2), 1));
    double[] p = new double[m.numParameters()];
    p[p.length - 1] = 0.75;
    m.setParameters(p);
    for (double prob : m.predict(SyntheticTables.table(20, 3, 1))) {
      assertEquals(1 / (1 + Math.exp(-0.75)), prob, 1e-15);
    }
  }

  @Test
  void weightsAreFlattenedColumnMajorLayerByLayer() {
    // 2 inputs -> 2 hidden -> 1 output: W1 (2x2), b1 (2), W2 (2x1), b2 (1)
    MlpModel m = new MlpModel(ModelSpec.mlp(2, List.of(2), 1));
    assertEquals(9, m.numParameters());
    double[] p = new double[9];
    p[1] = 1.0; // W1[input 1][hidden 0] in column-major order
    p[6] = 1.0; // W2[hidden 0][output]
    m.setParameters(p);
    FeatureTable t = FeatureTable.of(SyntheticTables.schema(2, false), new String[] {"a", "b"},
        null, new double[] {5.0, 0.5, -3.0, 2.0});
    double[] got = m.predict(t);
    assertEquals(1 / (1 + Math.exp(-0.5)), got[0], 1e-15); // relu(x1) = 0.5, x0 ignored
    assertEquals(1 / (1 + Math.exp(-2.0)), got[1], 1e-15);
  }

  @Test
  void trainingIsBitForBitDeterministicAndStartsAFreshOptimizerEveryCall() {
    FeatureTable t = SyntheticTables.table(600, 6, 3);
    TrainingConfig config = new TrainingConfig(2, 50, 0.01, 1e-3, 42, ADAM);
    MlpModel a = new MlpModel(ModelSpec.mlp(6, List.of(16, 8), 3));
    MlpModel b = new MlpModel(ModelSpec.mlp(6, List.of(16, 8), 3));
    double[] start = a.parameters();
    a.train(t, config);
    b.train(t, config);
    double[] once = a.parameters();
    assertArrayEquals(once, b.parameters());

    // again from the same start on the same object: no Adam moments or step counts carried over
    a.setParameters(start);
    a.train(t, config);
    assertArrayEquals(once, a.parameters());

    b.setParameters(start);
    b.train(t, config.withSeed(43));
    assertFalse(Arrays.equals(once, b.parameters()), "another shuffling seed, other parameters");
  }

  @Test
  void proximalStepKeepsTheNetworkNearerTheAnchor() {
    FeatureTable t = SyntheticTables.table(400, 4, 11);
    MlpModel free = new MlpModel(ModelSpec.mlp(4, List.of(6), 1));
    double[] anchor = free.parameters();
    MlpModel held = (MlpModel) free.copy();
    free.train(t, new TrainingConfig(3, 20, 0.05, 0, 4, SGD));
    held.train(t, new TrainingConfig(3, 20, 0.05, 0, 4, SGD, 5.0));
    double freeDistance = distance(free.parameters(), anchor);
    double heldDistance = distance(held.parameters(), anchor);
    assertTrue(freeDistance > 0, "training moved the free network");
    assertTrue(heldDistance < 0.5 * freeDistance,
        "proximal " + heldDistance + " vs free " + freeDistance);

    // an explicit anchor elsewhere pulls the network toward it (Ditto)
    double[] far = anchor.clone();
    java.util.Arrays.fill(far, 0.3);
    MlpModel pulled = new MlpModel(ModelSpec.mlp(4, List.of(6), 1));
    pulled.train(t, new TrainingConfig(3, 20, 0.05, 0, 4, SGD, 5.0), far);
    assertTrue(distance(pulled.parameters(), far) < distance(anchor, far),
        "moved toward the explicit anchor");
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  @Test
  void copiesAreIndependent() {
    FeatureTable t = SyntheticTables.table(200, 3, 3);
    MlpModel m = new MlpModel(ModelSpec.mlp(3, List.of(4), 1));
    double[] before = m.parameters();
    FederatedModel c = m.copy();
    c.train(t, new TrainingConfig(1, 50, 0.01, 0, 1, SGD));
    assertArrayEquals(before, m.parameters());
    assertFalse(Arrays.equals(before, c.parameters()));
  }

  @Test
  void reportsTheMeanCrossEntropyWithoutThePenalty() {
    FeatureTable t = SyntheticTables.table(100, 3, 9);
    MlpModel m = new MlpModel(ModelSpec.mlp(3, List.of(4), 1));
    double before = BinaryMetrics.logLoss(m.predict(t), t.labels());
    // one full batch: the loss is measured at the starting parameters, whatever the L2 penalty
    FederatedModel.TrainingResult r = m.train(t, new TrainingConfig(1, 100, 0.01, 0.5, 1, SGD));
    assertEquals(before, r.lastEpochLoss(), 1e-9);
    assertEquals(100, r.examples());
  }

  @Test
  void learnsTheInteractionThatLogisticRegressionMisses() {
    FeatureTable train = SyntheticTables.table(3_000, 5, 10);
    FeatureTable test = SyntheticTables.table(2_000, 5, 11);
    MlpModel mlp = new MlpModel(ModelSpec.mlp(5, List.of(16, 8), 1));
    mlp.train(train, new TrainingConfig(10, 100, 0.01, 0, 1, ADAM));
    LogisticRegressionModel logreg = new LogisticRegressionModel(ModelSpec.logreg(5, 1));
    logreg.train(train, new TrainingConfig(10, 100, 0.01, 0, 1, ADAM));
    double mlpAuc = BinaryMetrics.auc(mlp.predict(test), test.labels());
    double logregAuc = BinaryMetrics.auc(logreg.predict(test), test.labels());
    assertTrue(mlpAuc > logregAuc + 0.01, "mlp " + mlpAuc + " vs logreg " + logregAuc);
  }

  @Test
  void predictsTablesOfAnySize() {
    int rows = ModelChecks.PREDICT_CHUNK_ROWS * 2 + 17;
    FeatureTable t = SyntheticTables.table(rows, 2, 6);
    MlpModel m = new MlpModel(ModelSpec.mlp(2, List.of(3), 1));
    double[] all = m.predict(t);
    assertEquals(rows, all.length);
    int[] tail = {rows - 3, rows - 2, rows - 1};
    assertArrayEquals(m.predict(t.select(tail)), Arrays.copyOfRange(all, rows - 3, rows), 1e-15);
    assertEquals(1, m.predict(t.select(new int[] {0})).length);
    assertEquals(0, m.predict(t.select(new int[0])).length);
    assertEquals(all[5], m.predict(t.withoutLabels())[5], 0.0);
  }

  @Test
  void wrongShapesAndValuesAreNamed() {
    MlpModel m = new MlpModel(ModelSpec.mlp(3, List.of(2), 1));
    int n = m.numParameters(); // 3*2 + 2 + 2 + 1 = 11
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.setParameters(new double[n + 1]));
    assertTrue(e.getMessage().contains("expected 11 parameters") && e.getMessage().contains("got 12"),
        e.getMessage());
    double[] bad = new double[n];
    bad[7] = Double.POSITIVE_INFINITY;
    e = assertThrows(IllegalArgumentException.class, () -> m.setParameters(bad));
    assertTrue(e.getMessage().contains("parameter 7 is Infinity"), e.getMessage());

    FeatureTable t = SyntheticTables.table(10, 4, 1);
    e = assertThrows(IllegalArgumentException.class, () -> m.predict(t));
    assertTrue(e.getMessage().contains("4 features") && e.getMessage().contains("expects 3"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new MlpModel(ModelSpec.logreg(3, 1)));
    assertTrue(e.getMessage().contains("mlp"), e.getMessage());
  }
}
