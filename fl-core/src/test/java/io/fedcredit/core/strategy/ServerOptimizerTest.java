package io.fedcredit.core.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.strategy.ServerOptimizer.Config;
import io.fedcredit.core.strategy.ServerOptimizer.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerOptimizerTest {
  private static final ModelSpec SPEC = ModelSpec.logreg(1, 1);

  private static GlobalModel model(double... params) {
    return new GlobalModel(SPEC, List.of("a"), Standardizer.identity(1), params,
        ModelProvenance.now("job", 0, "test", "none", List.of()));
  }

  private static FedAvg fedAvg(int minResults) {
    TrainingConfig tc = new TrainingConfig(1, 8, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    return new FedAvg(new FedAvg.Config(1.0, minResults, minResults, 1.0, 1, tc, 3));
  }

  /** Sums whose weighted mean is {@code mean} (one participant of weight 2). */
  private static FitResults meanOf(double... mean) {
    double[] sum = new double[mean.length];
    for (int i = 0; i < mean.length; i++) {
      sum[i] = 2 * mean[i];
    }
    return FitResults.sumsOnly(sum, 2, List.of("bank-a"), Map.of());
  }

  /** Runs rounds with the given pseudo-gradients on a 2-parameter model from zero. */
  private static double[] run(ServerOptimizer opt, double[][] deltas) {
    GlobalModel m = model(0, 0);
    for (int r = 0; r < deltas.length; r++) {
      double[] next = opt.aggregateFit(r + 1, m, meanOf(deltas[r]), List.of()).orElseThrow();
      m = m.withParameters(next, m.provenance());
    }
    return m.parameters();
  }

  @Test
  void fedAvgMWithoutMomentumAndUnitRateIsFedAvg() {
    ServerOptimizer opt = new ServerOptimizer(fedAvg(1), new Config(Kind.FEDAVGM, 1.0, 0, 0, 1));
    double[] w = run(opt, new double[][] {{0.5, -1}, {0.25, 2}});
    assertArrayEquals(new double[] {0.75, 1}, w, 1e-15);
  }

  @Test
  void fedAvgMAccumulatesMomentum() {
    ServerOptimizer opt =
        new ServerOptimizer(fedAvg(1), new Config(Kind.FEDAVGM, 0.5, 0.9, 0, 1));
    // v1 = 1, w1 = 0.5; v2 = 0.9 + 1 = 1.9, w2 = 0.5 + 0.95 = 1.45
    double[] w = run(opt, new double[][] {{1, 0}, {1, 0}});
    assertEquals(1.45, w[0], 1e-12);
    assertEquals(0, w[1], 0);
  }

  @Test
  void adaptiveRulesMatchHandComputedSteps() {
    double eta = 0.1;
    double b1 = 0.9;
    double b2 = 0.99;
    double tau = 1e-3;
    double d1 = 0.4;
    double d2 = -0.2;
    double m1 = (1 - b1) * d1;
    double m2 = b1 * m1 + (1 - b1) * d2;

    // FedAdagrad: v accumulates squares
    double va1 = d1 * d1;
    double va2 = va1 + d2 * d2;
    double adagrad = eta * m1 / (Math.sqrt(va1) + tau) + eta * m2 / (Math.sqrt(va2) + tau);
    // FedAdam: exponential moving average of squares
    double vm1 = (1 - b2) * d1 * d1;
    double vm2 = b2 * vm1 + (1 - b2) * d2 * d2;
    double adam = eta * m1 / (Math.sqrt(vm1) + tau) + eta * m2 / (Math.sqrt(vm2) + tau);
    // FedYogi: v moves toward d^2 by (1 - b2) d^2 in the direction of sign(d^2 - v)
    double vy1 = (1 - b2) * d1 * d1; // v0 = 0 < d1^2
    double vy2 = vy1 - (1 - b2) * d2 * d2 * Math.signum(vy1 - d2 * d2);
    double yogi = eta * m1 / (Math.sqrt(vy1) + tau) + eta * m2 / (Math.sqrt(vy2) + tau);

    double[][] deltas = {{d1, 0}, {d2, 0}};
    assertEquals(adagrad, run(opt(Kind.FEDADAGRAD, eta, b1, b2, tau), deltas)[0], 1e-12);
    assertEquals(adam, run(opt(Kind.FEDADAM, eta, b1, b2, tau), deltas)[0], 1e-12);
    assertEquals(yogi, run(opt(Kind.FEDYOGI, eta, b1, b2, tau), deltas)[0], 1e-12);
    // Yogi and Adam differ once v exceeds d^2 (second round here)
    assertTrue(Math.abs(adam - yogi) > 1e-6, "yogi " + yogi + " adam " + adam);
  }

  private static ServerOptimizer opt(Kind kind, double eta, double b1, double b2, double tau) {
    return new ServerOptimizer(fedAvg(1), new Config(kind, eta, b1, b2, tau));
  }

  @Test
  void skippedRoundLeavesStateUntouched() {
    ServerOptimizer opt =
        new ServerOptimizer(fedAvg(2), new Config(Kind.FEDAVGM, 1.0, 0.9, 0, 1));
    GlobalModel m = model(0, 0);
    Optional<double[]> none = opt.aggregateFit(1, m, meanOf(1, 1), List.of());
    assertTrue(none.isEmpty(), "one result is below minResults = 2");
    FitResults two = FitResults.sumsOnly(new double[] {2, 2}, 2, List.of("a", "b"), Map.of());
    double[] w = opt.aggregateFit(2, m, two, List.of()).orElseThrow();
    assertArrayEquals(new double[] {1, 1}, w, 1e-15, "no momentum from the skipped round");
  }

  @Test
  void invalidSettingsNameTheField() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Config(Kind.FEDADAM, 0.1, 1.0, 0.99, 1e-3));
    assertTrue(e.getMessage().contains("beta1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Kind.parse("adamw"));
    assertTrue(e.getMessage().contains("fedyogi"), e.getMessage());
    assertEquals(Kind.FEDYOGI, Kind.parse(" FedYogi "));
  }

  @Test
  void aRestoredSnapshotContinuesWithTheSameMomentsToTheLastBit() {
    Config c = Config.defaults(Kind.FEDADAM);
    double[][] deltas = {{0.4, -0.2}, {-0.1, 0.3}, {0.25, 0.05}, {0.2, -0.6}};
    double[] straight = run(new ServerOptimizer(fedAvg(1), c), deltas);

    ServerOptimizer before = new ServerOptimizer(fedAvg(1), c);
    double[] w = run(before, new double[][] {deltas[0], deltas[1]});
    ServerOptimizer after = new ServerOptimizer(fedAvg(1), c);
    after.restore(before.snapshot());
    GlobalModel m = model(w);
    for (int r = 2; r < deltas.length; r++) {
      double[] next = after.aggregateFit(r + 1, m, meanOf(deltas[r]), List.of()).orElseThrow();
      m = m.withParameters(next, m.provenance());
    }
    assertArrayEquals(straight, m.parameters());

    // a fresh optimizer's snapshot restores to "no moments yet"
    ServerOptimizer fresh = new ServerOptimizer(fedAvg(1), c);
    fresh.restore(new ServerOptimizer(fedAvg(1), c).snapshot());
    assertArrayEquals(run(new ServerOptimizer(fedAvg(1), c), deltas), run(fresh, deltas));
  }

  @Test
  void aStatelessStrategyRefusesAForeignSnapshot() {
    assertEquals(0, fedAvg(1).snapshot().length);
    ServerOptimizer opt = new ServerOptimizer(fedAvg(1), Config.defaults(Kind.FEDYOGI));
    run(opt, new double[][] {{1, 1}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fedAvg(1).restore(opt.snapshot()));
    assertTrue(e.getMessage().contains("keeps no state"), e.getMessage());
  }
}
