package io.fedcredit.core.serving;

import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.serving.ScoreOutcome.ReasonCode;
import io.fedcredit.core.serving.ServingModel.PartRef;
import io.fedcredit.proto.PartialResult;
import io.fedcredit.proto.PartialScoreResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bank's side of online scoring, without sockets: the bank's own part of the log-odds and
 * points, the checks on each data node's answer, and the combination into a probability of
 * default, a score, a decision and reason codes. {@code CreditScorer} in {@code fl-client} adds
 * the calls, deadlines and the audit log around it. Immutable and thread-safe.
 *
 * <p>Models: the bank half of a vertical linear model (each data node answers its partial
 * log-odds and point losses), the bank half of a SecureBoost model (each data node answers one
 * decision bit per split of its half; the bank walks its trees), or a whole tree model (no data
 * node). A tree model's reason codes attribute each tree's change of value along the applicant's
 * path to the split's feature (Saabas); a data node's split counts for that data node as a
 * whole, named {@code <data node>/*}, since the bank knows its splits by id only.
 */
public final class BankScoring {
  /** The suffix of a data node's name in a tree model's reason codes: {@code platform/*}. */
  public static final String WHOLE_DATA_NODE = "/*";

  private final ServingModel model;
  private final LinearPart part;
  private final TreePart.Scorer tree;
  private final List<String> ownFeatures;
  private final Scorecard.Scale scale;
  private final List<PartRef> dataNodes;
  private final CutOff cutOff;
  private final int maxReasons;

  /**
   * @param bankHalf the bank's half of a vertical linear or tree model, or a whole tree model
   * @param maxReasons reason codes per applicant, 0 to {@link PartialScoreEngine#MAX_REASONS}
   * @throws IllegalArgumentException when the model is none of those or {@code maxReasons} is
   *     out of range
   */
  public BankScoring(ServingModel bankHalf, CutOff cutOff, int maxReasons) {
    if (!scorable(bankHalf)) {
      throw new IllegalArgumentException(bankHalf.describe() + " is not the bank half of a "
          + "vertical linear or tree model, nor a whole tree model");
    }
    if (maxReasons < 0 || maxReasons > PartialScoreEngine.MAX_REASONS) {
      throw new IllegalArgumentException("reason codes " + maxReasons + " not in 0.."
          + PartialScoreEngine.MAX_REASONS);
    }
    this.model = bankHalf;
    this.dataNodes = bankHalf.dataNodes();
    if (bankHalf.kind() == ServingModel.Kind.LINEAR) {
      this.part = bankHalf.linear();
      this.tree = null;
      this.ownFeatures = part.featureNames();
      this.scale = part.scale();
    } else {
      this.part = null;
      this.tree = bankHalf.trees().scorer(dataNodes);
      this.ownFeatures = bankHalf.trees().featureNames();
      this.scale = bankHalf.trees().scale();
    }
    this.cutOff = Objects.requireNonNull(cutOff, "cutOff");
    this.maxReasons = maxReasons;
  }

  /**
   * Whether a part can be scored by a bank: a {@code BANK_HALF} of a linear or tree model, or a
   * {@code WHOLE} tree model.
   */
  public static boolean scorable(ServingModel m) {
    return m.part() == ServingModel.Part.BANK_HALF && m.kind() != ServingModel.Kind.HORIZONTAL
        || m.part() == ServingModel.Part.WHOLE && m.kind() == ServingModel.Kind.TREES;
  }

  public ServingModel model() {
    return model;
  }

  /** The data nodes' parts, in the order {@link #combine} takes their answers. */
  public List<PartRef> dataNodes() {
    return dataNodes;
  }

  /** The bank's features, in the order {@link #evaluateBank} takes their values. */
  public List<String> bankFeatures() {
    return ownFeatures;
  }

  public int maxReasons() {
    return maxReasons;
  }

  public CutOff cutOff() {
    return cutOff;
  }

  /**
   * The bank's feature values in model order.
   *
   * @param features the applicant's bank features by name (extra entries are ignored)
   * @throws IllegalArgumentException naming a missing or non-finite feature
   */
  public double[] bankValues(Map<String, Double> features) {
    List<String> names = ownFeatures;
    double[] v = new double[names.size()];
    for (int j = 0; j < v.length; j++) {
      Double x = features.get(names.get(j));
      if (x == null || !Double.isFinite(x)) {
        throw new IllegalArgumentException("bank feature '" + names.get(j) + "' is "
            + (x == null ? "missing" : "not finite (" + x + ")") + "; "
            + model.describe() + " needs " + names);
      }
      v[j] = x;
    }
    return v;
  }

  /**
   * The bank's own part for one applicant of a linear model.
   *
   * @throws IllegalStateException for a tree model (use {@link #score})
   */
  public LinearPart.Evaluation evaluateBank(double[] bankValues) {
    if (part == null) {
      throw new IllegalStateException(model.describe() + " is a tree model: its trees need the "
          + "data nodes' decisions (score(bankValues, answers))");
    }
    return part.evaluate(bankValues, maxReasons);
  }

  /**
   * Scores one applicant from the bank's values and one checked answer per data node (same
   * order as {@link #dataNodes()}; empty for a whole model).
   *
   * @return {@link ScoreOutcome.Scored}, or {@link ScoreOutcome.EnterpriseUnknown} naming the
   *     first data node that does not know the enterprise
   */
  public ScoreOutcome score(double[] bankValues, List<PartialResult> remote) {
    if (part != null) {
      return combine(evaluateBank(bankValues), remote);
    }
    if (remote.size() != dataNodes.size()) {
      throw new IllegalArgumentException(remote.size() + " answers for " + dataNodes.size()
          + " data nodes");
    }
    byte[][] decisions = new byte[remote.size()][];
    for (int d = 0; d < decisions.length; d++) {
      PartialResult r = remote.get(d);
      if (!r.getKnown()) {
        return new ScoreOutcome.EnterpriseUnknown(dataNodes.get(d).party());
      }
      decisions[d] = r.getSplitDecisions().toByteArray();
    }
    double[] contributions = maxReasons > 0 ? new double[tree.slots()] : null;
    double z = tree.logOdds(bankValues, decisions, contributions);
    List<ReasonCode> reasons = new ArrayList<>();
    double factor = scale.factor();
    for (int k = 0; contributions != null && k < contributions.length; k++) {
      double lost = factor * contributions[k];
      if (lost > 1e-9) {
        reasons.add(new ReasonCode(k < tree.ownFeatures() ? ownFeatures.get(k)
            : dataNodes.get(k - tree.ownFeatures()).party() + WHOLE_DATA_NODE, lost));
      }
    }
    return scored(z, scale.offset() - factor * z, reasons);
  }

  private ScoreOutcome scored(double logOdds, double score, List<ReasonCode> reasons) {
    reasons.sort(Comparator.comparingDouble(ReasonCode::pointsLost).reversed());
    if (reasons.size() > maxReasons) {
      reasons = reasons.subList(0, maxReasons);
    }
    double pd = 1 / (1 + Math.exp(-logOdds));
    return new ScoreOutcome.Scored(cutOff.decide(pd, score), pd, score, reasons);
  }

  /**
   * Checks a data node's answer against the model: id, version, schema fingerprint and number of
   * results.
   *
   * @param node index into {@link #dataNodes()}
   * @return {@code null} when it fits, else what does not (for a
   *     {@link ScoreOutcome.ModelVersionMismatch})
   */
  public String mismatch(int node, PartialScoreResponse r, int expectedResults) {
    PartRef ref = dataNodes.get(node);
    if (!r.getModelId().equals(model.modelId()) || r.getModelVersion() != model.version()) {
      return "answered for model '" + r.getModelId() + "' version " + r.getModelVersion()
          + ", asked for '" + model.modelId() + "' version " + model.version();
    }
    if (r.getSchemaFingerprint() != ref.fingerprint()) {
      return String.format(java.util.Locale.ROOT, "serves another schema under %s: "
          + "fingerprint %016x, the bank half expects %016x (features %s)", model.describe(),
          r.getSchemaFingerprint(), ref.fingerprint(), ref.features());
    }
    if (r.getResultsCount() != expectedResults) {
      return "answered " + r.getResultsCount() + " results for " + expectedResults + " ids";
    }
    int bytes = (ref.splitIds().size() + 7) / 8;
    for (PartialResult p : r.getResultsList()) {
      if (tree != null) {
        if (p.getKnown() && p.getSplitDecisions().size() != bytes) {
          return "sent " + p.getSplitDecisions().size() + " bytes of split decisions for "
              + ref.splitIds().size() + " splits";
        }
        continue;
      }
      if (p.getReasonFeaturesCount() != p.getReasonPointsCount()) {
        return "sent " + p.getReasonFeaturesCount() + " reason features with "
            + p.getReasonPointsCount() + " point losses";
      }
      for (int i : p.getReasonFeaturesList()) {
        if (i < 0 || i >= ref.features().size()) {
          return "named feature " + i + " of its " + ref.features().size();
        }
      }
      if (p.getKnown() && !(Double.isFinite(p.getLogOdds()) && Double.isFinite(p.getPoints()))) {
        return "sent a non-finite partial score";
      }
    }
    return null;
  }

  /**
   * Combines the bank's part of a linear model with one checked answer per data node (same
   * order as {@link #dataNodes()}).
   *
   * @return {@link ScoreOutcome.Scored}, or {@link ScoreOutcome.EnterpriseUnknown} naming the
   *     first data node that does not know the enterprise
   */
  public ScoreOutcome combine(LinearPart.Evaluation bank, List<PartialResult> remote) {
    if (remote.size() != dataNodes.size()) {
      throw new IllegalArgumentException(remote.size() + " answers for " + dataNodes.size()
          + " data nodes");
    }
    double z = bank.logOdds();
    double points = bank.points();
    List<ReasonCode> reasons = new ArrayList<>();
    List<String> own = part.featureNames();
    for (int k = 0; k < bank.reasonFeatures().length; k++) {
      reasons.add(new ReasonCode(own.get(bank.reasonFeatures()[k]), bank.reasonPoints()[k]));
    }
    for (int d = 0; d < remote.size(); d++) {
      PartialResult r = remote.get(d);
      PartRef ref = dataNodes.get(d);
      if (!r.getKnown()) {
        return new ScoreOutcome.EnterpriseUnknown(ref.party());
      }
      z += r.getLogOdds();
      points += r.getPoints();
      for (int k = 0; k < r.getReasonFeaturesCount(); k++) {
        reasons.add(new ReasonCode(ref.party() + "/" + ref.features().get(r.getReasonFeatures(k)),
            r.getReasonPoints(k)));
      }
    }
    return scored(z, part.score(points), reasons);
  }
}
