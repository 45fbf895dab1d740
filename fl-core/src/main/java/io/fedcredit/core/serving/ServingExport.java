package io.fedcredit.core.serving;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.LibraryVersion;
import io.fedcredit.core.serving.ServingModel.Part;
import io.fedcredit.core.serving.ServingModel.PartRef;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.vertical.ModelHalf;
import io.fedcredit.core.vertical.VerticalGuest;
import io.fedcredit.core.vertical.VerticalHost;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns trained models into parts for serving ({@link ServingModel}); sign and write them with
 * {@link ServingModelFiles#write}. Each party exports its own part, right after training, from
 * what its training run returned: the bank from its {@link VerticalGuest.Outcome}, each data node
 * from its {@link VerticalHost.Outcome}; both pick the same model id and version. A model without
 * WOE gets the standard scale ({@link Scorecard.Scale#standard()}) to express its log-odds as
 * points, and each raw feature's training mean as the reference of its reason codes. SecureBoost
 * halves ({@link #secureBoostBankHalf}, {@link #secureBoostDataNodeHalf}) and whole gradient-boosted
 * models ({@link #wholeTrees}) are {@link ServingModel.Kind#TREES} parts.
 */
public final class ServingExport {
  private ServingExport() {}

  /**
   * The bank's half, from the guest's outcome.
   *
   * @param modelId the served model's id (both halves), e.g. the half's own
   *     {@code <job>/hetero-lr}
   * @param version the served version (both halves), at least 1
   * @param federation the federation's name, as in the parties' certificates
   * @throws IllegalArgumentException when the outcome's parts do not agree
   */
  public static ServingModel bankHalf(VerticalGuest.Outcome g, String modelId, long version,
      String federation) {
    if (g.trees() != null) {
      throw new IllegalArgumentException("the outcome is a SecureBoost model: export it with "
          + "ServingExport.secureBoostBankHalf");
    }
    ModelHalf half = g.half();
    List<PartRef> parts = new ArrayList<>();
    for (Map.Entry<String, List<String>> h : g.hostFeatures().entrySet()) {
      List<Integer> bins = new ArrayList<>();
      if (half.woe()) {
        for (String f : h.getValue()) {
          String q = VerticalGuest.qualified(h.getKey(), f);
          bins.add((int) g.scorecard().attributes().stream().filter(a -> a.feature().equals(q))
              .count());
        }
      }
      parts.add(PartRef.known(h.getKey(), Part.DATA_NODE_HALF, half.woe(), h.getValue(), bins));
    }
    return fromHalf(half, Part.BANK_HALF, parts, means(g.trainingTable(), half), modelId,
        version, federation, metrics(g));
  }

  private static Map<String, Double> metrics(VerticalGuest.Outcome g) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("train_auc", g.trainAuc());
    metrics.put("train_ks", g.trainKs());
    if (g.testRows() > 0) {
      metrics.put("test_auc", g.testAuc());
      metrics.put("test_ks", g.testKs());
    }
    return metrics;
  }

  /**
   * The bank's half of a SecureBoost model, from the guest's outcome: its trees (thresholds on
   * the bank's features, the data nodes' splits by opaque id only) and, per data node, its
   * features' names and the ids of its splits the trees use. Scores are expressed as points on
   * the standard scale ({@link Scorecard.Scale#standard()}).
   *
   * @param bankParty the guest's party id (the holder and signer of this half)
   * @param modelId the served model's id (every half), e.g. {@code <job>/secureboost}
   * @throws IllegalArgumentException when the outcome is not SecureBoost's or the parts do not
   *     agree
   */
  public static ServingModel secureBoostBankHalf(VerticalGuest.Outcome g, String bankParty,
      String modelId, long version, String federation) {
    requireSecureBoost(g.trees() != null, "bankHalf");
    TreePart part = TreePart.ofTrees(g.trees(), Scorecard.Scale.standard());
    Map<String, List<Long>> used = part.remoteSplitIds();
    List<PartRef> parts = new ArrayList<>();
    parts.add(PartRef.tree(bankParty, Part.BANK_HALF, part.featureNames(), List.of()));
    for (Map.Entry<String, List<String>> h : g.hostFeatures().entrySet()) {
      parts.add(PartRef.tree(h.getKey(), Part.DATA_NODE_HALF, h.getValue(),
          used.getOrDefault(h.getKey(), List.of())));
    }
    return ServingModel.trees(modelId, version, Part.BANK_HALF, bankParty, federation,
        provenance(jobOf(modelId), "secureboost", metrics(g)), parts, part);
  }

  /**
   * A data node's half of a SecureBoost model, from its outcome: its split table (split id to
   * feature and threshold), which never leaves it.
   *
   * @param bankParty the guest's party id (the only party the data node will answer)
   * @param modelId the same id as the bank half's; the provenance's job id is the part before
   *     its last {@code /}
   * @throws IllegalArgumentException when the outcome is not SecureBoost's
   */
  public static ServingModel secureBoostDataNodeHalf(VerticalHost.Outcome h, String bankParty,
      String modelId, long version, String federation) {
    requireSecureBoost(h.trees() != null, "dataNodeHalf");
    TreePart part = TreePart.ofSplits(h.trees(), Scorecard.Scale.standard());
    String party = h.trees().party();
    return ServingModel.trees(modelId, version, Part.DATA_NODE_HALF, party, federation,
        provenance(jobOf(modelId), "secureboost", Map.of()),
        List.of(PartRef.tree(party, Part.DATA_NODE_HALF, part.featureNames(), part.splitIds()),
            PartRef.unknown(bankParty, Part.BANK_HALF)), part);
  }

  /**
   * The model id of a horizontal GBDT job's trees, {@code <job id>/gbdt} (version 1: a retrained
   * model comes from a new job, hence has a new id).
   */
  public static String gbdtModelId(String jobId) {
    return jobId + "/gbdt";
  }

  /**
   * A whole gradient-boosted model (horizontal GBDT), held and signed by one party; scores are
   * points on the standard scale.
   *
   * @param jobId the job that trained it (provenance)
   * @throws IllegalArgumentException when a tree splits on another party's feature
   */
  public static ServingModel wholeTrees(BoostedTrees model, String modelId, long version,
      String party, String federation, String jobId, Map<String, Double> metrics) {
    TreePart part = TreePart.ofTrees(model, Scorecard.Scale.standard());
    return ServingModel.trees(modelId, version, Part.WHOLE, party, federation,
        provenance(jobId, "gbdt (horizontal histogram boosting)", metrics),
        List.of(PartRef.tree(party, Part.WHOLE, part.featureNames(), List.of())), part);
  }

  private static void requireSecureBoost(boolean trees, String linearExport) {
    if (!trees) {
      throw new IllegalArgumentException("the outcome is not a SecureBoost model: export it "
          + "with ServingExport." + linearExport);
    }
  }

  private static String jobOf(String modelId) {
    int slash = modelId.lastIndexOf('/');
    return slash > 0 ? modelId.substring(0, slash) : modelId;
  }

  /**
   * A data node's half, from its outcome.
   *
   * @param bankParty the guest's party id (the only party the data node will answer)
   * @throws IllegalArgumentException when the outcome's parts do not agree
   */
  public static ServingModel dataNodeHalf(VerticalHost.Outcome h, String bankParty,
      String modelId, long version, String federation) {
    if (h.trees() != null) {
      throw new IllegalArgumentException("the outcome is a SecureBoost model: export it with "
          + "ServingExport.secureBoostDataNodeHalf");
    }
    return fromHalf(h.half(), Part.DATA_NODE_HALF,
        List.of(PartRef.unknown(bankParty, Part.BANK_HALF)), means(h.trainingTable(), h.half()),
        modelId, version, federation, Map.of());
  }

  /**
   * A part from a model half as {@code ModelHalfFiles} stores it.
   *
   * @param part {@link Part#BANK_HALF} for the guest's half, {@link Part#DATA_NODE_HALF} for a
   *     host's
   * @param others the model's other parts
   * @param references raw features: the training mean of each (features missing here get 0)
   * @param metrics informative figures for the provenance
   * @throws IllegalArgumentException when the parts do not agree
   */
  public static ServingModel fromHalf(ModelHalf half, Part part, List<PartRef> others,
      Map<String, Double> references, String modelId, long version, String federation,
      Map<String, Double> metrics) {
    Scorecard.Scale scale = half.scale() != null ? half.scale() : Scorecard.Scale.standard();
    List<LinearPart.Feature> features = new ArrayList<>();
    List<Integer> bins = new ArrayList<>();
    for (ModelHalf.Feature f : half.features()) {
      if (half.woe()) {
        int k = f.bins().size();
        double[] cuts = new double[k - 1];
        double[] woe = new double[k];
        double[] points = new double[k];
        for (int b = 0; b < k; b++) {
          ModelHalf.Bin bin = f.bins().get(b);
          if (bin.index() != b || (b < k - 1 && bin.upper() == null)) {
            throw new IllegalArgumentException("feature '" + f.name() + "': bin " + b
                + " is out of order or open above before the last bin");
          }
          if (b < k - 1) {
            cuts[b] = bin.upper();
          }
          woe[b] = bin.woe();
          points[b] = bin.points();
        }
        features.add(new LinearPart.Feature(f.name(), f.weight(), 0,
            new BinEdges(f.name(), cuts), woe, points));
        bins.add(k);
      } else {
        features.add(new LinearPart.Feature(f.name(), f.weight(),
            references.getOrDefault(f.name(), 0.0), null, new double[0], new double[0]));
      }
    }
    LinearPart model = new LinearPart(half.woe(), half.constant(), scale, features);
    List<PartRef> parts = new ArrayList<>();
    parts.add(PartRef.known(half.party(), part, half.woe(), model.featureNames(), bins));
    parts.addAll(others);
    return ServingModel.linear(modelId, version, part, half.party(), federation,
        provenance(half.jobId(), half.woe() ? "hetero-lr+woe-scorecard" : "hetero-lr", metrics),
        parts, model);
  }

  /**
   * A whole horizontal model, held and signed by one party.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  public static ServingModel whole(GlobalModel model, String modelId, long version, String party,
      String federation) {
    return ServingModel.horizontal(modelId, version, party, federation,
        provenance(model.provenance().jobId(), model.spec().kind().wireName() + " ("
            + model.provenance().strategy() + ")", Map.of()), model);
  }

  private static ServingModel.Provenance provenance(String jobId, String trainer,
      Map<String, Double> metrics) {
    Map<String, Double> finite = new LinkedHashMap<>();
    metrics.forEach((k, v) -> {
      if (Double.isFinite(v)) {
        finite.put(k, v);
      }
    });
    return new ServingModel.Provenance(jobId, trainer, LibraryVersion.get(),
        LibraryVersion.runtime(), Instant.now().truncatedTo(ChronoUnit.MILLIS), finite);
  }

  /** Column means of the features of a half without WOE, from its training rows. */
  private static Map<String, Double> means(FeatureTable training, ModelHalf half) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (half.woe() || training == null || training.rows() == 0) {
      return out;
    }
    for (ModelHalf.Feature f : half.features()) {
      int c = training.schema().indexOf(f.name());
      if (c < 0) {
        continue;
      }
      double s = 0;
      for (int r = 0; r < training.rows(); r++) {
        s += training.value(r, c);
      }
      out.put(f.name(), s / training.rows());
    }
    return out;
  }
}
