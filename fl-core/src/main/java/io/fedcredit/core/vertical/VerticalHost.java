package io.fedcredit.core.vertical;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.vertical.HeteroLrMessages.EpochResult;
import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.core.credit.Binning;
import io.fedcredit.crypto.pki.KeyAuthentication;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A host's side (the platform's data node, holding features) of a whole vertical job, over a
 * {@link PartyLink}: receives the settings from the arbiter, exchanges X25519 keys with the guest
 * and seals everything it sends it, runs its side of ECDH-PSI (learning only the rows the guest
 * reveals as the intersection), bins its features and sums the guest's encrypted labels per bin
 * when WOE is on, trains hetero LR, sends the guest its partial scores and its model in raw
 * units, and receives its half of the scorecard. Raw ids and features never leave it. Not
 * thread-safe.
 */
public final class VerticalHost {
  private final String self;
  private final FeatureTable table;
  private final SecureRandom random;
  private final KeyAuthentication keyAuthentication;

  /**
   * What a host ends with.
   *
   * @param intersectionSize aligned rows (training and test)
   * @param epochs the arbiter's result of every epoch
   * @param half this host's half of the model
   * @param trainingTable the host's aligned training rows as the model saw them (WOE
   *     transformed with WOE), for comparisons
   * @param phaseSeconds the host's time per phase
   * @param trees with SecureBoost, the host's half of the model (its split id to threshold
   *     table); null with hetero LR. With SecureBoost, {@code epochs} is empty and {@code half}
   *     null
   */
  public record Outcome(int intersectionSize, List<EpochResult> epochs, ModelHalf half,
      FeatureTable trainingTable, Map<String, Double> phaseSeconds,
      SecureBoostHostModel trees) {}

  /**
   * @param self this host's party id
   * @param table its rows with ids, without labels
   * @param keyAuthentication whether its sealed-channel key is signed and the guest's checked
   */
  public VerticalHost(String self, FeatureTable table, SecureRandom random,
      KeyAuthentication keyAuthentication) {
    this.self = Objects.requireNonNull(self, "self");
    if (table.hasLabels()) {
      throw new IllegalArgumentException("a host holds features only; " + self
          + "'s table has a label column");
    }
    this.table = table;
    this.random = random;
    this.keyAuthentication = Objects.requireNonNull(keyAuthentication, "keyAuthentication");
  }

  /** A party whose sealed-channel key is neither signed nor checked (no certificate). */
  public VerticalHost(String self, FeatureTable table, SecureRandom random) {
    this(self, table, random, KeyAuthentication.unauthenticated());
  }

  /**
   * Runs the job to its end.
   *
   * @throws VerticalJobException when a step fails or a message does not come
   */
  public Outcome run(PartyLink link) {
    VerticalJobMessages.Setup setup = link.receive(VerticalJobConfig.ARBITER,
        VerticalJobMessages.Setup.class);
    VerticalJobConfig cfg = setup.config();
    if (!cfg.hosts().contains(self)) {
      throw new VerticalJobException(self + " is not a host of job " + cfg.jobId() + " "
          + cfg.hosts());
    }
    VerticalWire wire = new VerticalWire();
    wire.trust(setup.arbiterKey());
    String guestId = cfg.guest();
    SealedLinks peers = PartySetup.sealTo(link, cfg.jobId(),
        setup.arbiterKey().keyId(), List.of(guestId), wire, keyAuthentication, random);

    PhaseTimes times = new PhaseTimes();
    int[] rows = times.time("host PSI", () -> VerticalPsi.host(peers, cfg.jobId(), guestId,
        Arrays.asList(table.ids()), random));
    FeatureTable aligned = table.select(rows);
    int[][] split = PartySetup.split(aligned.rows(), cfg.testFraction(), cfg.lr().seed());
    FeatureTable train = aligned.select(split[0]);
    FeatureTable test = aligned.select(split[1]);
    if (cfg.boost() != null) {
      SecureBoostHost host = new SecureBoostHost(self, train,
          BinnedFeatures.quantileEdges(train, cfg.boost().maxBins()), random, times);
      PartyLink timed = times.timed(peers, "host boost ");
      SecureBoostTraining.hostSteps(host, guestId, timed);
      SecureBoostTraining.serveRoutes(host, guestId, timed, test);
      return new Outcome(aligned.rows(), List.of(), null, train, times.seconds(), host.model());
    }

    long woeStart = System.nanoTime();
    List<BinEdges> edges = null;
    VerticalJobMessages.HostSelection selection = null;
    if (cfg.woe()) {
      FederatedWoe.EncryptedLabels labels =
          peers.receive(guestId, FederatedWoe.EncryptedLabels.class);
      FederatedWoe.HostBinning binning = FederatedWoe.hostSums(train, labels, cfg.maxBins());
      peers.send(guestId, binning.sums());
      edges = binning.edges();
      selection = peers.receive(guestId, VerticalJobMessages.HostSelection.class);
      train = Binning.woeTransform(train.withFeatures(selection.features()), edges,
          selection.woe());
      test = Binning.woeTransform(test.withFeatures(selection.features()), edges,
          selection.woe());
    }

    times.add("host WOE binning and sums", System.nanoTime() - woeStart);
    HeteroLrHost host = new HeteroLrHost(self, train, cfg.lr(), setup.arbiterKey(), random);
    List<EpochResult> epochs = HeteroLrTraining.hostSteps(host, guestId,
        times.timed(peers, "host LR "), cfg.lr(), times);
    double[] raw = host.rawModel();
    List<String> names = host.featureNames();
    peers.send(guestId, new VerticalJobMessages.HostFinal(host.partialScores(),
        test.rows() > 0 ? host.partialScores(test) : new double[0], names,
        Arrays.copyOf(raw, names.size()), raw[names.size()]));

    List<ModelHalf.Feature> features = new ArrayList<>();
    String modelId = cfg.jobId() + "/hetero-lr";
    if (cfg.woe()) {
      VerticalJobMessages.HostScorecard sc =
          peers.receive(guestId, VerticalJobMessages.HostScorecard.class);
      modelId = sc.modelId();
      for (int j = 0; j < names.size(); j++) {
        String f = names.get(j);
        BinEdges e = edges.stream().filter(x -> x.feature().equals(f)).findFirst().orElseThrow();
        double[] points = sc.points().get(f);
        if (points == null || points.length != e.bins()) {
          throw new VerticalJobException(self + ": the guest's scorecard has no points for "
              + "every bin of " + f);
        }
        features.add(new ModelHalf.Feature(f, raw[j],
            PartySetup.bins(e, selection.woe().get(f), points)));
      }
    } else {
      for (int j = 0; j < names.size(); j++) {
        features.add(new ModelHalf.Feature(names.get(j), raw[j], List.of()));
      }
    }
    ModelHalf half = new ModelHalf(modelId, cfg.jobId(), self, "host", cfg.woe(),
        cfg.woe() ? cfg.scale() : null, raw[names.size()], features);
    return new Outcome(aligned.rows(), epochs, half, train, times.seconds(), null);
  }
}
