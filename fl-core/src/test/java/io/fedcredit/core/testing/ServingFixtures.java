package io.fedcredit.core.testing;

import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.Schema;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.serving.ServingExport;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.serving.ServingModel.Part;
import io.fedcredit.core.serving.ServingModel.PartRef;
import io.fedcredit.core.serving.TreePart;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeNode;
import io.fedcredit.core.vertical.SecureBoostHostModel;
import io.fedcredit.core.vertical.ModelHalf;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small hand-written served models for tests: a vertical pair (bank {@code bank-a} with features
 * {@code b1, b2}; data node {@code platform} with {@code p1, p2, p3}), with WOE scorecard points or
 * as plain hetero LR, the data node's feature table and bank applicants to go with it, a whole
 * horizontal model, and tree models (a SecureBoost pair, a whole GBDT). Deterministic: the same numbers every run.
 */
public final class ServingFixtures {
  public static final String BANK = "bank-a";
  public static final String PLATFORM = "platform";
  public static final List<String> BANK_FEATURES = List.of("b1", "b2");
  public static final List<String> PLATFORM_FEATURES = List.of("p1", "p2", "p3");

  private ServingFixtures() {}

  /** The bank half and the data node half of a WOE scorecard, in that order. */
  public static List<ServingModel> scorecardPair(String modelId, long version,
      String federation) {
    return pair(modelId, version, federation, true);
  }

  /** The bank half and the data node half of a plain hetero LR, in that order. */
  public static List<ServingModel> rawPair(String modelId, long version, String federation) {
    return pair(modelId, version, federation, false);
  }

  private static List<ServingModel> pair(String modelId, long version, String federation,
      boolean woe) {
    ModelHalf bank = half(BANK, "guest", BANK_FEATURES, woe, -1.25, 0);
    ModelHalf platform = half(PLATFORM, "host", PLATFORM_FEATURES, woe, 0.4, 10);
    List<Integer> bins = new ArrayList<>();
    for (ModelHalf.Feature f : platform.features()) {
      if (woe) {
        bins.add(f.bins().size());
      }
    }
    Map<String, Double> bankRefs = new LinkedHashMap<>(Map.of("b1", 0.5, "b2", 2.0));
    Map<String, Double> platformRefs = new LinkedHashMap<>(Map.of("p1", 1.0, "p2", -0.5,
        "p3", 3.0));
    ServingModel b = ServingExport.fromHalf(bank, Part.BANK_HALF,
        List.of(PartRef.known(PLATFORM, Part.DATA_NODE_HALF, woe, PLATFORM_FEATURES, bins)),
        bankRefs, modelId, version, federation, Map.of("train_auc", 0.75));
    ServingModel p = ServingExport.fromHalf(platform, Part.DATA_NODE_HALF,
        List.of(PartRef.unknown(BANK, Part.BANK_HALF)), platformRefs, modelId, version,
        federation, Map.of());
    return List.of(b, p);
  }

  /**
   * A WOE scorecard over two data nodes: the bank half, then {@code platform-a} with
   * {@code p1, p2} and {@code platform-b} with {@code p3} (both read {@link #platformTable}).
   */
  public static List<ServingModel> twoNodeScorecard(String modelId, long version,
      String federation) {
    ModelHalf bank = half(BANK, "guest", BANK_FEATURES, true, -1.25, 0);
    ModelHalf all = half(PLATFORM, "host", PLATFORM_FEATURES, true, 0.4, 10);
    List<ServingModel> nodes = new ArrayList<>();
    List<PartRef> refs = new ArrayList<>();
    String[] names = {"platform-a", "platform-b"};
    for (int n = 0; n < 2; n++) {
      List<ModelHalf.Feature> mine = n == 0 ? all.features().subList(0, 2)
          : all.features().subList(2, 3);
      ModelHalf h = new ModelHalf(all.modelId(), all.jobId(), names[n], "host", true,
          all.scale(), n == 0 ? all.constant() : 0, mine);
      List<String> fs = mine.stream().map(ModelHalf.Feature::name).toList();
      List<Integer> bins = mine.stream().map(f -> f.bins().size()).toList();
      refs.add(PartRef.known(names[n], Part.DATA_NODE_HALF, true, fs, bins));
      nodes.add(ServingExport.fromHalf(h, Part.DATA_NODE_HALF,
          List.of(PartRef.unknown(BANK, Part.BANK_HALF)), Map.of(), modelId, version,
          federation, Map.of()));
    }
    List<ServingModel> out = new ArrayList<>();
    out.add(ServingExport.fromHalf(bank, Part.BANK_HALF, refs, Map.of(), modelId, version,
        federation, Map.of()));
    out.addAll(nodes);
    return out;
  }

