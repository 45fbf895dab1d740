package io.fedcredit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.BankProfile;
import io.fedcredit.core.data.SyntheticCreditData;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.privacy.DpConfig;
import io.fedcredit.core.strategy.Failure;
import io.fedcredit.core.strategy.FitResults;
import io.fedcredit.core.strategy.ForwardingStrategy;
import io.fedcredit.core.strategy.Strategy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HorizontalSimulationBuilderTest {
  private static final SyntheticCreditData.HorizontalSplit SPLIT = SyntheticCreditData.builder()
      .seed(3).banks(List.of(new BankProfile("big", 1_500, SyntheticCreditData.cityMix()),
          new BankProfile("small", 200, SyntheticCreditData.cityMix(), 0.3)))
      .testRowsPerBank(300).build().horizontal();

  private static HorizontalSimulation.Builder base() {
    return HorizontalSimulation.builder().banks(SPLIT.trainByBank()).test(SPLIT.pooledTest())
        .rounds(3).seed(5).baselines(false);
  }

  @Test
  void aVariantLeavesTheBuilderItCameFromUnchanged() {
    HorizontalSimulation.Builder base = base();
    HorizontalSimulation.Config paillier = base.paillier().build();
    HorizontalSimulation.Config dp = base.dp(1, 1e-5, 0.5).build();
    HorizontalSimulation.Config plain = base.build();
    DpConfig clipOnly = DpConfig.builder().central().noiseMultiplier(1e-6).fixedClipping(0.1)
        .unlimitedBudget(1e-5).build();
    assertEquals(clipOnly, base.dp(1, 1e-5, 0.5).dp(clipOnly).build().dp());
    assertEquals(1.0, base.dp(clipOnly).dp(1, 1e-5, 0.5).build().dp().budget().epsilon());
    assertNotNull(paillier.paillier());
    assertEquals("big", paillier.paillier().keyHolder());
    assertNull(paillier.dp());
    assertNotNull(dp.dp());
    assertNull(dp.paillier());
    assertNull(plain.paillier());
    assertNull(plain.dp());
    assertEquals(3, plain.rounds());
    assertEquals(2, plain.banks().size());
  }

  @Test
  void missingOrContradictorySettingsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HorizontalSimulation.builder().test(SPLIT.pooledTest()).build());
    assertTrue(e.getMessage().startsWith("banks"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> HorizontalSimulation.builder().banks(SPLIT.trainByBank()).build());
    assertTrue(e.getMessage().startsWith("test"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> base().paillier().secureAggregation().build());
    assertTrue(e.getMessage().contains("choose one"), e.getMessage());
  }

  /** Counts its rounds and halves FedAvg's step. */
  private static final class HalfStep extends ForwardingStrategy {
    final AtomicInteger calls = new AtomicInteger();

    HalfStep(Strategy inner) {
      super(inner);
    }

    @Override
    public String describe() {
      return "HalfStep(" + inner.describe() + ")";
    }

    @Override
    public Optional<double[]> aggregateFit(long round, GlobalModel current, FitResults results,
        List<Failure> failures) {
      calls.incrementAndGet();
      double[] mean = results.weightedMean();
      double[] w = current.parameters();
      for (int i = 0; i < w.length; i++) {
        w[i] += mean[i] / 2;
      }
      return Optional.of(w);
    }
  }

  @Test
  @Timeout(300)
  void theCallersStrategyRunsTheJob() throws Exception {
    HalfStep[] made = new HalfStep[1];
    HorizontalSimulation.Result fedAvg = base().run();
    HorizontalSimulation.Result half = base().strategy(s -> made[0] = new HalfStep(s)).run();
    assertEquals(3, made[0].calls.get());
    assertTrue(half.model().provenance().strategy().startsWith("HalfStep(FedAvg("),
        half.model().provenance().strategy());
    double[] a = fedAvg.model().parameters();
    double[] b = half.model().parameters();
    assertTrue(!java.util.Arrays.equals(a, b), "the half step changed nothing");
    assertEquals(3, half.testAucPerRound().length);
    assertEquals(List.of(1.0, 2.0, 3.0),
        java.util.Arrays.stream(half.roundNumbers()).boxed().toList());
  }
}
