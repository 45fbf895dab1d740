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
import io.fedcredit.core.strategy.RobustAggregation.Config;
import io.fedcredit.core.strategy.RobustAggregation.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RobustAggregationTest {

  /** A logistic regression with {@code d - 1} features has d parameters. */
  private static GlobalModel zeros(int d) {
    return new GlobalModel(ModelSpec.logreg(d - 1, 1), names(d - 1), Standardizer.identity(d - 1),
        new double[d], ModelProvenance.now("job", 0, "test", "none", List.of()));
  }

  private static List<String> names(int k) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      out.add("x" + i);
    }
    return out;
  }

  private static FedAvg fedAvg(int minResults) {
    TrainingConfig tc = new TrainingConfig(1, 8, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    return new FedAvg(new FedAvg.Config(1.0, minResults, minResults, 1.0, 1, tc, 3));
  }

  /** Plaintext results, bank-00, bank-01, ... in order, each of weight 100. */
  private static FitResults results(double[]... deltas) {
    List<FitResult> out = new ArrayList<>();
    for (int k = 0; k < deltas.length; k++) {
      out.add(new FitResult(String.format("bank-%02d", k), 100, deltas[k], Map.of()));
    }
    return FitResults.plaintext(out, deltas[0].length);
  }

  /** The new parameters (= the aggregate delta, from a zero model). */
  private static double[] aggregate(Config config, FitResults results) {
    int d = results.weightedSum().length;
    return new RobustAggregation(fedAvg(1), config)
        .aggregateFit(1, zeros(d), results, List.of()).orElseThrow();
  }

  @Test
  void medianOfAnOddCountIsTheMiddleValuePerCoordinate() {
    double[] w = aggregate(Config.median(),
        results(new double[] {1, 10}, new double[] {2, -5}, new double[] {3, 0}));
    assertArrayEquals(new double[] {2, 0}, w, 0);
  }

  @Test
  void medianOfAnEvenCountAveragesTheTwoMiddleValues() {
    double[] w = aggregate(Config.median(), results(new double[] {1, 0}, new double[] {2, 0},
        new double[] {3, 0}, new double[] {100, 4}));
    assertArrayEquals(new double[] {2.5, 0}, w, 0);
  }

  @Test
  void trimmedMeanDropsFloorOfBetaNAtEachEnd() {
    // n = 5, beta = 0.2: one value trimmed at each end; (2 + 3 + 4) / 3 = 3 and (-1 + 0 + 1) / 3
    double[] w = aggregate(Config.trimmedMean(0.2), results(new double[] {1, -1000},
        new double[] {2, 0}, new double[] {3, 1}, new double[] {4, -1}, new double[] {1000, 7}));
    assertArrayEquals(new double[] {3, 0}, w, 1e-15);
    // beta = 0.1 on 5 updates trims nothing: the plain mean
    double[] mean = aggregate(Config.trimmedMean(0.1), results(new double[] {1, 0},
        new double[] {2, 0}, new double[] {3, 0}, new double[] {4, 0}, new double[] {5, 0}));
    assertArrayEquals(new double[] {3, 0}, mean, 1e-15);
  }

  @Test
  void normBoundingClipsLongUpdatesAndKeepsShortOnes() {
    // |(3, 4)| = 5 -> (0.6, 0.8); |(0, 0.5)| = 0.5 stays; mean (0.3, 0.65)
    double[] w = aggregate(Config.normBounding(1.0),
        results(new double[] {3, 4}, new double[] {0, 0.5}));
    assertArrayEquals(new double[] {0.3, 0.65}, w, 1e-15);
  }

  @Test
  void normBoundAppliesBeforeTheRule() {
    // clipped to 1: (10, 0) -> (1, 0); the median of (1, 0.5, 0.2) is 0.5, not 10's influence
    double[] w = aggregate(Config.median().withNormBound(1.0), results(new double[] {10, 0},
        new double[] {0.5, 0}, new double[] {0.2, 0}));
    assertArrayEquals(new double[] {0.5, 0}, w, 1e-15);
  }

  @Test
  void krumScoresMatchHandComputedValues() {
    // points 0, 1, 2, 10, 100 with f = 1: each scored on its n - f - 2 = 2 nearest neighbours
    // 0: 1 + 4 = 5; 1: 1 + 1 = 2; 2: 1 + 4 = 5; 10: 64 + 81 = 145; 100: 8100 + 9604 = 17704
    double[][] pts = {{0, 0}, {1, 0}, {2, 0}, {10, 0}, {100, 0}};
    assertArrayEquals(new int[] {1, 0, 2, 3, 4}, RobustAggregation.krumOrder(pts, 1));
    assertArrayEquals(new double[] {1, 0}, aggregate(Config.krum(1), results(pts)), 0);
    // Multi-Krum with m = 3: mean of 1, 0, 2; default m = n - f = 4 adds 10: 13 / 4
    assertArrayEquals(new double[] {1, 0},
        aggregate(Config.multiKrum(1).withSelected(3), results(pts)), 1e-15);
    assertArrayEquals(new double[] {3.25, 0}, aggregate(Config.multiKrum(1), results(pts)),
        1e-15);
  }

  /** Ten honest updates near (1, -1, 0.5) and two attackers sending huge vectors. */
  private static FitResults attacked(double attack) {
    SplittableRandom rnd = new SplittableRandom(11);
    List<FitResult> out = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      double[] d = {1 + 0.1 * rnd.nextGaussian(), -1 + 0.1 * rnd.nextGaussian(),
          0.5 + 0.1 * rnd.nextGaussian()};
      out.add(new FitResult("honest-" + k, 100, d, Map.of()));
    }
    // the attackers also claim a huge book, which only a weighted rule would believe
    out.add(new FitResult("attacker-1", 1_000_000, new double[] {attack, attack, -attack},
        Map.of()));
    out.add(new FitResult("attacker-2", 1_000_000, new double[] {-attack, attack, attack},
        Map.of()));
    return FitResults.plaintext(out, 3);
  }

  private static double distanceToHonest(double[] w) {
    double[] honest = {1, -1, 0.5};
    double s = 0;
    for (int i = 0; i < 3; i++) {
      s += (w[i] - honest[i]) * (w[i] - honest[i]);
    }
    return Math.sqrt(s);
  }

  @Test
  void robustRulesResistTwoAttackersWhereFedAvgBreaks() {
    FitResults r = attacked(1e6);
    double[] fedAvg = fedAvg(1).aggregateFit(1, zeros(3), r, List.of()).orElseThrow();
    assertTrue(distanceToHonest(fedAvg) > 1e5, "FedAvg is captured: " + fedAvg[1]);
    for (Config c : List.of(Config.median(), Config.trimmedMean(0.2), Config.krum(2),
        Config.multiKrum(2), Config.normBounding(2.0))) {
      double[] w = aggregate(c, r);
      // norm bounding cannot remove the attack, only bound it: 2 of 12 at norm 2 each
      double tolerance = c.rule() == Rule.MEAN ? 2 * 2.0 / 12 + 0.3 : 0.3;
      assertTrue(distanceToHonest(w) < tolerance, c.describe() + " moved to "
          + java.util.Arrays.toString(w));
    }
  }

  @Test
  void krumSelectsAnHonestUpdateAgainstHugeAttackers() {
    FitResults r = attacked(1e6);
    List<FitResult> all = r.individual().orElseThrow();
    double[] w = aggregate(Config.krum(2), r);
    FitResult chosen = all.stream().filter(u -> java.util.Arrays.equals(u.delta(), w))
        .findFirst().orElseThrow();
    assertTrue(chosen.participantId().startsWith("honest-"), chosen.participantId());
  }

  @Test
  void refusesSumsOnlyNamingSecureAndPaillierAggregation() {
    FitResults sums = FitResults.sumsOnly(new double[] {2, 2}, 2, List.of("a", "b"), Map.of());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new RobustAggregation(fedAvg(1), Config.median())
            .aggregateFit(1, zeros(2), sums, List.of()));
    assertTrue(e.getMessage().contains("secure aggregation"), e.getMessage());
    assertTrue(e.getMessage().contains("Paillier"), e.getMessage());
  }

  @Test
  void krumWithTooFewUpdatesKeepsTheModel() {
    // f = 1 needs 5 updates
    Optional<double[]> w = new RobustAggregation(fedAvg(1), Config.krum(1)).aggregateFit(1,
        zeros(2), results(new double[] {1, 0}, new double[] {2, 0}, new double[] {3, 0},
            new double[] {4, 0}), List.of());
    assertTrue(w.isEmpty());
    assertEquals(5, Config.krum(1).minimumUpdates());
    assertThrows(IllegalArgumentException.class,
        () -> RobustAggregation.krumOrder(new double[][] {{1}, {2}, {3}, {4}}, 1));
  }

  @Test
  void innerStrategyStillDecidesOnTooFewResults() {
    Optional<double[]> w = new RobustAggregation(fedAvg(3), Config.median()).aggregateFit(1,
        zeros(2), results(new double[] {1, 0}, new double[] {2, 0}), List.of());
    assertTrue(w.isEmpty());
  }

  @Test
  void composesWithAServerOptimizerAsThePseudoGradient() {
    ServerOptimizer opt = new ServerOptimizer(
        new RobustAggregation(fedAvg(1), Config.median()),
        new ServerOptimizer.Config(ServerOptimizer.Kind.FEDAVGM, 0.5, 0, 0, 1));
    double[] w = opt.aggregateFit(1, zeros(2), results(new double[] {1, 2},
        new double[] {2, 2}, new double[] {900, 2}), List.of()).orElseThrow();
    assertArrayEquals(new double[] {1, 1}, w, 1e-15); // 0.5 * median (2, 2)
  }

  @Test
  void snapshotsCarryTheInnerStrategysState() {
    ServerOptimizer.Config momentum =
        new ServerOptimizer.Config(ServerOptimizer.Kind.FEDAVGM, 1.0, 0.9, 0, 1);
    RobustAggregation a = new RobustAggregation(new ServerOptimizer(fedAvg(1), momentum),
        Config.median());
    a.aggregateFit(1, zeros(2), results(new double[] {1, 2}, new double[] {3, 2}), List.of());
    RobustAggregation b = new RobustAggregation(new ServerOptimizer(fedAvg(1), momentum),
        Config.median());
    b.restore(a.snapshot());
    double[] wa = a.aggregateFit(2, zeros(2), results(new double[] {1, 0}, new double[] {1, 0}),
        List.of()).orElseThrow();
    double[] wb = b.aggregateFit(2, zeros(2), results(new double[] {1, 0}, new double[] {1, 0}),
        List.of()).orElseThrow();
    assertArrayEquals(wa, wb, 0.0);
    assertEquals(1 + 0.9 * 2, wa[0], 1e-12, "momentum from round 1 survived the snapshot");
  }

  @Test
  void validatesSettingsNamingTheField() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Config.trimmedMean(0.5))
        .getMessage().contains("trim_fraction"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Config.krum(-1))
        .getMessage().contains("byzantine"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Config.normBounding(0))
        .getMessage().contains("norm_bound"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Rule.parse("geomed"))
        .getMessage().contains("multi_krum"));
    assertEquals(Rule.TRIMMED_MEAN, Rule.parse("trimmed-mean"));
    assertEquals("multi_krum(f=2, m=n-f, norm_bound=1.5)",
        Config.multiKrum(2).withNormBound(1.5).describe());
  }
}
