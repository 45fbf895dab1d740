package io.fedcredit.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.config.StrictYaml;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.privacy.DifferentialPrivacy;
import io.fedcredit.core.privacy.DpConfig;
import io.fedcredit.core.privacy.GaussianNoise;
import io.fedcredit.core.protocol.BoostingJobConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.strategy.RobustAggregation;
import io.fedcredit.core.strategy.ServerOptimizer;
import io.fedcredit.core.strategy.Strategy;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PartyRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A horizontal job as an operator writes it in YAML. Unknown keys, wrong types and missing or
 * invalid values are refused with a message that names the file, the field and the fix.
 *
 * <pre>
 * job: sme-credit-2026
 * model: {kind: logreg, seed: 42}          # or {kind: mlp, hidden: [32, 16]}
 * features: [ent_age_years, log_reg_capital, ...]
 * rounds: 20
 * participants: {min: 3, allowed: [bank-a, bank-b, bank-c]}
 * parties: {bank-a: bank, bank-b: bank, platform: data-node}   # id -> role, checked at join
 * standardize: true                         # pooled feature moments, round 0
 * training: {local_epochs: 1, batch_size: 64, learning_rate: 0.05, l2: 0, optimizer: sgd}
 * strategy: {name: fedavg, fraction_fit: 1.0, min_results: 2, fraction_evaluate: 1.0, seed: 7}
 * # name: fedavg | fedprox (proximal_mu, default 0.01) | fedavgm | fedadagrad | fedadam | fedyogi
 * #       (server_learning_rate; defaults 1.0 for fedavgm, 0.1 for the adaptive ones)
 * #     | median | trimmed_mean (trim_fraction, default 0.1) | krum (byzantine) | multi_krum
 * #       (byzantine, selected: default n - byzantine); norm_bound with any name clips each
 * #       update first. These robust ones need plaintext aggregation (not secure_aggregation,
 * #       not paillier_aggregation) and no differential_privacy.
 * timeouts: {phase_seconds: 120, join_seconds: 600, liveness_seconds: 300, long_poll_seconds: 10}
 * secure_aggregation: {enabled: true, threshold: 0.67, neighbours: 0, delta_clip: 8}
 * # or, instead of secure aggregation (not both):
 * paillier_aggregation: {enabled: true, key_holder: bank-a, modulus_bits: 2048}
 * differential_privacy: {enabled: true, epsilon: 1.0, delta: 1e-5, clip: 0.5, mode: central}
 * </pre>
 *
 * <p>A horizontal histogram-boosting job ({@code model: {kind: gbdt}}) has no {@code rounds},
 * {@code training}, {@code strategy}, Paillier or differential privacy: its tree settings are in
 * {@code boosting} (unset fields take {@link BoostingConfig#defaults()}), and every vector is
 * securely aggregated ({@code secure_aggregation}'s threshold and neighbours apply whatever its
 * {@code enabled}):
 *
 * <pre>
 * job: sme-gbdt-2026
 * model: {kind: gbdt}
 * features: [x0, x1, ...]
 * participants: {min: 3, allowed: [bank-a, bank-b, bank-c]}
 * boosting: {trees: 100, max_depth: 3, learning_rate: 0.1, l2: 1.0, min_child_weight: 0.001,
 *            min_child_samples: 20, row_sample: 1.0, feature_sample: 1.0, bins: 32, seed: 0}
 * </pre>
 */
public final class JobSpec {
  public String job;
  public Model model = new Model();
  public List<String> features;
  public Integer rounds;
  public Participants participants = new Participants();
  /**
   * Optional allow-list, party id to role ({@code bank} or {@code data-node}): only these parties
   * may join, and under mutual TLS only with that role in their certificate.
   */
  public Map<String, String> parties = new LinkedHashMap<>();
  public boolean standardize = true;
  public Training training = new Training();
  @JsonProperty("strategy")
  public StrategySpec strategy = new StrategySpec();
  public Timeouts timeouts = new Timeouts();
  @JsonProperty("secure_aggregation")
  public SecureAggregation secureAggregation = new SecureAggregation();
  @JsonProperty("paillier_aggregation")
  public PaillierAggregation paillierAggregation = new PaillierAggregation();
  @JsonProperty("differential_privacy")
  public DifferentialPrivacySpec differentialPrivacy = new DifferentialPrivacySpec();
  /** The trees of a {@code model: {kind: gbdt}} job; absent otherwise. */
  public Boosting boosting;

  /** The model kind of horizontal histogram boosting. */
  public static final String GBDT = "gbdt";

  /** The model section. */
  public static final class Model {
    public String kind = "logreg";
    public List<Integer> hidden = new ArrayList<>();
    public long seed = 42;
  }

  /**
   * Horizontal histogram boosting's tree settings; unset fields take
   * {@link BoostingConfig#defaults()}.
   */
  public static final class Boosting {
    public Integer trees;
    @JsonProperty("max_depth")
    public Integer maxDepth;
    @JsonProperty("learning_rate")
    public Double learningRate;
    public Double l2;
    public Double gamma;
    @JsonProperty("min_child_weight")
    public Double minChildWeight;
    @JsonProperty("min_child_samples")
    public Integer minChildSamples;
    @JsonProperty("row_sample")
    public Double rowSample;
    @JsonProperty("feature_sample")
    public Double featureSample;
    public Integer bins;
    public Long seed;

    /**
     * The tree settings.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public BoostingConfig toConfig() {
      BoostingConfig d = BoostingConfig.defaults();
      try {
        return new BoostingConfig(
            trees != null ? trees : d.trees(),
            maxDepth != null ? maxDepth : d.maxDepth(),
            learningRate != null ? learningRate : d.learningRate(),
            l2 != null ? l2 : d.l2(),
            gamma != null ? gamma : d.gamma(),
            minChildWeight != null ? minChildWeight : d.minChildWeight(),
            minChildSamples != null ? minChildSamples : d.minChildSamples(),
            rowSample != null ? rowSample : d.rowSample(),
            featureSample != null ? featureSample : d.featureSample(),
            bins != null ? bins : d.maxBins(),
            seed != null ? seed : d.seed());
      } catch (IllegalArgumentException e) {
        // BoostingConfig names its fields in camel case; the spec's are these
        throw new IllegalArgumentException("field 'boosting': " + e.getMessage()
            .replace("maxDepth", "max_depth").replace("learningRate", "learning_rate")
            .replace("minChildWeight", "min_child_weight")
            .replace("minChildSamples", "min_child_samples").replace("rowSample", "row_sample")
            .replace("featureSample", "feature_sample").replace("maxBins", "bins"), e);
      }
    }
  }

  /** Who takes part. */
  public static final class Participants {
    public int min = 2;
    public List<String> allowed = new ArrayList<>();
  }

  /** Local training; unset fields take the model kind's defaults ({@link Models#defaultTraining}). */
  public static final class Training {
    @JsonProperty("local_epochs")
    public Integer localEpochs;
    @JsonProperty("batch_size")
    public Integer batchSize;
    @JsonProperty("learning_rate")
    public Double learningRate;
    public Double l2;
    public String optimizer;
  }

  /** The aggregation strategy. */
  public static final class StrategySpec {
    public String name = "fedavg";
    @JsonProperty("fraction_fit")
    public double fractionFit = 1.0;
    @JsonProperty("min_fit")
    public Integer minFit;
    @JsonProperty("min_results")
    public Integer minResults;
    @JsonProperty("fraction_evaluate")
    public double fractionEvaluate = 1.0;
    public long seed = 7;
    /** FedProx's proximal weight mu (any strategy may set it; fedprox defaults it to 0.01). */
    @JsonProperty("proximal_mu")
    public Double proximalMu;
    /** The server optimizer's learning rate (fedavgm, fedadagrad, fedadam, fedyogi). */
    @JsonProperty("server_learning_rate")
    public Double serverLearningRate;
    /** Robust aggregation: the L2 bound each update is clipped to (any strategy may set it). */
    @JsonProperty("norm_bound")
    public Double normBound;
    /** trimmed_mean: the share β trimmed at each end, in [0, 0.5) (default 0.1). */
    @JsonProperty("trim_fraction")
    public Double trimFraction;
    /** krum, multi_krum: how many participants may be Byzantine (f); required. */
    public Integer byzantine;
    /** multi_krum: how many updates are averaged (m; default n - f). */
    public Integer selected;

    /** The server optimizer this strategy names, or null for FedAvg's own update. */
    ServerOptimizer.Kind serverOptimizer() {
      String n = name.trim().toLowerCase(java.util.Locale.ROOT);
      return n.equals("fedavg") || n.equals("fedprox") || ROBUST_STRATEGIES.contains(n) ? null
          : ServerOptimizer.Kind.parse(n);
    }

    /**
     * The robust aggregation this section asks for: the rule its name gives (median,
     * trimmed_mean, krum, multi_krum), or norm bounding of the mean when another strategy sets
     * {@code norm_bound}; null when neither. Such a strategy needs each participant's update, so
     * it cannot run under secure aggregation or Paillier aggregation
     * ({@link #requirePlaintextAggregation}).
     *
     * @throws IllegalArgumentException naming the field that is missing, misplaced or invalid
     */
    public RobustAggregation.Config robustAggregation() {
      String n = name.trim().toLowerCase(java.util.Locale.ROOT);
      boolean named = ROBUST_STRATEGIES.contains(n);
      RobustAggregation.Rule rule = named ? RobustAggregation.Rule.parse(n) : null;
      boolean krum = rule == RobustAggregation.Rule.KRUM
          || rule == RobustAggregation.Rule.MULTI_KRUM;
      misplaced(trimFraction, "trim_fraction", rule == RobustAggregation.Rule.TRIMMED_MEAN,
          "trimmed_mean");
      misplaced(byzantine, "byzantine", krum, "krum or multi_krum");
      misplaced(selected, "selected", rule == RobustAggregation.Rule.MULTI_KRUM, "multi_krum");
      if (krum && byzantine == null) {
        throw new IllegalArgumentException("field 'strategy.byzantine' is missing: " + n
            + " needs the number of participants that may be Byzantine, e.g. 'byzantine: 1'");
      }
      if (!named && normBound == null) {
        return null;
      }
      try {
        return new RobustAggregation.Config(named ? rule : RobustAggregation.Rule.MEAN,
            normBound != null ? normBound : Double.POSITIVE_INFINITY,
            trimFraction != null ? trimFraction : DEFAULT_TRIM_FRACTION,
            byzantine != null ? byzantine : 0, selected != null ? selected : 0);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field 'strategy': " + e.getMessage(), e);
      }
    }

    private void misplaced(Object value, String field, boolean ok, String owners) {
      if (value != null && !ok) {
        throw new IllegalArgumentException("field 'strategy." + field + "' applies only to "
            + "strategy.name " + owners + ", not " + name);
      }
    }
  }

  /**
   * Secure aggregation (off by default); unset fields take
   * {@link SecureAggregationConfig#defaults()}.
   */
  public static final class SecureAggregation {
    public boolean enabled;
    public Double threshold;
    public Integer neighbours;
    @JsonProperty("delta_clip")
    public Double deltaClip;
    @JsonProperty("max_weight")
    public Long maxWeight;
    @JsonProperty("fraction_bits")
    public Integer fractionBits;
    @JsonProperty("max_parties")
    public Integer maxParties;

    /** The secure-aggregation configuration. */
    public SecureAggregationConfig toConfig() {
      SecureAggregationConfig d = SecureAggregationConfig.defaults();
      try {
        return new SecureAggregationConfig(
            threshold != null ? threshold : d.thresholdFraction(),
            neighbours != null ? neighbours : d.neighbours(),
            deltaClip != null ? deltaClip : d.deltaClip(),
            maxWeight != null ? maxWeight : d.maxWeight(),
            fractionBits != null ? fractionBits : d.fractionBits(),
            maxParties != null ? maxParties : d.maxParties());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field 'secure_aggregation': " + e.getMessage(), e);
      }
    }
  }

  /**
   * Paillier aggregation (off by default), the alternative to secure aggregation: the key holder
   * ({@code key_holder}, or the first participant to join) generates the job's key pair, banks
   * encrypt their updates, the coordinator adds ciphertexts and the key holder decrypts only the
   * sum. See {@link PaillierAggregationConfig} for the trust model. Values are
   * {@code value_bits}-bit fixed point with {@code fractional_bits}; each packed slot gets
   * {@code ceil(log2 K)} more bits of headroom for the round's K banks, so sums never carry into
   * the next slot. Unset fields take {@link PaillierAggregationConfig#defaults()}.
   */
  public static final class PaillierAggregation {
    public boolean enabled;
    @JsonProperty("key_holder")
    public String keyHolder;
    @JsonProperty("modulus_bits")
    public Integer modulusBits;
    @JsonProperty("value_bits")
    public Integer valueBits;
    @JsonProperty("fractional_bits")
    public Integer fractionalBits;
    @JsonProperty("delta_clip")
    public Double deltaClip;
    @JsonProperty("max_weight")
    public Long maxWeight;

    /**
     * The Paillier aggregation configuration.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public PaillierAggregationConfig toConfig() {
      PaillierAggregationConfig d = PaillierAggregationConfig.defaults();
      int modulus = modulusBits != null ? modulusBits : d.modulusBits();
      int value = valueBits != null ? valueBits : d.valueBits();
      int fraction = fractionalBits != null ? fractionalBits : d.fractionalBits();
      check(modulus == 2048 || modulus == 3072, "modulus_bits", modulus + "; use 2048 or 3072");
      check(value >= 2 && value <= 40, "value_bits", value + "; use 2 to 40");
      check(fraction >= 0 && fraction <= 60, "fractional_bits", fraction + "; use 0 to 60");
      check(keyHolder == null || !keyHolder.isBlank(), "key_holder", "blank; name a "
          + "participant, or leave it out for the first participant to join");
      try {
        return new PaillierAggregationConfig(keyHolder, modulus, value, fraction,
            deltaClip != null ? deltaClip : d.deltaClip(),
            maxWeight != null ? maxWeight : d.maxWeight());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field 'paillier_aggregation': " + e.getMessage(), e);
      }
    }

    private static void check(boolean ok, String field, String problem) {
      if (!ok) {
        throw new IllegalArgumentException("field 'paillier_aggregation." + field + "' is "
            + problem);
      }
    }
  }

  /**
   * Client-level differential privacy (off by default): updates are clipped to an L2 norm and
   * Gaussian noise is added to their sum (central) or by each bank (distributed); an RDP
   * accountant stops the job before the budget is exceeded. Without {@code noise_multiplier} the
   * noise is calibrated so that all {@code rounds} spend exactly the budget.
   */
  public static final class DifferentialPrivacySpec {
    public boolean enabled;
    public Double epsilon;
    public double delta = 1e-5;
    public double clip = 0.5;
    @JsonProperty("adaptive_quantile")
    public Double adaptiveQuantile;
    public String mode = "central";
    @JsonProperty("dropout_tolerance")
    public double dropoutTolerance = 0.2;
    @JsonProperty("noise_multiplier")
    public Double noiseMultiplier;

    /** The DP configuration for a job of {@code rounds} rounds. */
    public DpConfig toConfig(int rounds) {
      try {
        DpConfig.Builder b = DpConfig.builder();
        switch (mode.toLowerCase(Locale.ROOT)) {
          case "central" -> b.central();
          case "distributed" -> b.distributed(dropoutTolerance);
          default -> throw new IllegalArgumentException("mode '" + mode
              + "' is not central or distributed");
        }
        if (noiseMultiplier != null) {
          b.noiseMultiplier(noiseMultiplier);
        } else {
          b.calibrateNoiseFor(rounds);
        }
        if (adaptiveQuantile != null) {
          b.adaptiveClipping(clip, adaptiveQuantile);
        } else {
          b.fixedClipping(clip);
        }
        if (epsilon != null) {
          b.budget(epsilon, delta);
        } else {
          if (noiseMultiplier == null) {
            throw new IllegalArgumentException("set epsilon (the budget) or noise_multiplier");
          }
          b.unlimitedBudget(delta);
        }
        return b.build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalArgumentException("field 'differential_privacy': " + e.getMessage(), e);
      }
    }
  }

  /** Deadlines, in seconds. */
  public static final class Timeouts {
    @JsonProperty("phase_seconds")
    public double phaseSeconds = 300;
    @JsonProperty("join_seconds")
    public double joinSeconds = 600;
    @JsonProperty("liveness_seconds")
    public double livenessSeconds = 600;
    @JsonProperty("long_poll_seconds")
    public double longPollSeconds = 10;
  }

  private static final String EMPTY_HINT = "a job spec needs at least job, features and rounds";

  /**
   * Reads and validates a job spec file.
   *
   * @throws FedCreditException naming the file, the field and the problem
   */
  public static JobSpec load(Path file) {
    JobSpec spec = StrictYaml.read(file, JobSpec.class, "job spec", EMPTY_HINT);
    spec.validate(file.toString());
    return spec;
  }

  /** Parses and validates YAML text; {@code source} names it in error messages. */
  public static JobSpec parse(String yaml, String source) {
    JobSpec spec = StrictYaml.parse(yaml, source, JobSpec.class, EMPTY_HINT);
    spec.validate(source);
    return spec;
  }

  private void validate(String source) {
    require(job != null && !job.isBlank(), source, "job", "is missing: name the job, e.g. "
        + "'job: sme-credit-2026'");
    require(job.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), source, "job", "'" + job
        + "' must be 1-64 letters, digits, '.', '_' or '-'");
    require(features != null && !features.isEmpty(), source, "features",
        "is missing: list the feature columns every participant must have");
    require(Set.copyOf(features).size() == features.size(), source, "features",
        "lists a feature twice");
    require(participants.min >= 1, source, "participants.min", "must be at least 1");
    validateParties(source);
    if (boostingJob()) {
      validateBoosting(source);
      return;
    }
    try {
      ModelSpec.Kind.parse(model.kind);
    } catch (IllegalArgumentException e) {
      throw new FedCreditException(source + ": field 'model.kind': " + e.getMessage()
          + ", or gbdt (horizontal histogram boosting)");
    }
    require(boosting == null, source, "boosting", "applies only to model.kind gbdt, not "
        + model.kind);
    require(rounds != null, source, "rounds", "is missing: how many fit rounds to run");
    require(rounds >= 1, source, "rounds", "must be at least 1, got " + rounds);
    require(STRATEGIES.contains(strategy.name.trim().toLowerCase(java.util.Locale.ROOT)), source,
        "strategy.name", "'" + strategy.name + "' is not a known strategy; use one of "
        + STRATEGIES);
    require(strategy.serverLearningRate == null || strategy.serverOptimizer() != null, source,
        "strategy.server_learning_rate", "needs a server optimizer (strategy.name fedavgm, "
        + "fedadagrad, fedadam or fedyogi)");
    if (secureAggregation.enabled && paillierAggregation.enabled) {
      throw new FedCreditException(source + ": fields 'secure_aggregation.enabled' and "
          + "'paillier_aggregation.enabled' are both true; they are two ways of aggregating, "
          + "enable one");
    }
    try {
      RobustAggregation.Config robust = strategy.robustAggregation();
      if (robust != null) {
        requirePlaintextAggregation(robust,
            secureAggregation.enabled ? "secure_aggregation" : null,
            paillierAggregation.enabled ? "paillier_aggregation" : null,
            differentialPrivacy.enabled ? "differential_privacy" : null);
        require(participants.min >= robust.minimumUpdates(), source, "participants.min",
            "is " + participants.min + ", but " + robust.describe() + " needs at least "
            + robust.minimumUpdates() + " updates a round (2 * byzantine + 3)");
      }
    } catch (IllegalArgumentException e) {
      throw new FedCreditException(source + ": " + e.getMessage(), e);
    }
    String holder = paillierAggregation.keyHolder;
    require(!paillierAggregation.enabled || holder == null || participants.allowed.isEmpty()
        || participants.allowed.contains(holder), source, "paillier_aggregation.key_holder",
        "names '" + holder + "', which is not in participants.allowed " + participants.allowed);
    // build everything once so every constraint is checked now, not at the first round
    try {
      toConfig();
      toStrategy();
    } catch (IllegalArgumentException e) {
      throw new FedCreditException(source + ": " + e.getMessage(), e);
    }
  }

  /** Whether this is a horizontal histogram-boosting job ({@code model.kind: gbdt}). */
  public boolean boostingJob() {
    return model.kind != null && GBDT.equalsIgnoreCase(model.kind.trim());
  }

  private void validateBoosting(String source) {
    String no = "does not apply to model.kind gbdt";
    require(rounds == null, source, "rounds", no + ": set boosting.trees");
    require(model.hidden.isEmpty(), source, "model.hidden", no);
    require(participants.min >= 2, source, "participants.min", "is " + participants.min
        + "; horizontal boosting sums the banks' histograms securely, which needs at least 2");
    require(!paillierAggregation.enabled, source, "paillier_aggregation.enabled", no
        + ": its histograms are summed by secure aggregation");
    require(!differentialPrivacy.enabled, source, "differential_privacy.enabled", no
        + " (no noise is added to histograms yet)");
    require("fedavg".equalsIgnoreCase(strategy.name.trim()), source, "strategy.name", no
        + ": the trees are grown from summed histograms, not by a strategy");
    Training t = training;
    require(t.localEpochs == null && t.batchSize == null && t.learningRate == null
        && t.l2 == null && t.optimizer == null, source, "training", no
        + ": set boosting.learning_rate, boosting.l2 and the other tree settings instead");
    try {
      toBoostingConfig();
    } catch (IllegalArgumentException e) {
      throw new FedCreditException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * The coordinator's configuration of a horizontal boosting job.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  public BoostingJobConfig toBoostingConfig() {
    BoostingConfig trees = (boosting != null ? boosting : new Boosting()).toConfig();
    return new BoostingJobConfig(job, features, trees, participants.min,
        Set.copyOf(participants.allowed), millis(timeouts.phaseSeconds, "phase"),
        millis(timeouts.joinSeconds, "join"), millis(timeouts.livenessSeconds, "liveness"),
        millis(timeouts.longPollSeconds, "long_poll"), secureAggregation.toConfig());
  }

  private void validateParties(String source) {
    require(parties != null, source, "parties", "is empty: list party ids and roles, or leave "
        + "it out");
    for (Map.Entry<String, String> e : parties.entrySet()) {
      require(PartyIdentity.isValidName(e.getKey()), source, "parties." + e.getKey(),
          "is not a valid party id: 1-64 letters, digits, '.', '_' or '-'");
      PartyRole role;
      try {
        role = PartyRole.parse(e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new FedCreditException(source + ": field 'parties." + e.getKey() + "' "
            + ex.getMessage());
      }
      require(role != PartyRole.COORDINATOR, source, "parties." + e.getKey(), "is the "
          + "coordinator role, which cannot join a job; use bank or data-node");
    }
  }

  /** The {@code parties} allow-list with parsed roles; empty when every party may join. */
  public Map<String, PartyRole> partyRoles() {
    Map<String, PartyRole> out = new LinkedHashMap<>();
    parties.forEach((id, role) -> out.put(id, PartyRole.parse(role)));
    return out;
  }

  private static void require(boolean ok, String source, String field, String problem) {
    StrictYaml.require(ok, source, field, problem);
  }

  /** The model spec. */
  public ModelSpec modelSpec() {
    ModelSpec.Kind kind = ModelSpec.Kind.parse(model.kind);
    return new ModelSpec(kind, features.size(),
        kind == ModelSpec.Kind.MLP && model.hidden.isEmpty() ? Models.DEFAULT_MLP_HIDDEN_LAYERS
            : model.hidden, model.seed);
  }

  /** The coordinator's job configuration. */
  public HorizontalJobConfig toConfig() {
    return new HorizontalJobConfig(job, modelSpec(), features, rounds, participants.min,
        Set.copyOf(participants.allowed), standardize, millis(timeouts.phaseSeconds, "phase"),
        millis(timeouts.joinSeconds, "join"), millis(timeouts.livenessSeconds, "liveness"),
        millis(timeouts.longPollSeconds, "long_poll"),
        secureAggregation.enabled ? secureAggregation.toConfig() : null,
        paillierAggregation.enabled ? paillierAggregation.toConfig() : null);
  }

  private static long millis(double seconds, String name) {
    if (!(seconds > 0) || !Double.isFinite(seconds)) {
      throw new IllegalArgumentException("field 'timeouts." + name + "_seconds' must be positive");
    }
    return Math.round(seconds * 1000);
  }

  /** Local training: the model kind's defaults, overridden by the spec's training section. */
  public TrainingConfig trainingConfig() {
    TrainingConfig d = Models.defaultTraining(modelSpec().kind(), strategy.seed);
    try {
      return new TrainingConfig(
          training.localEpochs != null ? training.localEpochs : d.localEpochs(),
          training.batchSize != null ? training.batchSize : d.batchSize(),
          training.learningRate != null ? training.learningRate : d.learningRate(),
          training.l2 != null ? training.l2 : d.l2(),
          d.seed(),
          training.optimizer != null ? TrainingConfig.Optimizer.parse(training.optimizer)
              : d.optimizer(),
          strategy.proximalMu != null ? strategy.proximalMu
              : strategy.name.equalsIgnoreCase("fedprox") ? DEFAULT_PROXIMAL_MU : 0.0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field 'training' or 'strategy.proximal_mu': "
          + e.getMessage(), e);
    }
  }

  /**
   * The strategy: FedAvg, wrapped in robust aggregation, a server optimizer and differential
   * privacy when asked for (in that order, innermost first).
   */
  public Strategy toStrategy() {
    int minFit = strategy.minFit != null ? strategy.minFit : participants.min;
    int minResults = strategy.minResults != null ? strategy.minResults : Math.max(1, minFit - 1);
    FedAvg fedAvg;
    try {
      fedAvg = new FedAvg(new FedAvg.Config(strategy.fractionFit, minFit, minResults,
          strategy.fractionEvaluate, 1, trainingConfig(), strategy.seed));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field 'strategy': " + e.getMessage(), e);
    }
    Strategy base = fedAvg;
    RobustAggregation.Config robust = strategy.robustAggregation();
    if (robust != null) {
      base = new RobustAggregation(fedAvg, robust);
    }
    ServerOptimizer.Kind kind = strategy.serverOptimizer();
    if (kind != null) {
      ServerOptimizer.Config d = ServerOptimizer.Config.defaults(kind);
      try {
        base = new ServerOptimizer(base, new ServerOptimizer.Config(kind,
            strategy.serverLearningRate != null ? strategy.serverLearningRate : d.learningRate(),
            d.beta1(), d.beta2(), d.tau()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field 'strategy.server_learning_rate': "
            + e.getMessage(), e);
      }
    }
    return differentialPrivacy.enabled
        ? new DifferentialPrivacy(base, differentialPrivacy.toConfig(rounds),
            strategy.fractionFit, GaussianNoise.secure())
        : base;
  }

  /**
   * Refuses robust aggregation combined with an aggregation that hides individual updates, or
   * with differential privacy (calibrated to a sum of clipped updates, not to a robust rule).
   *
   * @param secureAggregation the name of the secure-aggregation setting (field or flag) when it
   *     is on, else null; likewise {@code paillierAggregation} and {@code differentialPrivacy}
   * @throws IllegalArgumentException naming the conflicting setting
   */
  public static void requirePlaintextAggregation(RobustAggregation.Config robust,
      String secureAggregation, String paillierAggregation, String differentialPrivacy) {
    String why = robust.describe() + " needs each participant's update, ";
    if (secureAggregation != null) {
      throw new IllegalArgumentException("strategy " + robust.describe() + " cannot run with "
          + secureAggregation + ": " + why + "and secure aggregation reveals only their sum; "
          + "disable one of them");
    }
    if (paillierAggregation != null) {
      throw new IllegalArgumentException("strategy " + robust.describe() + " cannot run with "
          + paillierAggregation + ": " + why + "and Paillier aggregation reveals only their sum;"
          + " disable one of them");
    }
    if (differentialPrivacy != null) {
      throw new IllegalArgumentException("strategy " + robust.describe() + " cannot run with "
          + differentialPrivacy + ": its noise is calibrated to a sum of clipped updates, not "
          + "to a robust rule; disable one of them");
    }
  }

  /** The strategy names a job spec accepts. */
  static final List<String> STRATEGIES = List.of("fedavg", "fedprox", "fedavgm", "fedadagrad",
      "fedadam", "fedyogi", "median", "trimmed_mean", "krum", "multi_krum");
  /** Whether {@code name} (lower case) selects a robust aggregation rule. */
  public static boolean isRobustStrategy(String name) {
    return ROBUST_STRATEGIES.contains(name);
  }

  /** The names that select a robust aggregation rule. */
  static final List<String> ROBUST_STRATEGIES =
      List.of("median", "trimmed_mean", "krum", "multi_krum");
  /** trimmed_mean's β when the spec gives none. */
  static final double DEFAULT_TRIM_FRACTION = 0.1;
  /** FedProx's proximal weight when the spec names fedprox without one. */
  static final double DEFAULT_PROXIMAL_MU = 0.01;
}