  private static ModelHalf half(String party, String role, List<String> names, boolean woe,
      double constant, int salt) {
    List<ModelHalf.Feature> features = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      double weight = (j % 2 == 0 ? -0.6 : 0.45) * (1 + 0.1 * (j + salt));
      List<ModelHalf.Bin> bins = new ArrayList<>();
      if (woe) {
        int k = 3 + j;
        for (int b = 0; b < k; b++) {
          Double lower = b == 0 ? null : b - 0.5 + j;
          Double upper = b == k - 1 ? null : b + 0.5 + j;
          double w = 0.8 - 0.4 * b + 0.05 * salt;
          bins.add(new ModelHalf.Bin(b, "bin " + b, lower, upper, w, 40 - 7.5 * b + j));
        }
      }
      features.add(new ModelHalf.Feature(names.get(j), weight, bins));
    }
    return new ModelHalf("fixture", "fixture-job", party, role, woe,
        woe ? Scorecard.Scale.standard() : null, constant, features);
  }

  /**
   * The data node's table: enterprises {@code e-0 .. e-(rows-1)} with columns {@code p3, x, p1,
   * p2} (another order than the model's, and an extra column), values spread over every bin.
   */
  public static FeatureTable platformTable(int rows, double shift) {
    List<String> cols = List.of("p3", "x", "p1", "p2");
    String[] ids = new String[rows];
    double[] v = new double[rows * cols.size()];
    for (int r = 0; r < rows; r++) {
      ids[r] = "e-" + r;
      for (int c = 0; c < cols.size(); c++) {
        v[r * cols.size() + c] = ((r * 7 + c * 3) % 11) * 0.6 - 0.4 + shift;
      }
    }
    return FeatureTable.of(Schema.unlabelled("id", cols), ids, null, v);
  }

  /** Bank features of applicant {@code i}. */
  public static Map<String, Double> bankApplicant(int i) {
    return Map.of("b1", (i % 5) * 0.7 - 0.3, "b2", (i % 3) * 1.1 + 0.2);
  }

  /**
   * The bank half and the data node half of a small SecureBoost model, in that order: three trees
   * over the bank's {@code b1, b2} and four splits of {@code platform} (on {@code p1, p2, p3}),
   * known to the bank by id only. {@code idShift} shifts the data node's split ids (another
   * training run under the same model id).
   */
  public static List<ServingModel> treePair(String modelId, long version, String federation,
      long idShift) {
    long[] ids = {101 + idShift, 205 + idShift, 330 + idShift, 412 + idShift};
    SecureBoostHostModel table = new SecureBoostHostModel(PLATFORM, PLATFORM_FEATURES, List.of(
        new SecureBoostHostModel.Split(ids[2], 2, 2.0),
        new SecureBoostHostModel.Split(ids[0], 0, 0.8),
        new SecureBoostHostModel.Split(ids[3], 0, 3.2),
        new SecureBoostHostModel.Split(ids[1], 1, 1.4)));
    BoostedTrees trees = new BoostedTrees(BANK_FEATURES, -1.9, List.of(
        new TreeModel(List.of(
            split(1, 2, new SplitRule.Threshold(0, 0.5), 0.0),
            split(3, 4, remote(ids[0]), -0.1),
            split(5, 6, remote(ids[1]), 0.12),
            TreeNode.leaf(-0.3, 10), TreeNode.leaf(0.05, 10), TreeNode.leaf(0.02, 10),
            TreeNode.leaf(0.4, 10))),
        new TreeModel(List.of(
            split(1, 2, remote(ids[2]), 0.01),
            split(3, 4, new SplitRule.Threshold(1, 1.5), -0.05),
            TreeNode.leaf(0.2, 10), TreeNode.leaf(-0.15, 10), TreeNode.leaf(0.1, 10))),
        new TreeModel(List.of(
            split(1, 2, remote(ids[3]), 0.0),
            TreeNode.leaf(-0.08, 10), TreeNode.leaf(0.09, 10)))));
    TreePart bank = TreePart.ofTrees(trees, Scorecard.Scale.standard());
    TreePart node = TreePart.ofSplits(table, Scorecard.Scale.standard());
    ServingModel.Provenance prov = new ServingModel.Provenance("fixture-job", "secureboost",
        "fixture", "fixture", Instant.now().truncatedTo(ChronoUnit.MILLIS),
        Map.of("train_auc", 0.7));
    List<Long> sorted = java.util.Arrays.stream(ids).boxed().toList();
    ServingModel b = ServingModel.trees(modelId, version, Part.BANK_HALF, BANK, federation,
        prov, List.of(PartRef.tree(BANK, Part.BANK_HALF, BANK_FEATURES, List.of()),
            PartRef.tree(PLATFORM, Part.DATA_NODE_HALF, PLATFORM_FEATURES, sorted)), bank);
    ServingModel p = ServingModel.trees(modelId, version, Part.DATA_NODE_HALF, PLATFORM,
        federation, prov, List.of(PartRef.tree(PLATFORM, Part.DATA_NODE_HALF,
            PLATFORM_FEATURES, sorted), PartRef.unknown(BANK, Part.BANK_HALF)), node);
    return List.of(b, p);
  }

  private static SplitRule.Remote remote(long id) {
    return new SplitRule.Remote(PLATFORM, id);
  }

  private static TreeNode split(int left, int right, SplitRule rule, double value) {
    return new TreeNode(left, right, rule, value, 1.0, 20);
  }

  /** A whole gradient-boosted model (horizontal GBDT) over {@code a, b}. */
  public static BoostedTrees wholeTrees() {
    return new BoostedTrees(List.of("a", "b"), -1.2, List.of(
        new TreeModel(List.of(
            split(1, 2, new SplitRule.Threshold(0, 1.0), 0.0),
            split(3, 4, new SplitRule.Threshold(1, 0.5), -0.1),
            TreeNode.leaf(0.3, 10), TreeNode.leaf(-0.25, 10), TreeNode.leaf(0.05, 10))),
        new TreeModel(List.of(
            split(1, 2, new SplitRule.Threshold(1, 2.0), 0.02),
            TreeNode.leaf(-0.1, 10), TreeNode.leaf(0.15, 10)))));
  }

  /** Values of {@code a, b} for applicant {@code i} of {@link #wholeTrees()}. */
  public static Map<String, Double> wholeApplicant(int i) {
    return Map.of("a", (i % 4) * 0.6, "b", (i % 5) * 0.55);
  }

  /** A whole horizontal logistic regression over {@code a, b}. */
  public static GlobalModel horizontalModel() {
    return new GlobalModel(ModelSpec.logreg(2, 9), List.of("a", "b"),
        Standardizer.of(new double[] {1, 2}, new double[] {3, 4}),
        new double[] {0.5, -1.25, 0.75},
        ModelProvenance.now("fixture-horizontal", 20, "FedAvg", "none", List.of("bank-a",
            "bank-b")));
  }
}
