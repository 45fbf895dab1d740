package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.protocol.BoostingJobConfig;
import io.fedcredit.core.tree.BoostingConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code model: {kind: gbdt}} job specs: horizontal histogram boosting. */
class BoostingJobSpecTest {
  private static final String VALID = """
      job: sme-gbdt
      model: {kind: gbdt}
      features: [a, b, c]
      participants: {min: 3, allowed: [bank-a, bank-b, bank-c]}
      timeouts: {phase_seconds: 30, long_poll_seconds: 2}
      secure_aggregation: {threshold: 0.8}
      boosting: {trees: 40, max_depth: 4, learning_rate: 0.2, l2: 2.0, min_child_weight: 0.5,
                 min_child_samples: 10, row_sample: 0.9, feature_sample: 0.7, bins: 64, seed: 5}
      """;

  private static String error(String yaml) {
    return assertThrows(FedCreditException.class, () -> JobSpec.parse(yaml, "job.yaml"))
        .getMessage();
  }

  @Test
  void parsesABoostingJob() {
    JobSpec spec = JobSpec.parse(VALID, "job.yaml");
    assertTrue(spec.boostingJob());
    BoostingJobConfig cfg = spec.toBoostingConfig();
    assertEquals("sme-gbdt", cfg.jobId());
    assertEquals(List.of("a", "b", "c"), cfg.featureNames());
    assertEquals(3, cfg.minParticipants());
    assertEquals(Set.of("bank-a", "bank-b", "bank-c"), cfg.allowedParticipants());
    assertEquals(30_000, cfg.phaseTimeoutMillis());
    assertEquals(0.8, cfg.secureAggregation().thresholdFraction());
    assertEquals(new BoostingConfig(40, 4, 0.2, 2.0, 0.0, 0.5, 10, 0.9, 0.7, 64, 5),
        cfg.boosting());
    JobSpec defaults = JobSpec.parse("""
        job: g
        model: {kind: GBDT}
        features: [a]
        """, "job.yaml");
    assertEquals(BoostingConfig.defaults(), defaults.toBoostingConfig().boosting());
    assertFalse(JobSpec.parse(VALID.replace("kind: gbdt", "kind: logreg")
        .replace("boosting: {trees: 40, max_depth: 4, learning_rate: 0.2, l2: 2.0, "
            + "min_child_weight: 0.5,\n           min_child_samples: 10, row_sample: 0.9, "
            + "feature_sample: 0.7, bins: 64, seed: 5}\n", "rounds: 3\n"), "job.yaml")
        .boostingJob());
  }

  @Test
  void theExampleSpecIsValid() {
    BoostingJobConfig cfg = JobSpec.load(java.nio.file.Path.of(
        "../examples/jobs/default-credit-gbdt.yaml")).toBoostingConfig();
    assertEquals("default-credit-gbdt", cfg.jobId());
    assertEquals(23, cfg.featureNames().size());
    assertEquals(BoostingConfig.defaults(), cfg.boosting());
  }

  @Test
  void refusesWhatDoesNotApplyNamingTheField() {
    assertTrue(error(VALID + "rounds: 5\n").contains("field 'rounds'"));
    assertTrue(error(VALID.replace("max_depth: 4", "max_depth: 0"))
        .contains("max_depth 0 is outside 1..16"));
    assertTrue(error(VALID.replace("bins: 64", "bins: 1")).contains("bins 1 is outside"));
    assertTrue(error(VALID + "paillier_aggregation: {enabled: true}\n")
        .contains("paillier_aggregation.enabled"));
    assertTrue(error(VALID + "differential_privacy: {enabled: true, epsilon: 1}\n")
        .contains("differential_privacy.enabled"));
    assertTrue(error(VALID + "training: {local_epochs: 2}\n").contains("field 'training'"));
    assertTrue(error(VALID + "strategy: {name: krum, byzantine: 1}\n")
        .contains("strategy.name"));
    assertTrue(error(VALID.replace("min: 3", "min: 1")).contains("participants.min"));
    assertTrue(error(VALID.replace("kind: gbdt", "kind: logreg") + "rounds: 3\n")
        .contains("field 'boosting' applies only to model.kind gbdt"));
    assertTrue(error(VALID.replace("trees: 40", "tres: 40")).contains("tres"));
    assertTrue(error(VALID.replace("kind: gbdt", "kind: xgboost")).contains("or gbdt"));
  }
}
