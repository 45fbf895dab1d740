package io.fedcredit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.Phase;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.RoundOutcome;
import io.fedcredit.core.protocol.RoundRef;
import io.fedcredit.core.protocol.Task;
import io.fedcredit.core.protocol.Update;
import io.fedcredit.core.protocol.UpdateKind;
import io.fedcredit.core.strategy.FedAvg;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The wrapper dropped into today's horizontal protocol unchanged: participants apply the round's
 * {@link ClientDpInstruction} (read here from the wrapper; in production it travels in the fit
 * task) and send weight 1; the protocol's plaintext sums feed the wrapper like secure ones.
 */
class DifferentialPrivacyProtocolTest {
  private static final String JOB = "dp-job";
  private static final List<String> FEATURES = List.of("a", "b");
  private static final List<String> BANKS = List.of("bank-a", "bank-b", "bank-c");

  @Test
  void roundsRunUntilTheBudgetWouldBeExceeded() {
    TrainingConfig tc = new TrainingConfig(1, 8, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    FedAvg fedAvg = new FedAvg(new FedAvg.Config(1.0, 3, 3, 0.0, 1, tc, 1));
    // z for 3 rounds at (2, 1e-5); the job asks for 5
    DpConfig config = DpConfig.builder().calibrateNoiseFor(3).adaptiveClipping(1.0, 0.5)
        .budget(2.0, 1e-5).build();
    DifferentialPrivacy dp =
        new DifferentialPrivacy(fedAvg, config, 1.0, GaussianNoise.seededForTests(8));
    List<RoundOutcome> rounds = new ArrayList<>();
    HorizontalJobConfig job = new HorizontalJobConfig(JOB, ModelSpec.logreg(2, 1), FEATURES, 5,
        3, Set.of(), false, 1_000, 60_000, 60_000, 500);
    GlobalModel initial = new GlobalModel(ModelSpec.logreg(2, 1), FEATURES,
        Standardizer.identity(2), new double[3], ModelProvenance.now(JOB, 0, "-", "-", List.of()));
    HorizontalTrainingProtocol p = new HorizontalTrainingProtocol(job, dp, initial,
        new HorizontalTrainingProtocol.Listener() {
          @Override
          public void onRoundCompleted(RoundOutcome outcome) {
            rounds.add(outcome);
          }
        }, 0);
    long now = 1;
    for (String b : BANKS) {
      p.join(b, FEATURES, true, now++);
    }
    GaussianNoise clientNoise = GaussianNoise.seededForTests(9);
    while (p.phase() == Phase.FIT) {
      long round = p.round();
      ClientDpInstruction in = dp.instructionFor(round);
      for (String b : BANKS) {
        assertInstanceOf(Task.Fit.class, p.poll(b, now++));
        double[] raw = {0.5, -2.0, 1.0};
        ClientDp.ClientDpUpdate u = ClientDp.apply(raw, in, clientNoise);
        p.submit(new Update(new RoundRef(JOB, round, b), UpdateKind.MODEL_DELTA,
            ClientDp.ClientDpUpdate.NUM_EXAMPLES, u.delta(), u.auxiliary()), now++);
      }
    }
    assertEquals(3, rounds.size(), "rounds 4 and 5 would exceed the budget");
    assertTrue(rounds.stream().allMatch(RoundOutcome::applied));
    assertEquals(3, dp.reports().size());
    assertTrue(dp.spent().epsilon() <= 2.0);
    // the indicators reached the wrapper through the protocol's auxiliary sums (with 3 banks
    // the count's noise, 5 z, swamps them: adaptive clipping needs many participants a round)
    assertTrue(dp.reports().stream().noneMatch(r -> Double.isNaN(r.unclippedFraction())));
    // the protocol asks stopReason() and ends the job with the last model, saying why
    assertEquals(Phase.FINISHED, p.phase());
    assertTrue(dp.stopReason().orElseThrow().startsWith("privacy budget reached: round 4"));
    assertEquals(dp.stopReason().orElseThrow(), p.finishReason());
    assertTrue(p.model().provenance().privacy().contains("dp(central"),
        p.model().provenance().privacy());
  }
}
