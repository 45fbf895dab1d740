package io.fedcredit.core.vertical;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.credit.Binning;
import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.credit.WoeTable;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.vertical.HeteroLrMessages.EpochResult;
import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.pki.KeyAuthentication;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The guest's side (the bank, holding the labels) of a whole vertical job, over a {@link
 * PartyLink}: receives the job's settings from the arbiter, exchanges X25519 keys with each host
 * and seals everything it sends them, runs ECDH-PSI with each host (it alone learns the
 * intersection, then tells each host the common rows as positions in the host's own blinded set),
 * optionally runs federated WOE/IV binning and IV-based feature selection, trains hetero logistic
 * regression, evaluates on its own side with the hosts' partial scores, and builds the scorecard,
 * sending each host its half. Raw ids, features and labels never leave it. Not thread-safe.
 */
public final class VerticalGuest {
  private final String self;
  private final FeatureTable table;
  private final SecureRandom random;
  private final KeyAuthentication keyAuthentication;

  /**
   * What the guest ends with.
   *
   * @param intersectionSize aligned rows (training and test)
   * @param trainRows aligned training rows
   * @param testRows aligned test rows (0 without a test fraction)
   * @param epochs the arbiter's result of every epoch
   * @param epochSeconds wall-clock time of every epoch, seen from the guest
   * @param informationValues IV per feature, hosts' features named {@code host/feature} (empty
   *     without WOE)
   * @param guestFeatures the guest's features in the model
   * @param hostFeatures each host's features in the model
   * @param trainAuc AUC on the training rows
   * @param trainKs KS on the training rows
   * @param testAuc AUC on the test rows (NaN without)
   * @param testKs KS on the test rows (NaN without)
   * @param scorecard the whole scorecard (null without WOE)
   * @param half the guest's half of the model
   * @param trainingTable the guest's aligned training rows as the model saw them (WOE
   *     transformed with WOE), for comparisons
   * @param phaseSeconds the guest's time per phase (PSI, WOE, its hetero-LR computations,
   *     sending and waiting)
   * @param testScores the federated model's probability of default on each test row, which the
   *     guest computed with the hosts' partial scores (empty without test rows), for ROC and KS
   *     curves
   * @param testLabels the labels of those rows, in the same order
   * @param trainLogOdds the final model's log-odds of default of every training row, in
   *     {@code trainingTable}'s order, as training computed them (what served scores must equal)
   * @param trees with SecureBoost, the guest's half of the boosted model (its splits as
   *     thresholds, the hosts' as opaque ids), and then {@code epochs} hold one result per tree
   *     (the training log-loss after it) and {@code half} is null; null with hetero LR
   */
  public record Outcome(int intersectionSize, int trainRows, int testRows,
      List<EpochResult> epochs, List<Double> epochSeconds, Map<String, Double> informationValues,
      List<String> guestFeatures, Map<String, List<String>> hostFeatures, double trainAuc,
      double trainKs, double testAuc, double testKs, Scorecard scorecard, ModelHalf half,
      FeatureTable trainingTable, Map<String, Double> phaseSeconds, double[] testScores,
      double[] testLabels, double[] trainLogOdds, BoostedTrees trees) {

    @Override
    public double[] trainLogOdds() {
      return trainLogOdds.clone();
    }
  }

  /**
   * @param self the guest's party id
   * @param table the guest's labelled rows with ids
   * @param keyAuthentication whether its sealed-channel key is signed and the hosts' checked
   */
  public VerticalGuest(String self, FeatureTable table, SecureRandom random,
      KeyAuthentication keyAuthentication) {
    this.self = Objects.requireNonNull(self, "self");
    if (!table.hasLabels()) {
      throw new IllegalArgumentException("the guest's table needs its label column");
    }
    this.table = table;
    this.random = random;
    this.keyAuthentication = Objects.requireNonNull(keyAuthentication, "keyAuthentication");
  }

  /** A party whose sealed-channel key is neither signed nor checked (no certificate). */
  public VerticalGuest(String self, FeatureTable table, SecureRandom random) {
    this(self, table, random, KeyAuthentication.unauthenticated());
  }

  /**
   * Runs the job to its end.
   *
   * @param onEpoch called after every epoch with the arbiter's result
   * @throws VerticalJobException when a step fails or a message does not come
   */
  public Outcome run(PartyLink link, Consumer<EpochResult> onEpoch) {
    VerticalJobMessages.Setup setup = link.receive(VerticalJobConfig.ARBITER,
        VerticalJobMessages.Setup.class);
    VerticalJobConfig cfg = setup.config();
    if (!cfg.guest().equals(self)) {
      throw new VerticalJobException(self + " is not the guest of job " + cfg.jobId()
          + " (the guest is " + cfg.guest() + ")");
    }
    VerticalWire wire = new VerticalWire();
    wire.trust(setup.arbiterKey());
    List<String> hosts = cfg.hosts();
    PhaseTimes times = new PhaseTimes();
    SealedLinks peers = PartySetup.sealTo(link, cfg.jobId(),
        setup.arbiterKey().keyId(), hosts, wire, keyAuthentication, random);
    int[] common = times.time("guest PSI", () -> VerticalPsi.guest(peers, cfg.jobId(), hosts,
        Arrays.asList(table.ids()), random));
    FeatureTable aligned = table.select(common);
    int[][] split = PartySetup.split(aligned.rows(), cfg.testFraction(), cfg.lr().seed());
    FeatureTable train = aligned.select(split[0]);
    FeatureTable test = aligned.select(split[1]);
    if (cfg.boost() != null) {
      return secureBoost(cfg, peers, aligned.rows(), train, test, times, onEpoch);
    }

    // federated WOE / IV and feature selection
    Map<String, Double> iv = new LinkedHashMap<>();
    List<String> guestFeatures = table.schema().featureNames();
    Map<String, List<String>> hostFeatures = new LinkedHashMap<>();
    WoeTable woe = null;
    long woeStart = System.nanoTime();
    if (cfg.woe()) {
      PaillierKeyPair labelKeys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
      FederatedWoe.EncryptedLabels labels = FederatedWoe.encryptLabels(train.labels(), labelKeys);
      for (String h : hosts) {
        peers.send(h, labels);
      }
      List<BinEdges> edges = Binning.quantiles(train, cfg.maxBins());
      List<WoeTable.Feature> features = new ArrayList<>(Binning.woe(train, edges));
      for (String h : hosts) {
        FederatedWoe.BinSums sums = peers.receive(h, FederatedWoe.BinSums.class);
        List<FederatedWoe.FeatureSums> named = new ArrayList<>();
        for (FederatedWoe.FeatureSums f : sums.features()) {
          named.add(new FederatedWoe.FeatureSums(qualified(h, f.feature()), f.rows(), f.bads()));
        }
        features.addAll(FederatedWoe.guestWoe(new FederatedWoe.BinSums(named), labelKeys));
      }
      woe = WoeTable.of(features);
      for (WoeTable.Feature f : woe.features()) {
        iv.put(f.edges().feature(), f.iv());
      }
      List<String> selected = woe.selectByIv(cfg.ivThreshold());
      guestFeatures = guestFeatures.stream().filter(selected::contains).toList();
      Map<String, double[]> guestWoe = new HashMap<>();
      for (String f : guestFeatures) {
        guestWoe.put(f, woe.feature(f).woe());
      }
      train = Binning.woeTransform(train.withFeatures(guestFeatures), edges, guestWoe);
      test = Binning.woeTransform(test.withFeatures(guestFeatures), edges, guestWoe);
      for (String h : hosts) {
        List<String> mine = new ArrayList<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String q : selected) {
          if (q.startsWith(h + "/")) {
            String name = q.substring(h.length() + 1);
            mine.add(name);
            values.put(name, woe.feature(q).woe());
          }
        }
        hostFeatures.put(h, mine);
        peers.send(h, new VerticalJobMessages.HostSelection(mine, values));
      }
    }

    times.add("guest WOE/IV", System.nanoTime() - woeStart);

    // hetero logistic regression
    peers.send(VerticalJobConfig.ARBITER, new VerticalArbiter.TrainingShape(train.rows()));
    HeteroLrGuest guest = new HeteroLrGuest(train, cfg.lr(), random);
    List<Double> seconds = new ArrayList<>();
    long[] start = {System.nanoTime()};
    PartyLink timed = times.timed(peers, "guest LR ");
    List<EpochResult> epochs = HeteroLrTraining.guestSteps(guest, hosts, timed, cfg.lr(), r -> {
      long now = System.nanoTime();
      seconds.add((now - start[0]) / 1e9);
      start[0] = now;
      onEpoch.accept(r);
    }, times);

    // evaluation with the hosts' partial scores
    double[] hostTrain = new double[train.rows()];
    double[] hostTest = new double[test.rows()];
    Map<String, VerticalJobMessages.HostFinal> finals = new LinkedHashMap<>();
    for (String h : hosts) {
      VerticalJobMessages.HostFinal f = peers.receive(h, VerticalJobMessages.HostFinal.class);
      if (f.trainScores().length != hostTrain.length || f.testScores().length != hostTest.length) {
        throw new VerticalJobException(h + " sent " + f.trainScores().length + " + "
            + f.testScores().length + " partial scores for " + hostTrain.length + " + "
            + hostTest.length + " rows");
      }
      hostTrain = PartySetup.sum(hostTrain, f.trainScores());
      hostTest = PartySetup.sum(hostTest, f.testScores());
      finals.put(h, f);
      if (!cfg.woe()) {
        hostFeatures.put(h, f.features());
      }
    }
    double[] y = train.labels();
    double[] trainLogOdds = guest.logOdds(hostTrain);
    double[] p = guest.predict(hostTrain);
    double[] hostTestScores = hostTest;
    FeatureTable testRows = test;
    TestScores ts = TestScores.of(test, () -> guest.predict(testRows, hostTestScores));

    // the model's halves and the scorecard
    String modelId = cfg.jobId() + "/hetero-lr";
    double[] raw = guest.rawModel();
    Scorecard scorecard = null;
    List<ModelHalf.Feature> mine = new ArrayList<>();
    if (cfg.woe()) {
      Map<String, Double> weights = new LinkedHashMap<>();
      for (int j = 0; j < guestFeatures.size(); j++) {
        weights.put(guestFeatures.get(j), raw[j]);
      }
      double intercept = raw[guestFeatures.size()];
      for (Map.Entry<String, VerticalJobMessages.HostFinal> e : finals.entrySet()) {
        VerticalJobMessages.HostFinal f = e.getValue();
        for (int j = 0; j < f.features().size(); j++) {
          weights.put(qualified(e.getKey(), f.features().get(j)), f.rawWeights()[j]);
        }
        intercept += f.constant();
      }
      scorecard = Scorecard.build(woe, weights, intercept, cfg.scale());
      Map<String, double[]> points = pointsByFeature(scorecard);
      for (String f : guestFeatures) {
        WoeTable.Feature wf = woe.feature(f);
        mine.add(new ModelHalf.Feature(f, weights.get(f),
            PartySetup.bins(wf.edges(), wf.woe(), points.get(f))));
      }
      for (String h : hosts) {
        Map<String, double[]> hp = new LinkedHashMap<>();
        for (String f : hostFeatures.get(h)) {
          hp.put(f, points.get(qualified(h, f)));
        }
        peers.send(h, new VerticalJobMessages.HostScorecard(modelId, hp));
      }
    } else {
      for (int j = 0; j < guestFeatures.size(); j++) {
        mine.add(new ModelHalf.Feature(guestFeatures.get(j), raw[j], List.of()));
      }
    }
    ModelHalf half = new ModelHalf(modelId, cfg.jobId(), self, "guest", cfg.woe(),
        cfg.woe() ? cfg.scale() : null, raw[raw.length - 1], mine);
    return new Outcome(aligned.rows(), train.rows(), test.rows(), epochs, seconds, iv,
        guestFeatures, hostFeatures, BinaryMetrics.auc(p, y), BinaryMetrics.ks(p, y), ts.auc(),
        ts.ks(), scorecard, half, train, times.seconds(), ts.scores(), test.labels(),
        trainLogOdds, null);
  }

  /**
   * The SecureBoost part of a job: the guest's own Paillier key, trees grown with every host
   * ({@link SecureBoostTraining#guestSteps}), one log-loss per tree reported as an epoch, then
   * the test rows scored with one routing round trip per host.
   */
  private Outcome secureBoost(VerticalJobConfig cfg, PartyLink peers, int intersection,
      FeatureTable train, FeatureTable test, PhaseTimes times, Consumer<EpochResult> onEpoch) {
    BoostingConfig b = cfg.boost();
    List<String> hosts = cfg.hosts();
    PaillierKeyPair keys = times.time("guest key generation",
        () -> PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048));
    SecureBoostGuest guest = new SecureBoostGuest(train,
        BinnedFeatures.quantileEdges(train, b.maxBins()), b, keys, times);
    double[] y = train.labels();
    List<EpochResult> trees = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    long[] start = {System.nanoTime()};
    BoostedTrees model = SecureBoostTraining.guestSteps(guest, hosts, peers, t -> {
      double loss = BinaryMetrics.logLoss(BoostedTrees.probabilities(guest.trainingScores()), y);
      EpochResult r = new EpochResult(t, loss, false);
      long now = System.nanoTime();
      seconds.add((now - start[0]) / 1e9);
      start[0] = now;
      trees.add(r);
      onEpoch.accept(r);
    }, times);
    double[] p = BoostedTrees.probabilities(guest.trainingScores());
    BoostedTrees.RemoteDecisions decisions = times.time("guest boost scoring",
        () -> SecureBoostTraining.requestRoutes(peers, hosts, model, List.of(test.ids())));
    TestScores ts = TestScores.of(test, () -> model.predict(test, decisions));
    return new Outcome(intersection, train.rows(), test.rows(), trees, seconds, Map.of(),
        train.schema().featureNames(), guest.hostFeatureNames(), BinaryMetrics.auc(p, y),
        BinaryMetrics.ks(p, y), ts.auc(), ts.ks(), null, null, train, times.seconds(),
        ts.scores(), test.labels(), guest.trainingScores().clone(), model);
  }

  /** The test rows' probabilities (empty without test rows) with their AUC and KS (NaN then). */
  private record TestScores(double[] scores, double auc, double ks) {
    static TestScores of(FeatureTable test, java.util.function.Supplier<double[]> probabilities) {
      if (test.rows() == 0) {
        return new TestScores(new double[0], Double.NaN, Double.NaN);
      }
      double[] pt = probabilities.get();
      return new TestScores(pt, BinaryMetrics.auc(pt, test.labels()),
          BinaryMetrics.ks(pt, test.labels()));
    }
  }

  /** A host's feature as the guest names it: {@code host/feature}. */
  public static String qualified(String host, String feature) {
    return host + "/" + feature;
  }

  private static Map<String, double[]> pointsByFeature(Scorecard sc) {
    Map<String, List<Double>> acc = new LinkedHashMap<>();
    for (Scorecard.Attribute a : sc.attributes()) {
      acc.computeIfAbsent(a.feature(), k -> new ArrayList<>()).add(a.points());
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    acc.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
    return out;
  }
}
