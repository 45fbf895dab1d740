package io.fedcredit.examples;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.SyntheticCreditData;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/fl demo}: three banks of very different sizes and industry mixes, a coordinator, one
 * process, real gRPC on loopback, synthetic data.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Coordinator and three synthetic banks (20,000 / 5,000 / 600 loans) in one "
        + "process over gRPC on 127.0.0.1.",
        "Prints a per-round table and compares the federated model with centralized training and "
            + "with each bank alone; writes PNG plots and a JSON report."})
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--out", defaultValue = "fl-demo-out",
      description = "Output folder for plots and report (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--model", defaultValue = "mlp",
      description = "mlp or logreg (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--rounds", defaultValue = "15", description = "Fit rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--secure-aggregation",
      description = "Aggregate with secure aggregation (Bonawitz et al.): the coordinator "
          + "sees only the sum of the banks' updates.")
  boolean secureAggregation;

  @Option(names = "--paillier",
      description = "Aggregate with Paillier encryption instead: the first bank holds the job's "
          + "key and decrypts only the sum; the coordinator adds ciphertexts.")
  boolean paillier;

  @Option(names = "--vertical", negatable = true, defaultValue = "true",
      description = "Also run the vertical part: PSI, federated WOE and hetero LR between a "
          + "bank and the platform, ending in a scorecard (default: ${DEFAULT-VALUE}).")
  boolean vertical;

  @Option(names = "--seed", defaultValue = "7", description = "Data and training seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--banks", defaultValue = "demo",
      description = "demo (three banks, one credit standard) or heterogeneous (six banks of 600 "
          + "to 20,000 loans, each with its own credit standards) (default: ${DEFAULT-VALUE}).")
  String bankSet;

  @picocli.CommandLine.Mixin
  SimulateCommand.Tuning tuning = new SimulateCommand.Tuning();

  @Override
  public Integer call() throws Exception {
    SyntheticCreditData.HorizontalSplit split = SyntheticCreditData.builder().seed(seed)
        .banks(switch (bankSet) {
          case "demo" -> SyntheticCreditData.demoBanks();
          case "heterogeneous" -> SyntheticCreditData.heterogeneousBanks();
          default -> throw new IllegalArgumentException(
              "--banks must be demo or heterogeneous, got '" + bankSet + "'");
        }).testRowsPerBank(2000).build().horizontal();
    Map<String, FeatureTable> banks = split.trainByBank();
    Map<String, FeatureTable> bankTests = split.testByBank();
    int d = SyntheticCreditData.ALL_FEATURES.size();
    ModelSpec.Kind kind = ModelSpec.Kind.parse(model);
    ModelSpec spec = Models.defaultSpec(kind, d, seed);
    TrainingConfig training = Models.defaultTraining(kind, seed);
    HorizontalSimulation.Config cfg = new HorizontalSimulation.Config("demo", banks, bankTests,
        split.pooledTest(), spec, rounds, training, seed, true,
        secureAggregation ? SecureAggregationConfig.defaults() : null, null,
        SimulateCommand.paillier(secureAggregation, paillier, banks.keySet().iterator().next()))
        .withOptimization(tuning.serverOptimizer(), tuning.personalize);
    System.out.println("FedCredit demo: synthetic SME credit data, " + d + " features ("
        + SyntheticCreditData.PLATFORM_FEATURES.size() + " platform, "
        + SyntheticCreditData.BANK_FEATURES.size() + " bank); the coordinator sees no row.");
    Runner.run(tuning.applyTo(cfg), out.resolve("report.json"), out, System.out);
    if (vertical) {
      VerticalDemo.run(seed, out, System.out);
    }
    return 0;
  }
}
