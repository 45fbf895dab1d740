package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JobSpecTest {
  private static final String VALID = """
      job: sme-1
      model: {kind: mlp, hidden: [8, 4], seed: 3}
      features: [a, b, c]
      rounds: 5
      participants: {min: 2, allowed: [bank-a, bank-b]}
      training: {local_epochs: 2, batch_size: 16, learning_rate: 0.01, optimizer: adam}
      strategy: {name: fedavg, fraction_fit: 0.5, min_results: 1, seed: 9}
      timeouts: {phase_seconds: 30, long_poll_seconds: 2}
      secure_aggregation: {enabled: true, threshold: 0.8, delta_clip: 4}
      differential_privacy: {enabled: true, epsilon: 2.0, delta: 1.0e-6, clip: 0.25}
      """;

  private static String error(String yaml) {
    return assertThrows(FedCreditException.class, () -> JobSpec.parse(yaml, "job.yaml"))
        .getMessage();
  }

  @Test
  void parsesAValidSpec() {
    JobSpec spec = JobSpec.parse(VALID, "job.yaml");
    HorizontalJobConfig cfg = spec.toConfig();
    assertEquals("sme-1", cfg.jobId());
    assertEquals(ModelSpec.mlp(3, java.util.List.of(8, 4), 3), cfg.model());
    assertEquals(5, cfg.rounds());
    assertEquals(30_000, cfg.phaseTimeoutMillis());
    assertEquals(2_000, cfg.longPollMillis());
    assertEquals(2, spec.trainingConfig().localEpochs());
    assertEquals(0.8, cfg.secureAggregation().thresholdFraction());
    assertEquals(4.0, cfg.secureAggregation().deltaClip());
    assertEquals(30, cfg.secureAggregation().fractionBits());
    assertTrue(spec.toStrategy().privacy().startsWith("dp(central"),
        spec.toStrategy().privacy());
    assertTrue(spec.toStrategy().describe().contains("fractionFit=0.5"));
  }

  @Test
  void paillierAggregationIsAnAlternativeToSecureAggregation() {
    String paillier = VALID.replace("secure_aggregation: {enabled: true, threshold: 0.8, "
        + "delta_clip: 4}", "paillier_aggregation: {enabled: true, key_holder: bank-b, "
        + "modulus_bits: 3072, value_bits: 36, fractional_bits: 10}");
    HorizontalJobConfig cfg = JobSpec.parse(paillier, "job.yaml").toConfig();
    assertNull(cfg.secureAggregation());
    assertEquals("bank-b", cfg.paillierAggregation().keyHolder());
    assertEquals(3072, cfg.paillierAggregation().modulusBits());
    assertEquals(36, cfg.paillierAggregation().valueBits());
    assertEquals(10, cfg.paillierAggregation().fractionalBits());
    assertEquals(8.0, cfg.paillierAggregation().deltaClip());
    HorizontalJobConfig firstToJoin = JobSpec.parse(paillier.replace("key_holder: bank-b, ", ""),
        "job.yaml").toConfig();
    assertNull(firstToJoin.paillierAggregation().keyHolder());

    String both = error(VALID.replace("secure_aggregation:",
        "paillier_aggregation: {enabled: true}\nsecure_aggregation:"));
    assertTrue(both.contains("'secure_aggregation.enabled'")
        && both.contains("'paillier_aggregation.enabled'"), both);
    String stranger = error(paillier.replace("key_holder: bank-b", "key_holder: bank-z"));
    assertTrue(stranger.contains("field 'paillier_aggregation.key_holder'")
        && stranger.contains("bank-z"), stranger);
    String modulus = error(paillier.replace("modulus_bits: 3072", "modulus_bits: 1024"));
    assertTrue(modulus.contains("field 'paillier_aggregation.modulus_bits' is 1024; use 2048 or "
        + "3072"), modulus);
    String value = error(paillier.replace("value_bits: 36", "value_bits: 64"));
    assertTrue(value.contains("field 'paillier_aggregation.value_bits' is 64"), value);
    String range = error(paillier.replace("fractional_bits: 10", "fractional_bits: 20"));
    assertTrue(range.contains("paillier_aggregation") && range.contains("at most 11 fractional"),
        range);
  }

  @Test
  void theShippedExampleIsValid() {
    // surefire runs in the module folder
    JobSpec spec = JobSpec.load(Path.of("../examples/jobs/sme-credit.yaml"));
    assertEquals(20, spec.toConfig().featureNames().size());
  }

  @Test
  void namesTheFieldAtFault() {
    String unknown = error(VALID.replace("rounds: 5", "rounds: 5\nroundz: 6"));
    assertTrue(unknown.contains("unknown key 'roundz'") && unknown.contains("job.yaml line 5"),
        unknown);
    assertTrue(unknown.contains("rounds"), unknown);

    String nested = error(VALID.replace("batch_size: 16", "batch_sise: 16"));
    assertTrue(nested.contains("'training.batch_sise'"), nested);
    assertTrue(nested.contains("batch_size"), nested);

    String type = error(VALID.replace("rounds: 5", "rounds: five"));
    assertTrue(type.contains("field 'rounds'") && type.contains("'five'")
        && type.contains("whole number"), type);

    String missing = error(VALID.replace("features: [a, b, c]\n", ""));
    assertTrue(missing.contains("field 'features' is missing"), missing);

    String kind = error(VALID.replace("kind: mlp", "kind: xgboost"));
    assertTrue(kind.contains("'model.kind'") && kind.contains("xgboost"), kind);

    String lr = error(VALID.replace("learning_rate: 0.01", "learning_rate: -1"));
    assertTrue(lr.contains("training") && lr.contains("learningRate"), lr);

    String timeout = error(VALID.replace("phase_seconds: 30", "phase_seconds: 0"));
    assertTrue(timeout.contains("timeouts.phase_seconds"), timeout);

    String secagg = error(VALID.replace("threshold: 0.8", "threshold: 0.4"));
    assertTrue(secagg.contains("secure_aggregation") && secagg.contains("(0.5, 1]"), secagg);

    String dpMode = error(VALID.replace("clip: 0.25}", "clip: 0.25, mode: local}"));
    assertTrue(dpMode.contains("differential_privacy") && dpMode.contains("local"), dpMode);

    String job = error(VALID.replace("job: sme-1", "job: ../etc"));
    assertTrue(job.contains("field 'job'"), job);

    assertTrue(error("").contains("job.yaml is empty"), error(""));
    String notFound = assertThrows(FedCreditException.class,
        () -> JobSpec.load(Path.of("no-such-job.yaml"))).getMessage();
    assertTrue(notFound.contains("no-such-job.yaml does not exist"), notFound);
  }

  @Test
  void partiesListMapsIdsToRolesAndNamesTheFieldAtFault() {
    JobSpec spec = JobSpec.parse(VALID + "parties: {bank-a: bank, platform: data_node}\n",
        "job.yaml");
    assertEquals(java.util.Map.of("bank-a", io.fedcredit.crypto.pki.PartyRole.BANK,
        "platform", io.fedcredit.crypto.pki.PartyRole.DATA_NODE), spec.partyRoles());
    assertTrue(JobSpec.parse(VALID, "job.yaml").partyRoles().isEmpty());

    String role = error(VALID + "parties: {bank-a: auditor}\n");
    assertTrue(role.contains("field 'parties.bank-a'") && role.contains("auditor"), role);
    String coordinator = error(VALID + "parties: {hub: coordinator}\n");
    assertTrue(coordinator.contains("'parties.hub'") && coordinator.contains("bank or data-node"),
        coordinator);
    String list = error(VALID + "parties: [bank-a]\n");
    assertTrue(list.contains("field 'parties'"), list);
  }

  @Test
  void strategyNamesServerOptimizersAndFedProx() {
    String adam = VALID.replace("strategy: {name: fedavg,",
        "strategy: {name: fedadam, server_learning_rate: 0.1,");
    JobSpec spec = JobSpec.parse(adam, "job.yaml");
    String described = spec.toStrategy().describe();
    assertTrue(described.contains("fedadam(lr=0.1") && described.contains("FedAvg("), described);
    assertTrue(spec.toStrategy().privacy().startsWith("dp(central"), "DP still wraps it");
    assertEquals(0.0, spec.trainingConfig().proximalMu());

    JobSpec prox = JobSpec.parse(VALID.replace("name: fedavg", "name: fedprox"), "job.yaml");
    assertEquals(0.01, prox.trainingConfig().proximalMu());
    JobSpec prox2 = JobSpec.parse(VALID.replace("name: fedavg", "name: fedprox, proximal_mu: 0.5"),
        "job.yaml");
    assertEquals(0.5, prox2.trainingConfig().proximalMu());

    String e = error(VALID.replace("name: fedavg", "name: scaffold"));
    assertTrue(e.contains("strategy.name") && e.contains("fedyogi"), e);
    e = error(VALID.replace("name: fedavg", "name: fedavg, server_learning_rate: 0.1"));
    assertTrue(e.contains("strategy.server_learning_rate"), e);
  }

  /** VALID without secure aggregation and DP, five banks, with this strategy section. */
  private static String plaintext(String strategy) {
    return VALID.replace("secure_aggregation: {enabled: true, threshold: 0.8, delta_clip: 4}\n",
        "").replace("differential_privacy: {enabled: true, epsilon: 2.0, delta: 1.0e-6, "
        + "clip: 0.25}\n", "").replace("participants: {min: 2, allowed: [bank-a, bank-b]}",
        "participants: {min: 5}").replace("strategy: {name: fedavg, fraction_fit: 0.5, "
        + "min_results: 1, seed: 9}", "strategy: " + strategy);
  }

  @Test
  void strategyNamesRobustRules() {
    assertTrue(JobSpec.parse(plaintext("{name: median}"), "job.yaml").toStrategy().describe()
        .startsWith("RobustAggregation(median(), FedAvg("));
    assertTrue(JobSpec.parse(plaintext("{name: trimmed_mean, trim_fraction: 0.2}"), "job.yaml")
        .toStrategy().describe().contains("trimmed_mean(trim_fraction=0.2)"));
    assertTrue(JobSpec.parse(plaintext("{name: krum, byzantine: 1}"), "job.yaml").toStrategy()
        .describe().contains("krum(f=1)"));
    assertTrue(JobSpec.parse(plaintext("{name: multi_krum, byzantine: 1, selected: 3, "
        + "norm_bound: 2.5}"), "job.yaml").toStrategy().describe()
        .contains("multi_krum(f=1, m=3, norm_bound=2.5)"));
    // norm_bound on FedAvg is norm bounding; under a server optimizer it feeds the optimizer
    assertTrue(JobSpec.parse(plaintext("{name: fedavg, norm_bound: 1.0}"), "job.yaml")
        .toStrategy().describe().startsWith("RobustAggregation(mean(norm_bound=1.0), FedAvg("));
    assertTrue(JobSpec.parse(plaintext("{name: fedavgm, norm_bound: 1.0}"), "job.yaml")
        .toStrategy().describe().contains("fedavgm(lr=1.0, beta1=0.9, RobustAggregation(mean("));
    assertEquals("FedAvg", JobSpec.parse(plaintext("{name: fedavg}"), "job.yaml").toStrategy()
        .describe().substring(0, 6));
  }

  @Test
  void robustRulesRefuseSecureAggregationPaillierAndDp() {
    String e = error(VALID.replace("name: fedavg", "name: median"));
    assertTrue(e.contains("secure_aggregation") && e.contains("only their sum"), e);
    e = error(plaintext("{name: fedavg, norm_bound: 1.0}")
        + "paillier_aggregation: {enabled: true}\n");
    assertTrue(e.contains("paillier_aggregation") && e.contains("mean(norm_bound=1.0)"), e);
    e = error(plaintext("{name: trimmed_mean}")
        + "differential_privacy: {enabled: true, epsilon: 2.0, delta: 1.0e-6, clip: 0.25}\n");
    assertTrue(e.contains("differential_privacy"), e);
  }

  @Test
  void robustRulesNameTheFieldAtFault() {
    String e = error(plaintext("{name: krum}"));
    assertTrue(e.contains("strategy.byzantine") && e.contains("missing"), e);
    e = error(plaintext("{name: median, byzantine: 1}"));
    assertTrue(e.contains("strategy.byzantine") && e.contains("krum or multi_krum"), e);
    e = error(plaintext("{name: krum, trim_fraction: 0.2, byzantine: 1}"));
    assertTrue(e.contains("strategy.trim_fraction"), e);
    e = error(plaintext("{name: trimmed_mean, trim_fraction: 0.5}"));
    assertTrue(e.contains("trim_fraction must be in [0, 0.5)"), e);
    e = error(plaintext("{name: krum, byzantine: 2}"));
    assertTrue(e.contains("participants.min") && e.contains("at least 7"), e);
    e = error(plaintext("{name: median, norm_bound: -1}"));
    assertTrue(e.contains("norm_bound must be positive"), e);
  }
}
