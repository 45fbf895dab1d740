package io.fedcredit.examples;

import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.privacy.DpConfig;
import io.fedcredit.server.JobSpec;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import io.fedcredit.core.strategy.RobustAggregation;
import io.fedcredit.core.strategy.ServerOptimizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/fl simulate}: the federated machinery on the user's own CSV files. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate a federated job on CSV files, in one process over gRPC on loopback.",
    subcommands = {SimulateCommand.Horizontal.class, VerticalSimulateCommand.class})
public final class SimulateCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("name a simulation: simulate horizontal --help");
    return 2;
  }

  /** {@code simulate horizontal}. */
  @Command(name = "horizontal", mixinStandardHelpOptions = true,
      description = {"Banks with the same features train one model with FedAvg; the report "
          + "compares it with centralized training on the pooled rows and with each bank alone,",
          "all scored on the --test file. The last line of output is 'final auc=<x> ks=<y>'."})
  static final class Horizontal implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "NAME=FILE.csv",
        description = "A bank's labelled rows. Repeat per bank.")
    Map<String, Path> data = new LinkedHashMap<>();

    @Option(names = "--test", required = true, paramLabel = "FILE.csv",
        description = "Labelled rows every model is scored on.")
    Path test;

    @Option(names = "--bank-test", paramLabel = "NAME=FILE.csv",
        description = "Optional held-out rows of one bank, to score each model on that bank's "
            + "own book.")
    Map<String, Path> bankTests = new LinkedHashMap<>();

    @Option(names = "--model", defaultValue = "logreg",
        description = "logreg, mlp or gbdt (histogram boosting, histograms summed with secure "
            + "aggregation, in one process) (default: ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    TreeOptions tree = new TreeOptions();

    @Option(names = "--bins", defaultValue = "32",
        description = "gbdt: quantile bins per feature, agreed with a federated sketch "
            + "(default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--hidden", split = ",", paramLabel = "WIDTHS",
        description = "MLP hidden layer widths, e.g. 32,16 (default: 64,32).")
    List<Integer> hidden;

    @Option(names = "--rounds", defaultValue = "20", description = "Fit rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--local-epochs", description = "Local epochs per round (default: the model's).")
    Integer localEpochs;

    @Option(names = "--batch-size", description = "Mini-batch size (default: the model's).")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "Learning rate (default: the model's).")
    Double learningRate;

    @Option(names = "--secure-aggregation",
        description = "Aggregate with secure aggregation (Bonawitz et al.): the coordinator "
            + "sees only the sum of the banks' updates.")
    boolean secureAggregation;

    @Option(names = "--paillier",
        description = "Aggregate with Paillier encryption instead: the first bank (--data) "
            + "holds the job's key and decrypts only the sum; the coordinator adds ciphertexts.")
    boolean paillier;

    @Option(names = "--dp-epsilon", paramLabel = "E",
        description = "Client-level differential privacy with this epsilon budget over all "
            + "rounds (noise calibrated to spend it exactly).")
    Double dpEpsilon;

    @Option(names = "--dp-delta", defaultValue = "1e-5", paramLabel = "D",
        description = "The budget's delta (default: ${DEFAULT-VALUE}).")
    double dpDelta;

    @Option(names = "--dp-clip", defaultValue = "0.5", paramLabel = "C",
        description = "L2 clip norm of each bank's update under DP (default: ${DEFAULT-VALUE}).")
    double dpClip;

    @Option(names = "--dp-mode", defaultValue = "central",
        description = "central (noise added to the sum) or distributed (each bank adds its share;"
            + " pair with --secure-aggregation) (default: ${DEFAULT-VALUE}).")
    String dpMode;

    /** The same validation and defaults as a job spec's differential_privacy section. */
    DpConfig dpConfig() {
      if (dpEpsilon == null) {
        return null;
      }
      JobSpec.DifferentialPrivacySpec dp = new JobSpec.DifferentialPrivacySpec();
      dp.enabled = true;
      dp.epsilon = dpEpsilon;
      dp.delta = dpDelta;
      dp.clip = dpClip;
      dp.mode = dpMode;
      return dp.toConfig(rounds);
    }

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--split-banks", paramLabel = "N",
        description = "Pool the --data files' rows and deal them, in an order seeded by --seed, "
            + "to N banks of equal size named bank-00, bank-01, ...")
    Integer splitBanks;

    @Option(names = "--strategy", defaultValue = "fedavg", paramLabel = "NAME",
        description = "fedavg, or a robust rule (plaintext aggregation only): median, "
            + "trimmed_mean, krum or multi_krum (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--norm-bound", paramLabel = "C",
        description = "Clip each bank's update to L2 norm C before aggregating (with fedavg: "
            + "norm bounding).")
    Double normBound;

    @Option(names = "--trim-fraction", paramLabel = "BETA",
        description = "trimmed_mean: share trimmed at each end, in [0, 0.5) (default: 0.1).")
    Double trimFraction;

    @Option(names = "--byzantine", paramLabel = "F",
        description = "krum, multi_krum: how many banks may be Byzantine (required for them).")
    Integer byzantine;

    @Option(names = "--selected", paramLabel = "M",
        description = "multi_krum: how many updates are averaged (default: banks - F).")
    Integer selected;

    @Option(names = "--attack", paramLabel = "scale:FACTOR",
        description = "Adversarial simulation: the --attackers multiply the model delta they "
            + "upload by FACTOR (e.g. scale:100). Plaintext aggregation only.")
    String attack;

    @Option(names = "--attackers", split = ",", paramLabel = "BANK,...",
        description = "The banks that carry out --attack.")
    List<String> attackers;

    /** The same validation and defaults as a job spec's strategy section. */
    RobustAggregation.Config robustAggregation() {
      String n = strategy.trim().toLowerCase(java.util.Locale.ROOT);
      if (!n.equals("fedavg") && !JobSpec.isRobustStrategy(n)) {
        throw new IllegalArgumentException("--strategy '" + strategy + "': use fedavg, median, "
            + "trimmed_mean, krum or multi_krum (server optimizers: --server-optimizer)");
      }
      JobSpec.StrategySpec spec = new JobSpec.StrategySpec();
      spec.name = n;
      spec.normBound = normBound;
      spec.trimFraction = trimFraction;
      spec.byzantine = byzantine;
      spec.selected = selected;
      try {
        return spec.robustAggregation();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--strategy " + n + ": " + e.getMessage()
            + " (flags: strategy.byzantine is --byzantine, trim_fraction --trim-fraction, "
            + "selected --selected, norm_bound --norm-bound)", e);
      }
    }

    /** Refuses the options gbdt does not take, naming them. */
    void requireGbdtCompatible() {
      List<String> bad = new java.util.ArrayList<>();
      if (paillier) {
        bad.add("--paillier");
      }
      if (dpEpsilon != null) {
        bad.add("--dp-epsilon");
      }
      if (!strategy.trim().equalsIgnoreCase("fedavg")) {
        bad.add("--strategy");
      }
      if (attack != null) {
        bad.add("--attack");
      }
      if (tuning.serverOptimizer != null || tuning.personalize != null
          || tuning.proximalMu != 0) {
        bad.add("--server-optimizer/--personalize/--proximal-mu");
      }
      if (hidden != null || localEpochs != null || batchSize != null) {
        bad.add("--hidden/--local-epochs/--batch-size");
      }
      if (!bad.isEmpty()) {
        throw new IllegalArgumentException("--model gbdt does not take " + bad + " (it always "
            + "sums histograms with secure aggregation; --rounds is --trees)");
      }
    }

    /** The attack asked for, or null. */
    ScalingAttack scalingAttack() {
      if (attack == null) {
        if (attackers != null) {
          throw new IllegalArgumentException("--attackers needs --attack, e.g. --attack scale:100");
        }
        return null;
      }
      if (attackers == null) {
        throw new IllegalArgumentException("--attack needs --attackers BANK,...");
      }
      return ScalingAttack.parse(attack, attackers);
    }

    @Mixin
    Tuning tuning = new Tuning();

    @Option(names = "--id-column", defaultValue = "id", description = "Id column (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--label-column", defaultValue = "y", description = "Label column (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the JSON report here.")
    Path report;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write ROC and per-round AUC PNGs here.")
    Path plots;

    @Option(names = "--out", paramLabel = "DIR", description = "gbdt: export the model for "
        + "online scoring here (serving/<first bank>.fcm, whole, signed in a throw-away "
        + "federation on loopback, kits in serving/federation/kits), scored by bin/fl score.")
    Path out;

    @Override
    public Integer call() throws Exception {
      CsvTableReader reader =
          new CsvTableReader(CsvOptions.labelled(labelColumn).withIdColumn(idColumn));
      Map<String, FeatureTable> banks = new LinkedHashMap<>();
      for (Map.Entry<String, Path> e : data.entrySet()) {
        banks.put(e.getKey(), reader.read(e.getValue()));
      }
      if (splitBanks != null) {
        if (splitBanks < 1 || !bankTests.isEmpty()) {
          throw new IllegalArgumentException("--split-banks must be at least 1 and cannot be "
              + "combined with --bank-test, got " + splitBanks);
        }
        banks = new LinkedHashMap<>(DpUtilityCommand.deal(
            FeatureTable.concat(List.copyOf(banks.values())), splitBanks, seed));
      }
      Map<String, FeatureTable> perBank = new LinkedHashMap<>();
      for (Map.Entry<String, Path> e : bankTests.entrySet()) {
        if (!banks.containsKey(e.getKey())) {
          throw new IllegalArgumentException("--bank-test names '" + e.getKey()
              + "', which is not a bank given with --data " + banks.keySet());
        }
        perBank.put(e.getKey(), reader.read(e.getValue()));
      }
      FeatureTable testTable = reader.read(test);
      if (model.trim().equalsIgnoreCase("gbdt")) {
        requireGbdtCompatible();
        BoostingConfig b = tree.config(learningRate, bins, seed);
        GbdtSimulation.run(new GbdtSimulation.Config("simulation", banks, perBank, testTable, b),
            report, plots, out, System.out);
        return 0;
      }
      if (out != null) {
        throw new IllegalArgumentException("--out exports --model gbdt for online scoring; a "
            + "linear horizontal model is exported by the coordinator (checkpoints)");
      }
      FeatureTable first = banks.values().iterator().next();
      ModelSpec.Kind kind = ModelSpec.Kind.parse(model);
      ModelSpec spec = kind == ModelSpec.Kind.MLP && hidden != null
          ? ModelSpec.mlp(first.numFeatures(), hidden, seed)
          : Models.defaultSpec(kind, first.numFeatures(), seed);
      TrainingConfig training = training(kind, seed, localEpochs, batchSize, learningRate);
      HorizontalSimulation.Config cfg = new HorizontalSimulation.Config("simulation", banks,
          perBank, testTable, spec, rounds, training, seed, true,
          secureAggregation ? SecureAggregationConfig.defaults() : null, dpConfig(),
          paillier(secureAggregation, paillier, banks.keySet().iterator().next()))
          .withOptimization(tuning.serverOptimizer(), tuning.personalize);
      Runner.run(tuning.applyTo(cfg).withRobustness(robustAggregation(), scalingAttack()),
          report, plots, System.out);
      return 0;
    }
  }

  /** Options shared by {@code simulate horizontal} and {@code demo}: server optimizer, personalization. */
  static final class Tuning {
    @Option(names = "--server-optimizer", paramLabel = "NAME",
        description = "Server optimizer around FedAvg: fedavgm, fedadagrad, fedadam or fedyogi "
            + "(Reddi et al.); acts on the aggregate only. Default: plain FedAvg.")
    String serverOptimizer;

    @Option(names = "--server-lr", paramLabel = "ETA",
        description = "Server learning rate (default: 1.0 for fedavgm, 0.1 for the others).")
    Double serverLearningRate;

    @Option(names = "--proximal-mu", paramLabel = "MU",
        description = "FedProx: each bank's local objective gains (MU/2)|w - w_global|^2 "
            + "(default: 0, plain FedAvg).")
    double proximalMu;

    @Option(names = "--personalize", paramLabel = "METHOD",
        description = "Every bank also builds a personal model and scores it on its own test "
            + "rows: finetune, ditto or fedper (MLP only).")
    String personalize;

    /** The config with FedProx's proximal term on the banks' training, if asked for. */
    HorizontalSimulation.Config applyTo(HorizontalSimulation.Config c) {
      return proximalMu == 0 ? c : new HorizontalSimulation.Config(c.jobId(), c.banks(),
          c.bankTests(), c.test(), c.spec(), c.rounds(), c.training().withProximalMu(proximalMu),
          c.seed(), c.baselines(), c.secureAggregation(), c.dp(), c.paillier(),
          c.serverOptimizer(), c.personalize(), c.robust(), c.attack(), c.customStrategy());
    }

    /** The server optimizer asked for, or null. */
    ServerOptimizer.Config serverOptimizer() {
      if (serverOptimizer == null) {
        if (serverLearningRate != null) {
          throw new IllegalArgumentException("--server-lr needs --server-optimizer");
        }
        return null;
      }
      ServerOptimizer.Config d =
          ServerOptimizer.Config.defaults(ServerOptimizer.Kind.parse(serverOptimizer));
      return serverLearningRate == null ? d : new ServerOptimizer.Config(d.kind(),
          serverLearningRate, d.beta1(), d.beta2(), d.tau());
    }
  }

  /**
   * Paillier aggregation with {@code keyHolder} holding the key, or null when not asked for.
   *
   * @throws IllegalArgumentException when secure aggregation is asked for too
   */
  static PaillierAggregationConfig paillier(boolean secureAggregation, boolean paillier,
      String keyHolder) {
    if (!paillier) {
      return null;
    }
    if (secureAggregation) {
      throw new IllegalArgumentException("--secure-aggregation and --paillier are two ways of "
          + "aggregating; choose one");
    }
    return PaillierAggregationConfig.defaults().withKeyHolder(keyHolder);
  }

  /** The model's default training, with the user's overrides. */
  static TrainingConfig training(ModelSpec.Kind kind, long seed, Integer epochs, Integer batch,
      Double lr) {
    TrainingConfig d = Models.defaultTraining(kind, seed);
    return new TrainingConfig(epochs != null ? epochs : d.localEpochs(),
        batch != null ? batch : d.batchSize(), lr != null ? lr : d.learningRate(), d.l2(),
        d.seed(), d.optimizer());
  }
}
