package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.strategy.FitInstruction;
import io.fedcredit.core.strategy.FitResult;
import io.fedcredit.core.strategy.FitResults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The DP wrapper as the coordinator drives it: configureFit, then aggregateFit on sums only. */
class DifferentialPrivacyTest {
  private static final double DELTA = 1e-5;

  private static GlobalModel model(int numFeatures) {
    List<String> names = IntStream.range(0, numFeatures).mapToObj(i -> "f" + i).toList();
    return new GlobalModel(ModelSpec.logreg(numFeatures, 1), names,
        Standardizer.identity(numFeatures), new double[numFeatures + 1],
        ModelProvenance.now("job", 0, "test", "none", List.of()));
  }

  private static FedAvg fedAvg(double fractionFit, int minFit) {
    TrainingConfig tc = new TrainingConfig(1, 8, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    return new FedAvg(new FedAvg.Config(fractionFit, minFit, 1, 1.0, 1, tc, 3));
  }

  private static List<String> banks(int n) {
    return IntStream.range(0, n).mapToObj(i -> "bank-" + i).toList();
  }

  /** Central noise with multiplier z, fixed clipping at c, budget reported but not enforced. */
  private static DpConfig central(double z, double c) {
    return DpConfig.builder().noiseMultiplier(z).fixedClipping(c).unlimitedBudget(DELTA).build();
  }

  private static DifferentialPrivacy dp(DpConfig config, double q, long seed) {
    return new DifferentialPrivacy(fedAvg(q, 1), config, q, GaussianNoise.seededForTests(seed));
  }

  private static List<String> ids(List<FitInstruction> in) {
    return in.stream().map(FitInstruction::participantId).toList();
  }

  /** Sums of clipped deltas as secure aggregation would hand them over: no individual update. */
  private static FitResults secureSum(List<double[]> clipped, List<String> who,
      Map<String, Double> aux) {
    double[] sum = new double[clipped.get(0).length];
    for (double[] d : clipped) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += d[i];
      }
    }
    return FitResults.sumsOnly(sum, clipped.size(), who, aux);
  }

  @Test
  void passesTheInnerChoiceThroughAndFixesTheRoundsInstruction() {
    DpConfig config = DpConfig.builder().noiseMultiplier(1.0).fixedClipping(0.5)
        .budget(10, DELTA).build();
    FedAvg inner = fedAvg(0.5, 1);
    DifferentialPrivacy dp = new DifferentialPrivacy(inner, config);
    GlobalModel m = model(2);
    List<String> available = banks(10);
    List<FitInstruction> chosen = dp.configureFit(1, m, available);
    assertEquals(ClientDpInstruction.clipOnly(0.5), dp.instructionFor(1));
    // the inner strategy's choice, each carrying the round's DP instruction
    assertEquals(inner.configureFit(1, m, available).stream()
        .map(in -> in.withDp(ClientDpInstruction.clipOnly(0.5))).toList(), chosen);
    assertThrows(IllegalStateException.class, () -> dp.instructionFor(2));
    assertEquals(0.5, dp.plannedSamplingRate());
    assertTrue(dp.describe().startsWith("DifferentialPrivacy(dp(central, z=1.0, C=0.5"),
        dp.describe());
    assertTrue(dp.describe().contains("FedAvg(fractionFit=0.5"), dp.describe());
  }

  @Test
  void centralModeNoisesTheSumAndAveragesOverTheParticipantsAsked() {
    DpConfig config = central(1.1, 1.0);
    DifferentialPrivacy dp = dp(config, 1.0, 42);
    GlobalModel m = model(2);
    List<String> who = ids(dp.configureFit(1, m, banks(3)));
    List<double[]> clipped = List.of(new double[] {0.1, 0.2, 0.3}, new double[] {-0.3, 0, 0.6},
        new double[] {0.5, 0.5, 0.5});
    Optional<double[]> next =
        dp.aggregateFit(1, m, secureSum(clipped, who, Map.of()), List.of());

    GaussianNoise same = GaussianNoise.seededForTests(42);
    double[] expected = {0.3, 0.7, 1.4};
    same.addTo(expected, 1.1 * 1.0);
    for (int i = 0; i < 3; i++) {
      expected[i] /= 3;
    }
    assertArrayEquals(expected, next.orElseThrow(), 1e-15);

    PrivacyReport r = dp.lastReport().orElseThrow();
    assertEquals(1, r.round());
    assertEquals(1.0, r.samplingRate());
    assertEquals(1.1, r.noiseMultiplier());
    assertEquals(3, r.contributors());
    assertTrue(r.applied());
    RdpAccountant reference = new RdpAccountant();
    reference.compose(1.0, 1.1, 1);
    assertEquals(reference.spent(DELTA), r.spent());
    assertEquals(reference.spent(DELTA), dp.spent());
  }

  @Test
  void aDroppedParticipantShrinksTheStepButNotTheDivisor() {
    DpConfig config = central(1e-9, 1.0);
    DifferentialPrivacy dp = dp(config, 1.0, 1);
    GlobalModel m = model(1);
    dp.configureFit(1, m, banks(4));
    double[] next = dp.aggregateFit(1, m, secureSum(List.of(new double[] {1, 1},
        new double[] {1, 1}, new double[] {1, 1}), banks(3), Map.of()), List.of()).orElseThrow();
    assertArrayEquals(new double[] {0.75, 0.75}, next, 1e-6);
    assertEquals(3, dp.lastReport().orElseThrow().contributors());
    assertEquals(4, dp.lastReport().orElseThrow().instructed());
  }

  @Test
  void centralNoiseHasMeanZeroAndVarianceZcSquaredOnTheSum() {
    int n = 200_000;
    double z = 1.3;
    double c = 0.7;
    DpConfig config = central(z, c);
    DifferentialPrivacy dp = dp(config, 1.0, 2024);
    GlobalModel m = model(n - 1);
    List<String> who = ids(dp.configureFit(1, m, banks(5)));
    double[] next = dp.aggregateFit(1, m,
        FitResults.sumsOnly(new double[n], 5, who, Map.of()), List.of()).orElseThrow();
    double sum = 0;
    double sumSq = 0;
    for (double v : next) {
      double noiseOnSum = 5 * v;
      sum += noiseOnSum;
      sumSq += noiseOnSum * noiseOnSum;
    }
    double mean = sum / n;
    double var = sumSq / n - mean * mean;
    double sd = z * c;
    assertEquals(0, mean, 5 * sd / Math.sqrt(n));
    // the sample variance has relative sd sqrt(2/n) = 0.3%; allow 5 of them
    assertEquals(sd * sd, var, 5 * Math.sqrt(2.0 / n) * sd * sd);
  }

  @Test
  void refusesWeightedUpdates() {
    DpConfig config = central(1, 1);
    DifferentialPrivacy dp = dp(config, 1.0, 1);
    GlobalModel m = model(1);
    List<String> who = ids(dp.configureFit(1, m, banks(2)));
    FitResults weighted = FitResults.plaintext(List.of(
        new FitResult(who.get(0), 120, new double[] {0.1, 0.1}, Map.of()),
        new FitResult(who.get(1), 80, new double[] {0.1, 0.1}, Map.of())), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dp.aggregateFit(1, m, weighted, List.of()));
    assertTrue(e.getMessage().contains("numExamples = 1"), e.getMessage());
  }

  @Test
  void plaintextResultsWithUnitWeightsGiveTheSameAggregate() {
    DpConfig config = central(0.8, 1);
    GlobalModel m = model(1);
    double[][] deltas = {{0.1, -0.2}, {0.4, 0.4}};
    DifferentialPrivacy a = dp(config, 1.0, 9);
    List<String> who = ids(a.configureFit(1, m, banks(2)));
    List<FitResult> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      results.add(new FitResult(who.get(i), 1, deltas[i], Map.of("loss", 0.5)));
    }
    double[] viaPlaintext =
        a.aggregateFit(1, m, FitResults.plaintext(results, 2), List.of()).orElseThrow();
    DifferentialPrivacy b = dp(config, 1.0, 9);
    b.configureFit(1, m, banks(2));
    double[] viaSums = b.aggregateFit(1, m,
        secureSum(Arrays.asList(deltas), who, Map.of()), List.of()).orElseThrow();
    assertArrayEquals(viaSums, viaPlaintext, 1e-15);
  }

  /**
   * Synthetic norms, log-normal around 1: starting 100 times too small, the clip norm climbs
   * geometrically and then hovers where about the target share of updates fits unclipped.
   */
  @Test
  void adaptiveClippingMovesTheClipNormToTheTargetQuantile() {
    int m = 200;
    double quantile = 0.7;
    DpConfig config = DpConfig.builder().noiseMultiplier(0.5)
        .adaptiveClipping(0.01, quantile, 0.2, 0.01).unlimitedBudget(DELTA).build();
    DifferentialPrivacy dp = dp(config, 1.0, 5);
    GlobalModel gm = model(1);
    SplittableRandom rnd = new SplittableRandom(77);
    List<Double> trace = new ArrayList<>();
    for (int round = 1; round <= 80; round++) {
      List<String> who = ids(dp.configureFit(round, gm, banks(m)));
      ClientDpInstruction in = dp.instructionFor(round);
      assertTrue(in.reportUnclipped());
      double unclipped = 0;
      for (int k = 0; k < m; k++) {
        double norm = Math.exp(0.5 * rnd.nextGaussian());
        unclipped += norm <= in.clipNorm() ? 1 : 0;
      }
      dp.aggregateFit(round, gm, FitResults.sumsOnly(new double[2], m, who,
          Map.of(ClientDp.UNCLIPPED, unclipped)), List.of());
      trace.add(dp.clipNorm());
    }
    // the 0.7 quantile of exp(N(0, 0.25)) is exp(0.5 * 0.5244) = 1.300
    double target = Math.exp(0.5 * 0.5244005);
    double late = trace.subList(60, 80).stream().mapToDouble(Double::doubleValue).average()
        .orElseThrow();
    assertEquals(target, late, 0.1 * target, "trace " + trace);
    assertTrue(trace.get(5) > 0.01 * Math.exp(0.2 * 0.3 * 5), "grows geometrically at first");
    PrivacyReport r = dp.lastReport().orElseThrow();
    assertFalse(Double.isNaN(r.unclippedFraction()));
    assertEquals(0.5, r.noiseMultiplier(), "a round is charged at z, the count included");
  }

  @Test
  void adaptiveClippingNeedsTheUnclippedCount() {
    DpConfig config = DpConfig.builder().noiseMultiplier(1).adaptiveClipping(0.1, 0.5)
        .unlimitedBudget(DELTA).build();
    DifferentialPrivacy dp = dp(config, 1.0, 1);
    GlobalModel m = model(1);
    List<String> who = ids(dp.configureFit(1, m, banks(2)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dp.aggregateFit(1, m, FitResults.sumsOnly(new double[2], 2, who, Map.of()),
            List.of()));
    assertTrue(e.getMessage().contains(ClientDp.UNCLIPPED), e.getMessage());
  }

  @Test
  void theJobStopsBeforeItExceedsItsBudget() {
    DpConfig config = DpConfig.builder().calibrateNoiseFor(5).fixedClipping(1)
        .budget(1.0, DELTA).build();
    DifferentialPrivacy dp = dp(config, 1.0, 3);
    GlobalModel m = model(1);
    assertEquals(5, dp.roundsRemaining());
    int rounds = 0;
    while (dp.canRunRound()) {
      rounds++;
      List<String> who = ids(dp.configureFit(rounds, m, banks(3)));
      assertEquals(3, who.size());
      dp.aggregateFit(rounds, m, FitResults.sumsOnly(new double[2], 3, who, Map.of()),
          List.of());
      assertTrue(dp.spent().epsilon() <= 1.0, dp.spent().toString());
      assertEquals(5 - rounds, dp.roundsRemaining());
    }
    assertEquals(5, rounds);
    assertTrue(dp.spentAfter(1).epsilon() > 1.0);
    String reason = dp.stopReason().orElseThrow();
    // calibrated to spend the budget in exactly 5 rounds: epsilon is 0.99999...
    assertTrue(reason.startsWith("privacy budget reached: round 6 would raise epsilon from 1.0000"
        + " to 1.1054 (delta=1e-05), above the budget of 1.0"), reason);
    assertTrue(reason.contains("model of round 5"), reason);
    // a controller that asks anyway gets no instructions, and the same kind of answer
    assertEquals(List.of(), dp.configureFit(6, m, banks(3)));
    assertTrue(dp.stopReason().orElseThrow().contains("round 6"));
    assertEquals(5, dp.reports().size());
    assertTrue(dp.provenance().contains("over 5 rounds"), dp.provenance());
  }

  @Test
  void configureFitChecksTheActualSamplingRate() {
    // planned for q = 0.1 but only 2 banks are there, so FedAvg's minimum makes q = 1
    // z = 2: one round costs eps 0.53 at q = 0.1, 2.17 at q = 1
    DpConfig config = DpConfig.builder().noiseMultiplier(2.0).fixedClipping(1)
        .budget(1.0, DELTA).build();
    DifferentialPrivacy dp = new DifferentialPrivacy(fedAvg(0.1, 2), config, 0.1,
        GaussianNoise.seededForTests(1));
    assertTrue(dp.canRunRound(), "at q = 0.1 a round fits");
    assertEquals(List.of(), dp.configureFit(1, model(1), banks(2)), "at q = 1 it does not");
    assertTrue(dp.stopReason().orElseThrow().startsWith("privacy budget reached: round 1"));
  }

  @Test
  void distributedNoiseSharesAddUpToTheFullNoise() {
    int n = 100_000;
    double z = 2.0;
    double c = 0.5;
    DpConfig config = DpConfig.builder().distributed(0.0).noiseMultiplier(z).fixedClipping(c)
        .unlimitedBudget(DELTA).build();
    DifferentialPrivacy dp = dp(config, 1.0, 1);
    GlobalModel m = model(n - 1);
    List<String> who = ids(dp.configureFit(1, m, banks(4)));
    ClientDpInstruction in = dp.instructionFor(1);
    assertEquals(z * c / 2, in.noiseStddev(), 1e-15);
    GaussianNoise clientNoise = GaussianNoise.seededForTests(99);
    List<double[]> sent = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      sent.add(ClientDp.apply(new double[n], in, clientNoise).delta());
    }
    double[] next = dp.aggregateFit(1, m, secureSum(sent, who, Map.of()), List.of())
        .orElseThrow();
    double sumSq = 0;
    for (double v : next) {
      sumSq += (4 * v) * (4 * v); // the coordinator added nothing: this is the clients' noise
    }
    assertEquals(z * c * z * c, sumSq / n, 5 * Math.sqrt(2.0 / n) * z * c * z * c);
  }

  @Test
  void distributedRoundWithTooFewContributorsIsChargedMoreAndDiscarded() {
    DpConfig config = DpConfig.builder().distributed(0.25).noiseMultiplier(2.0).fixedClipping(1)
        .unlimitedBudget(DELTA).build();
    DifferentialPrivacy dp = dp(config, 1.0, 1);
    GlobalModel m = model(1);
    List<String> who = ids(dp.configureFit(1, m, banks(8)));
    // t = ceil(8 * 0.75) = 6 shares of variance (zC)^2 / 6 each
    assertEquals(2.0 / Math.sqrt(6), dp.instructionFor(1).noiseStddev(), 1e-15);
    assertTrue(dp.aggregateFit(1, m,
        FitResults.sumsOnly(new double[2], 6, who.subList(0, 6), Map.of()), List.of())
        .isPresent());
    assertEquals(2.0, dp.lastReport().orElseThrow().noiseMultiplier());

    who = ids(dp.configureFit(2, m, banks(8)));
    Optional<double[]> thin = dp.aggregateFit(2, m,
        FitResults.sumsOnly(new double[2], 3, who.subList(0, 3), Map.of()), List.of());
    assertTrue(thin.isEmpty(), "too little noise: the update is not released");
    PrivacyReport r = dp.lastReport().orElseThrow();
    assertEquals(2.0 * Math.sqrt(3.0 / 6), r.noiseMultiplier(), 1e-12);
    assertFalse(r.applied());
    RdpAccountant reference = new RdpAccountant();
    reference.compose(1.0, 2.0, 1);
    reference.compose(1.0, 2.0 * Math.sqrt(0.5), 1);
    assertEquals(reference.spent(DELTA).epsilon(), dp.spent().epsilon(), 1e-12);
  }

  private static DpConfig adaptiveForResume() {
    return DpConfig.builder().noiseMultiplier(1.5).adaptiveClipping(0.2, 0.5)
        .budget(8, DELTA).build();
  }

  /** A wrapper that charged three rounds of five banks, all unclipped. */
  private static DifferentialPrivacy afterThreeRounds(DpConfig config) {
    DifferentialPrivacy first = dp(config, 1.0, 4);
    GlobalModel m = model(1);
    for (int r = 1; r <= 3; r++) {
      List<String> who = ids(first.configureFit(r, m, banks(5)));
      first.aggregateFit(r, m, FitResults.sumsOnly(new double[2], 5, who,
          Map.of(ClientDp.UNCLIPPED, 5.0)), List.of());
    }
    return first;
  }

  @Test
  void resumedWrapperContinuesTheAccountingAndTheClipNorm() {
    DpConfig config = adaptiveForResume();
    DifferentialPrivacy first = afterThreeRounds(config);
    GlobalModel m = model(1);
    DpState saved = first.state();
    assertEquals(3, saved.lastRound());
    DifferentialPrivacy resumed = DifferentialPrivacy.resume(fedAvg(1.0, 1), config, 1.0,
        GaussianNoise.seededForTests(5), saved);
    assertEquals(first.spent(), resumed.spent());
    assertEquals(first.clipNorm(), resumed.clipNorm());
    assertEquals(first.roundsRemaining(), resumed.roundsRemaining());
    assertFalse(resumed.configureFit(4, m, banks(5)).isEmpty());
    assertEquals(first.clipNorm(), resumed.instructionFor(4).clipNorm());
    assertTrue(first.clipNorm() < 0.2, "all unclipped: the clip norm shrank");
  }

  @Test
  void aSnapshotRestoresTheAccountingAndTheClipNormIntoAFreshWrapper() {
    DpConfig config = adaptiveForResume();
    DifferentialPrivacy first = afterThreeRounds(config);
    DifferentialPrivacy restarted = dp(config, 1.0, 5);
    restarted.restore(first.snapshot());
    assertEquals(first.state(), restarted.state());
    assertEquals(first.spent(), restarted.spent());
    assertEquals(first.roundsRemaining(), restarted.roundsRemaining());
    // a wrapper that has charged rounds refuses, and so does a truncated snapshot
    assertThrows(IllegalStateException.class, () -> first.restore(first.snapshot()));
    byte[] cut = Arrays.copyOf(first.snapshot(), 20);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dp(config, 1.0, 6).restore(cut));
    assertTrue(e.getMessage().contains("DifferentialPrivacy("), e.getMessage());
  }

  @Test
  void aggregatingAnUnconfiguredRoundIsAProgrammingError() {
    DpConfig config = central(1, 1);
    DifferentialPrivacy dp = dp(config, 1.0, 1);
    assertThrows(IllegalStateException.class, () -> dp.aggregateFit(1, model(1),
        FitResults.sumsOnly(new double[2], 1, List.of("bank-0"), Map.of()), List.of()));
  }

  @Test
  void passesOtherAuxiliarySumsToTheInnerStrategy() {
    DpConfig config = DpConfig.builder().noiseMultiplier(1).adaptiveClipping(1, 0.5)
        .unlimitedBudget(DELTA).build();
    List<FitResults> seen = new ArrayList<>();
    FedAvg spy = new FedAvg(fedAvg(1.0, 1).config()) {
      @Override
      public Optional<double[]> aggregateFit(
          long round, GlobalModel current, FitResults results,
          List<io.fedcredit.core.strategy.Failure> failures) {
        seen.add(results);
        return super.aggregateFit(round, current, results, failures);
      }
    };
    DifferentialPrivacy dp =
        new DifferentialPrivacy(spy, config, 1.0, GaussianNoise.seededForTests(1));
    GlobalModel m = model(1);
    List<String> who = ids(dp.configureFit(1, m, banks(2)));
    dp.aggregateFit(1, m, FitResults.sumsOnly(new double[2], 2, who,
        Map.of(ClientDp.UNCLIPPED, 1.0, "other", 3.0)), List.of());
    FitResults handed = seen.get(0);
    assertTrue(handed.individual().isEmpty());
    assertEquals(2.0, handed.totalWeight());
    assertEquals(Optional.of(3.0), handed.auxiliarySum("other"));
    assertEquals(Optional.empty(), handed.auxiliarySum(ClientDp.UNCLIPPED));
  }
}
