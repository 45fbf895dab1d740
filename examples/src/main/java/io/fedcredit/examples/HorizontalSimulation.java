package io.fedcredit.examples;

import io.fedcredit.client.BankClient;
import io.fedcredit.client.FederationResult;
import io.fedcredit.client.Personalization;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.model.FederatedModel;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.model.Predictor;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.privacy.DifferentialPrivacy;
import io.fedcredit.core.privacy.DpConfig;
import io.fedcredit.core.privacy.GaussianNoise;
import io.fedcredit.core.privacy.PrivacyReport;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.strategy.Strategy;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.strategy.RobustAggregation;
import io.fedcredit.core.strategy.ServerOptimizer;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.server.Coordinator;
import io.fedcredit.server.JobSpec;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.fedcredit.server.JobStore;
import io.fedcredit.server.RoundController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs a horizontal job end to end in one process, over real gRPC on 127.0.0.1: a coordinator
 * and one {@link BankClient} per bank, each on its own thread and channel. The harness also
 * trains the baselines a researcher compares against: centralized (all banks' rows pooled) and
 * each bank alone, with the same model and training settings, all evaluated on the same test
 * table. The baselines train up to 200 epochs with early stopping on the same held-out 20% of
 * rows the federated clients evaluate on. The coordinator never sees a row; only the harness,
 * which plays every role, holds the test table.
 */
public final class HorizontalSimulation {

  /**
   * What to simulate.
   *
   * @param jobId job id
   * @param banks each bank's training table (labelled, same features)
   * @param bankTests optional per-bank test tables (same distribution as the bank's rows); the
   *     report then gives each model's AUC on each bank's own rows
   * @param test the pooled test table every model is scored on
   * @param spec model spec (features = the banks' features)
   * @param rounds fit rounds
   * @param training local training per round
   * @param seed seed of sampling and local shuffling
   * @param baselines whether to train the centralized and bank-alone baselines too
   * @param secureAggregation secure aggregation settings, or null
   * @param dp client-level differential privacy, or null
   * @param paillier Paillier aggregation settings, or null (with neither this nor
   *     {@code secureAggregation}, aggregation is in plaintext)
   * @param serverOptimizer a server optimizer (FedAvgM, FedAdam, ...) around FedAvg, or null
   * @param personalize {@code finetune}, {@code ditto} or {@code fedper}: every bank also
   *     builds a personal model, scored on its own test rows; or null
   * @param robust robust aggregation around FedAvg (plaintext aggregation only), or null
   * @param attack banks that scale their uploaded deltas, for adversarial experiments; or null
   * @param customStrategy a strategy of the caller's around FedAvg (after any robust rule, inside
   *     any server optimizer and DP), e.g. a {@link io.fedcredit.core.strategy.ForwardingStrategy}
   *     with its own {@code aggregateFit}; or null
   */
  public record Config(
      String jobId,
      Map<String, FeatureTable> banks,
      Map<String, FeatureTable> bankTests,
      FeatureTable test,
      ModelSpec spec,
      int rounds,
      TrainingConfig training,
      long seed,
      boolean baselines,
      SecureAggregationConfig secureAggregation,
      DpConfig dp,
      PaillierAggregationConfig paillier,
      ServerOptimizer.Config serverOptimizer,
      String personalize,
      RobustAggregation.Config robust,
      ScalingAttack attack,
      UnaryOperator<Strategy> customStrategy) {
    /** A simulation without robust aggregation or attack. */
    public Config(String jobId, Map<String, FeatureTable> banks,
        Map<String, FeatureTable> bankTests, FeatureTable test, ModelSpec spec, int rounds,
        TrainingConfig training, long seed, boolean baselines,
        SecureAggregationConfig secureAggregation, DpConfig dp,
        PaillierAggregationConfig paillier, ServerOptimizer.Config serverOptimizer,
        String personalize) {
      this(jobId, banks, bankTests, test, spec, rounds, training, seed, baselines,
          secureAggregation, dp, paillier, serverOptimizer, personalize, null, null, null);
    }

    /** A simulation with FedAvg's own update and no personalization. */
    public Config(String jobId, Map<String, FeatureTable> banks,
        Map<String, FeatureTable> bankTests, FeatureTable test, ModelSpec spec, int rounds,
        TrainingConfig training, long seed, boolean baselines,
        SecureAggregationConfig secureAggregation, DpConfig dp,
        PaillierAggregationConfig paillier) {
      this(jobId, banks, bankTests, test, spec, rounds, training, seed, baselines,
          secureAggregation, dp, paillier, null, null);
    }

    /** The same simulation with a server optimizer and a personalization (each may be null). */
    public Config withOptimization(ServerOptimizer.Config optimizer, String personalization) {
      return new Config(jobId, banks, bankTests, test, spec, rounds, training, seed, baselines,
          secureAggregation, dp, paillier, optimizer, personalization, robust, attack,
          customStrategy);
    }

    /** The same simulation with robust aggregation and an attack (each may be null). */
    public Config withRobustness(RobustAggregation.Config robustAggregation,
        ScalingAttack scalingAttack) {
      return new Config(jobId, banks, bankTests, test, spec, rounds, training, seed, baselines,
          secureAggregation, dp, paillier, serverOptimizer, personalize, robustAggregation,
          scalingAttack, customStrategy);
    }

    /** The same simulation with the caller's strategy around FedAvg (see the record's doc). */
    public Config withStrategy(UnaryOperator<Strategy> strategy) {
      return new Config(jobId, banks, bankTests, test, spec, rounds, training, seed, baselines,
          secureAggregation, dp, paillier, serverOptimizer, personalize, robust, attack,
          strategy);
    }

    /** A simulation without Paillier aggregation. */
    public Config(String jobId, Map<String, FeatureTable> banks,
        Map<String, FeatureTable> bankTests, FeatureTable test, ModelSpec spec, int rounds,
        TrainingConfig training, long seed, boolean baselines,
        SecureAggregationConfig secureAggregation, DpConfig dp) {
      this(jobId, banks, bankTests, test, spec, rounds, training, seed, baselines,
          secureAggregation, dp, null);
    }

    public Config {
      if (personalize != null) {
        personalization(personalize, training); // fails early, naming the accepted methods
      }
      banks = new LinkedHashMap<>(banks);
      bankTests = new LinkedHashMap<>(bankTests);
      Objects.requireNonNull(test, "test");
      if (banks.isEmpty()) {
        throw new IllegalArgumentException("at least one bank is needed");
      }
      if (robust != null) {
        JobSpec.requirePlaintextAggregation(robust,
            secureAggregation != null ? "--secure-aggregation" : null,
            paillier != null ? "--paillier" : null, dp != null ? "--dp-epsilon" : null);
        if (banks.size() < robust.minimumUpdates()) {
          throw new IllegalArgumentException(robust.describe() + " needs at least "
              + robust.minimumUpdates() + " banks (2 * byzantine + 3), got " + banks.size());
        }
      }
      if (attack != null) {
        if (secureAggregation != null || paillier != null) {
          throw new IllegalArgumentException("--attack rewrites plaintext updates and cannot "
              + "act under --secure-aggregation or --paillier");
        }
        if (!banks.keySet().containsAll(attack.attackers())) {
          throw new IllegalArgumentException("--attackers " + attack.attackers()
              + " names banks that are not in the simulation " + banks.keySet());
        }
      }
    }
  }

  /**
   * A simulation set up in a few calls, for notebooks and tests: logistic regression with its
   * default training, 10 rounds, seed 42, baselines on, plaintext aggregation unless asked
   * otherwise. Only the banks and the test table are required.
   *
   * <pre>{@code
   * Result r = HorizontalSimulation.builder().banks(banks).test(test).rounds(8).seed(7)
   *     .strategy(fedAvg -> new MyStrategy(fedAvg)).run();
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link Config}. Every setter returns a new builder and leaves the one it is called
   * on unchanged, so one base setup can branch into variants ({@code base.paillier()},
   * {@code base.dp(1, 1e-5, 0.5)}) without one leaking into the next.
   */
  public static final class Builder {
    private String jobId = "simulation";
    private Map<String, FeatureTable> banks;
    private Map<String, FeatureTable> bankTests = Map.of();
    private FeatureTable test;
    private ModelSpec.Kind kind = ModelSpec.Kind.LOGREG;
    private int rounds = 10;
    private long seed = 42;
    private TrainingConfig training;
    private boolean baselines = true;
    private SecureAggregationConfig secureAggregation;
    private boolean paillier;
    private double[] dpBudget;
    private DpConfig dpConfig;
    private ServerOptimizer.Config serverOptimizer;
    private UnaryOperator<Strategy> strategy;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.jobId = jobId;
      b.banks = banks;
      b.bankTests = bankTests;
      b.test = test;
      b.kind = kind;
      b.rounds = rounds;
      b.seed = seed;
      b.training = training;
      b.baselines = baselines;
      b.secureAggregation = secureAggregation;
      b.paillier = paillier;
      b.dpBudget = dpBudget;
      b.dpConfig = dpConfig;
      b.serverOptimizer = serverOptimizer;
      b.strategy = strategy;
      return b;
    }

    /** The job id (default {@code simulation}). */
    public Builder jobId(String value) {
      Builder b = copy();
      b.jobId = value;
      return b;
    }

    /** Each bank's labelled training rows, by bank name (required). */
    public Builder banks(Map<String, FeatureTable> value) {
      Builder b = copy();
      b.banks = value;
      return b;
    }

    /** Each bank's own test rows, to score every model on each bank's book (optional). */
    public Builder bankTests(Map<String, FeatureTable> value) {
      Builder b = copy();
      b.bankTests = value;
      return b;
    }

    /** The pooled test rows every model is scored on (required). */
    public Builder test(FeatureTable value) {
      Builder b = copy();
      b.test = value;
      return b;
    }

    /** Logistic regression (the default) or an MLP, with the model's default training. */
    public Builder model(ModelSpec.Kind value) {
      Builder b = copy();
      b.kind = value;
      return b;
    }

    /** Fit rounds (default 10). */
    public Builder rounds(int value) {
      Builder b = copy();
      b.rounds = value;
      return b;
    }

    /** Seed of the model's initialization, sampling and local shuffling (default 42). */
    public Builder seed(long value) {
      Builder b = copy();
      b.seed = value;
      return b;
    }

    /** Local training per round (default: the model's, seeded by {@link #seed}). */
    public Builder training(TrainingConfig value) {
      Builder b = copy();
      b.training = value;
      return b;
    }

    /** Whether to train the centralized and bank-alone baselines too (default true). */
    public Builder baselines(boolean value) {
      Builder b = copy();
      b.baselines = value;
      return b;
    }

    /** Aggregate with secure aggregation's default settings. */
    public Builder secureAggregation() {
      Builder b = copy();
      b.secureAggregation = SecureAggregationConfig.defaults();
      return b;
    }

    /** Aggregate with Paillier encryption, the first bank holding the key. */
    public Builder paillier() {
      Builder b = copy();
      b.paillier = true;
      return b;
    }

    /**
     * Client-level DP with central noise calibrated so that all rounds spend at most
     * {@code (epsilon, delta)}, each bank's update clipped to L2 norm {@code clip}.
     */
    public Builder dp(double epsilon, double delta, double clip) {
      Builder b = copy();
      b.dpBudget = new double[] {epsilon, delta, clip};
      b.dpConfig = null;
      return b;
    }

    /** Client-level DP with these settings (noise, clipping, budget), instead of a budget. */
    public Builder dp(DpConfig value) {
      Builder b = copy();
      b.dpConfig = value;
      b.dpBudget = null;
      return b;
    }

    /** A server optimizer (FedAdam, FedYogi, ...) around the aggregation. */
    public Builder serverOptimizer(ServerOptimizer.Config value) {
      Builder b = copy();
      b.serverOptimizer = value;
      return b;
    }

    /**
     * The caller's strategy around FedAvg: a function from the FedAvg the simulation builds to
     * the strategy the coordinator runs, e.g. {@code fedAvg -> new MyStrategy(fedAvg)}.
     */
    public Builder strategy(UnaryOperator<Strategy> value) {
      Builder b = copy();
      b.strategy = value;
      return b;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming a missing or invalid setting
     */
    public Config build() {
      if (banks == null || banks.isEmpty()) {
        throw new IllegalArgumentException("banks: name at least one bank's training table");
      }
      if (test == null) {
        throw new IllegalArgumentException("test: the pooled test table is required");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
      }
      if (paillier && secureAggregation != null) {
        throw new IllegalArgumentException("secureAggregation and paillier are two ways of "
            + "aggregating; choose one");
      }
      int d = banks.values().iterator().next().numFeatures();
      DpConfig dp = dpBudget == null ? dpConfig
          : DpConfig.centralForBudget(dpBudget[0], dpBudget[1], rounds, dpBudget[2]);
      PaillierAggregationConfig p = paillier
          ? PaillierAggregationConfig.defaults().withKeyHolder(banks.keySet().iterator().next())
          : null;
      return new Config(jobId, banks, bankTests, test, Models.defaultSpec(kind, d, seed), rounds,
          training != null ? training : Models.defaultTraining(kind, seed), seed, baselines,
          secureAggregation, dp, p, serverOptimizer, null, null, null, strategy);
    }

    /** Builds the config and runs the simulation. */
    public Result run() throws Exception {
      return new HorizontalSimulation(build(), m -> { }).run();
    }
  }

  /** Metrics of one round's global model. */
  public record RoundMetrics(
      long round,
      EvaluationMetrics test,
      EvaluationMetrics federatedEvaluation,
      double trainLoss,
      long millis,
      Map<String, Double> bankAuc) {}

  /**
   * Everything a run measured. {@code centralized} and {@code testScoresCentralized} are null,
   * and {@code local} and {@code bankAuc} empty, when the config turned baselines off.
   */
  public record Result(
      List<RoundMetrics> rounds,
      EvaluationMetrics federated,
      EvaluationMetrics centralized,
      Map<String, EvaluationMetrics> local,
      Map<String, Map<String, Double>> bankAuc,
      GlobalModel model,
      double[] testScoresFederated,
      double[] testScoresCentralized,
      long federatedMillis,
      List<PrivacyReport> privacy) {

    /** The round numbers, for the x axis of a per-round chart. */
    public double[] roundNumbers() {
      return rounds.stream().mapToDouble(RoundMetrics::round).toArray();
    }

    /** The test AUC of each round's global model, in round order. */
    public double[] testAucPerRound() {
      return rounds.stream().mapToDouble(r -> r.test().auc()).toArray();
    }

    /**
     * The AUC of each round's global model on one bank's own test rows, in round order (NaN
     * where that bank has none).
     */
    public double[] bankAucPerRound(String bank) {
      return rounds.stream().mapToDouble(r -> r.bankAuc().getOrDefault(bank, Double.NaN))
          .toArray();
    }

    /**
     * The baselines' test AUC, for reference lines: {@code centralized (pooled rows)}, then
     * {@code <bank> alone} for each bank; empty without baselines.
     */
    public Map<String, Double> baselineAuc() {
      Map<String, Double> out = new LinkedHashMap<>();
      if (centralized != null) {
        out.put("centralized (pooled rows)", centralized.auc());
      }
      local.forEach((bank, m) -> out.put(bank + " alone", m.auc()));
      return out;
    }
  }

  private static List<PrivacyReport> reports(DifferentialPrivacy dp) {
    return dp == null ? List.of() : dp.reports();
  }

  private final Config config;
  private final Consumer<RoundMetrics> onRound;

  public HorizontalSimulation(Config config, Consumer<RoundMetrics> onRound) {
    this.config = config;
    this.onRound = onRound;
  }

  /** Runs the federated job, then the baselines. */
  public Result run() throws Exception {
    List<String> features = config.spec().numFeatures() == firstBank().numFeatures()
        ? firstBank().schema().featureNames() : null;
    if (features == null) {
      throw new IllegalArgumentException("spec has " + config.spec().numFeatures()
          + " features, banks have " + firstBank().numFeatures());
    }
    FeatureTable test = config.test().withFeatures(features);
    int n = config.banks().size();
    HorizontalJobConfig job = new HorizontalJobConfig(config.jobId(), config.spec(), features,
        config.rounds(), n, Set.copyOf(config.banks().keySet()), true, 600_000, 120_000,
        600_000, 5_000, config.secureAggregation(), config.paillier());
    FedAvg fedAvg = new FedAvg(FedAvg.Config.everyone(n, config.training(), config.seed()));
    Strategy robust = config.robust() == null ? fedAvg
        : new RobustAggregation(fedAvg, config.robust());
    Strategy aggregation = config.customStrategy() == null ? robust
        : Objects.requireNonNull(config.customStrategy().apply(robust), "customStrategy");
    Strategy base = config.serverOptimizer() == null ? aggregation
        : new ServerOptimizer(aggregation, config.serverOptimizer());
    DifferentialPrivacy dp = config.dp() == null ? null : new DifferentialPrivacy(base,
        config.dp(), fedAvg.config().fractionFit(), GaussianNoise.secure());
    Strategy strategy = dp == null ? base : dp;
    Map<String, Personalization.PersonalModel> personal = new LinkedHashMap<>();

    List<RoundMetrics> rounds = new ArrayList<>();
    long started = System.nanoTime();
    GlobalModel finalModel;
    try (Coordinator coordinator = Coordinator.listening(TransportSecurity.plaintextForTesting(),
        "127.0.0.1", 0, JobStore.none())) {
      RoundController controller = coordinator.addJob(job, strategy);
      controller.addListener(new RoundEvaluator(test, rounds));
      coordinator.start();
      String target = "127.0.0.1:" + coordinator.port();
      ExecutorService pool = Executors.newFixedThreadPool(n);
      List<Future<FederationResult>> futures = new ArrayList<>();
      List<BankClient> clients = new ArrayList<>();
      List<ManagedChannel> attackChannels = new ArrayList<>();
      try {
        for (Map.Entry<String, FeatureTable> bank : config.banks().entrySet()) {
          BankClient.Builder builder = BankClient.builder();
          if (config.attack() != null && config.attack().attackers().contains(bank.getKey())) {
            ManagedChannel ch = TransportSecurity.plaintextForTesting().channel(target);
            attackChannels.add(ch);
            builder.channel(ClientInterceptors.intercept(ch, config.attack().interceptor()));
          } else {
            builder.coordinator(target, TransportSecurity.plaintextForTesting());
          }
          builder
              .jobId(config.jobId())
              .participantId(bank.getKey())
              .trainingData(bank.getValue())
              .validationSplitSeed(config.seed())
              .callTimeout(Duration.ofMinutes(5));
          if (config.personalize() != null) {
            builder.personalization(personalization(config.personalize(), config.training()));
          }
          BankClient client = builder.build();
          clients.add(client);
          futures.add(pool.submit(client::run));
        }
        List<String> names = List.copyOf(config.banks().keySet());
        for (int i = 0; i < futures.size(); i++) {
          FederationResult fr = futures.get(i).get();
          String name = names.get(i);
          fr.personal().ifPresent(pm -> personal.put(name, pm));
        }
        finalModel = controller.result().get(1, TimeUnit.MINUTES);
      } finally {
        pool.shutdownNow();
        clients.forEach(BankClient::close);
        attackChannels.forEach(ManagedChannel::shutdownNow);
      }
    }
    long federatedMillis = (System.nanoTime() - started) / 1_000_000;

    double[] y = test.labels();
    double[] fedScores = Predictor.of(finalModel).predict(test);
    EvaluationMetrics federated = BinaryMetrics.evaluate(fedScores, y);
    if (!config.baselines()) {
      return new Result(rounds, federated, null, Map.of(), Map.of(), finalModel, fedScores, null,
          federatedMillis, reports(dp));
    }

    // every party trains on the same 80% of each bank's rows (BankClient holds out 20%, seeded
    // by the same seed, for federated evaluation). The baselines use that 20% for early stopping,
    // so each is the best its data allows, not one cut short at the federated epoch count.
    Map<String, FeatureTable.Split> splits = new LinkedHashMap<>();
    config.banks().forEach((name, table) ->
        splits.put(name, table.withFeatures(features).split(0.2, config.seed())));
    Trained central = trainAlone(
        FeatureTable.concat(splits.values().stream().map(FeatureTable.Split::train).toList()),
        FeatureTable.concat(splits.values().stream().map(FeatureTable.Split::test).toList()));
    double[] centralScores = central.predict(test);
    EvaluationMetrics centralized = BinaryMetrics.evaluate(centralScores, y);

    Map<String, EvaluationMetrics> local = new LinkedHashMap<>();
    Map<String, Trained> localModels = new LinkedHashMap<>();
    for (Map.Entry<String, FeatureTable.Split> bank : splits.entrySet()) {
      Trained t = trainAlone(bank.getValue().train(), bank.getValue().test());
      localModels.put(bank.getKey(), t);
      local.put(bank.getKey(), BinaryMetrics.evaluate(t.predict(test), y));
    }

    Map<String, Map<String, Double>> bankAuc = new LinkedHashMap<>();
    for (Map.Entry<String, FeatureTable> bt : config.bankTests().entrySet()) {
      FeatureTable t = bt.getValue().withFeatures(features);
      double[] ty = t.labels();
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("federated", BinaryMetrics.auc(Predictor.of(finalModel).predict(t), ty));
      m.put("centralized", BinaryMetrics.auc(central.predict(t), ty));
      Trained own = localModels.get(bt.getKey());
      if (own != null) {
        m.put("local", BinaryMetrics.auc(own.predict(t), ty));
      }
      Personalization.PersonalModel mine = personal.get(bt.getKey());
      if (mine != null) {
        m.put("personalized", BinaryMetrics.auc(Predictor.of(mine.model()).predict(t), ty));
      }
      bankAuc.put(bt.getKey(), m);
    }
    return new Result(rounds, federated, centralized, local, bankAuc, finalModel, fedScores,
        centralScores, federatedMillis, reports(dp));
  }

  /** Ditto's proximal weight in simulations: halfway between the bank's own and the global. */
  static final double DITTO_LAMBDA = 0.5;
  /** Fine-tuning epochs at most, and epochs without a better validation AUC before stopping. */
  static final int TUNING_MAX_EPOCHS = 30;
  static final int TUNING_PATIENCE = 3;

  /**
   * A fresh personalization by name, tuned with the job's local training settings.
   *
   * @throws IllegalArgumentException naming the accepted methods
   */
  static Personalization personalization(String method, TrainingConfig jobTraining) {
    TrainingConfig training = jobTraining.withProximalMu(0); // FedProx's term is the job's, not ours
    return switch (method.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "finetune" -> Personalization.fineTune(training, TUNING_MAX_EPOCHS, TUNING_PATIENCE);
      case "ditto" -> Personalization.ditto(training, DITTO_LAMBDA);
      case "fedper" -> Personalization.fedPer(training, TUNING_MAX_EPOCHS, TUNING_PATIENCE);
      default -> throw new IllegalArgumentException("unknown personalization '" + method
          + "': use finetune, ditto or fedper");
    };
  }

  private FeatureTable firstBank() {
    return config.banks().values().iterator().next();
  }

  /** A model trained on one table, standardized with that table's own moments. */
  private record Trained(Standardizer standardizer, FederatedModel model) {
    double[] predict(FeatureTable raw) {
      return model.predict(standardizer.apply(raw));
    }
  }

  /** Most epochs a baseline trains for, and how many without improvement stop it. */
  static final int BASELINE_MAX_EPOCHS = 200;
  static final int BASELINE_PATIENCE = 10;

  /**
   * A baseline: trains one epoch at a time (fresh shuffle seed each, as FedAvg rounds would)
   * and keeps the parameters with the lowest validation log-loss, stopping after
   * {@link #BASELINE_PATIENCE} epochs without improvement or at {@link #BASELINE_MAX_EPOCHS}.
   * Standardized with the training table's own moments.
   */
  private Trained trainAlone(FeatureTable train, FeatureTable validation) {
    Standardizer s = Standardizer.fromMoments(Standardizer.moments(train));
    FederatedModel m = Models.create(config.spec());
    FeatureTable std = s.apply(train);
    FeatureTable stdValidation = s.apply(validation);
    double[] vy = stdValidation.labels();
    TrainingConfig one = config.training().withEpochs(1).withProximalMu(0); // no FedProx alone
    double best = Double.POSITIVE_INFINITY;
    double[] bestParams = m.parameters();
    int sinceBest = 0;
    for (int e = 0; e < BASELINE_MAX_EPOCHS && sinceBest < BASELINE_PATIENCE; e++) {
      m.train(std, one.withSeed(config.seed() * 1_000_003L + e));
      double loss = BinaryMetrics.logLoss(m.predict(stdValidation), vy);
      if (loss < best - 1e-6) {
        best = loss;
        bestParams = m.parameters();
        sinceBest = 0;
      } else {
        sinceBest++;
      }
    }
    m.setParameters(bestParams);
    return new Trained(s, m);
  }

  /** Scores each round's global model on the harness's test table (the harness plays all roles). */
  private final class RoundEvaluator implements HorizontalTrainingProtocol.Listener {
    private final FeatureTable test;
    private final List<RoundMetrics> out;
    private HorizontalTrainingProtocol.RoundOutcome pending;
    private long roundStart = System.nanoTime();
    private long timedRound = -1;

    RoundEvaluator(FeatureTable test, List<RoundMetrics> out) {
      this.test = test;
      this.out = out;
    }

    @Override
    public void onPhaseStarted(HorizontalTrainingProtocol.Phase phase, long round,
        List<String> participants) {
      // a round's time runs from its first phase, as the coordinator counts it
      if (round != timedRound && phase.canStartRound()) {
        roundStart = System.nanoTime();
        timedRound = round;
      }
    }

    @Override
    public void onRoundCompleted(HorizontalTrainingProtocol.RoundOutcome outcome) {
      pending = outcome;
    }

    @Override
    public void onEvaluated(long round, java.util.Optional<EvaluationMetrics> metrics,
        List<String> evaluators, List<io.fedcredit.core.strategy.Failure> failures) {
      HorizontalTrainingProtocol.RoundOutcome o = pending;
      if (o == null) {
        return;
      }
      pending = null;
      Predictor p = Predictor.of(o.model());
      EvaluationMetrics t = BinaryMetrics.evaluate(p.predict(test), test.labels());
      Map<String, Double> perBank = new LinkedHashMap<>();
      for (Map.Entry<String, FeatureTable> bt : config.bankTests().entrySet()) {
        FeatureTable bank = bt.getValue().withFeatures(o.model().featureNames());
        perBank.put(bt.getKey(), BinaryMetrics.auc(p.predict(bank), bank.labels()));
      }
      RoundMetrics rm = new RoundMetrics(round, t, metrics.orElse(null), o.meanTrainLoss(),
          (System.nanoTime() - roundStart) / 1_000_000, perBank);
      out.add(rm);
      onRound.accept(rm);
    }
  }
}
