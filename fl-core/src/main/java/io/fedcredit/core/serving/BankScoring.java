package io.fedcredit.core.serving;

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
 */
public final class BankScoring {
  private final ServingModel model;
  private final LinearPart part;
  private final List<PartRef> dataNodes;
  private final CutOff cutOff;
  private final int maxReasons;

  /**
   * @param bankHalf the bank's half of a vertical linear model
   * @param maxReasons reason codes per applicant, 0 to {@link PartialScoreEngine#MAX_REASONS}
   * @throws IllegalArgumentException when the model is not a linear bank half or
   *     {@code maxReasons} is out of range
   */
  public BankScoring(ServingModel bankHalf, CutOff cutOff, int maxReasons) {
    if (bankHalf.part() != ServingModel.Part.BANK_HALF
        || bankHalf.kind() != ServingModel.Kind.LINEAR) {
      throw new IllegalArgumentException(bankHalf.describe() + " is not the bank half of a "
          + "vertical linear model");
    }
    if (maxReasons < 0 || maxReasons > PartialScoreEngine.MAX_REASONS) {
      throw new IllegalArgumentException("reason codes " + maxReasons + " not in 0.."
          + PartialScoreEngine.MAX_REASONS);
    }
    this.model = bankHalf;
    this.part = bankHalf.linear();
    this.dataNodes = bankHalf.dataNodes();
    this.cutOff = Objects.requireNonNull(cutOff, "cutOff");
    this.maxReasons = maxReasons;
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
    return part.featureNames();
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
    List<String> names = part.featureNames();
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

  /** The bank's own part for one applicant. */
  public LinearPart.Evaluation evaluateBank(double[] bankValues) {
    return part.evaluate(bankValues, maxReasons);
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
    for (PartialResult p : r.getResultsList()) {
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
   * Combines the bank's part with one checked answer per data node (same order as
   * {@link #dataNodes()}).
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
    reasons.sort(Comparator.comparingDouble(ReasonCode::pointsLost).reversed());
    if (reasons.size() > maxReasons) {
      reasons = reasons.subList(0, maxReasons);
    }
    double pd = 1 / (1 + Math.exp(-z));
    double score = part.score(points);
    return new ScoreOutcome.Scored(cutOff.decide(pd, score), pd, score, reasons);
  }
}
