package io.fedcredit.core.credit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A points-based scorecard from a logistic regression on weight-of-evidence features
 * (Siddiqi): {@code logit P(bad) = intercept + sum_j w_j WOE_j(x)}. With
 * {@code factor = pdo / ln 2} and {@code offset = baseScore - factor ln(baseOdds)}, the score is
 * {@code offset + factor ln(odds good:bad)}, split into points per bin of every feature, the
 * intercept and offset shared equally among the features. Features may belong to different
 * parties: each party can hold its own features' points (see {@link #half}). Immutable.
 */
public final class Scorecard {

  /**
   * The scale: a score of {@code baseScore} means odds of {@code baseOdds} goods per bad, and
   * every {@code pdo} points double the odds.
   */
  public record Scale(double baseScore, double baseOdds, double pdo) {
    public Scale {
      if (!(baseOdds > 0) || !(pdo > 0) || !Double.isFinite(baseScore)) {
        throw new IllegalArgumentException("scale needs finite base score, base odds > 0 and "
            + "pdo > 0: " + baseScore + ", " + baseOdds + ", " + pdo);
      }
    }

    /** 600 points at 50:1 odds, 20 points to double the odds. */
    public static Scale standard() {
      return new Scale(600, 50, 20);
    }

    public double factor() {
      return pdo / Math.log(2);
    }

    public double offset() {
      return baseScore - factor() * Math.log(baseOdds);
    }
  }

  /** The points of one bin of one feature. */
  public record Attribute(String feature, int bin, String label, double woe, double points) {}

  /** Why a score is low: a feature and the points it lost against its best bin. */
  public record ReasonCode(String feature, String bin, double points, double pointsBelowBest) {}

  private final Scale scale;
  private final Map<String, WoeTable.Feature> features;
  private final Map<String, double[]> points;
  private final Map<String, Double> weights;
  private final double intercept;

  private Scorecard(Scale scale, Map<String, WoeTable.Feature> features,
      Map<String, double[]> points, Map<String, Double> weights, double intercept) {
    this.scale = scale;
    this.features = features;
    this.points = points;
    this.weights = weights;
    this.intercept = intercept;
  }

  /**
   * Builds the scorecard.
   *
   * @param weights the regression weight of each feature's WOE, by feature name
   * @param intercept the regression intercept
   * @throws IllegalArgumentException if a weighted feature is not in the WOE table
   */
  public static Scorecard build(WoeTable woe, Map<String, Double> weights, double intercept,
      Scale scale) {
    Objects.requireNonNull(scale, "scale");
    int k = weights.size();
    if (k == 0) {
      throw new IllegalArgumentException("a scorecard needs at least one feature");
    }
    double factor = scale.factor();
    double offset = scale.offset();
    Map<String, WoeTable.Feature> fs = new LinkedHashMap<>();
    Map<String, double[]> pts = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      WoeTable.Feature f = woe.feature(e.getKey());
      double[] w = f.woe();
      double[] p = new double[w.length];
      for (int b = 0; b < w.length; b++) {
        p[b] = offset / k - factor * (e.getValue() * w[b] + intercept / k);
      }
      fs.put(e.getKey(), f);
      pts.put(e.getKey(), p);
    }
    return new Scorecard(scale, fs, pts, new LinkedHashMap<>(weights), intercept);
  }

  public Scale scale() {
    return scale;
  }

  /** Features in scorecard order. */
  public List<String> features() {
    return List.copyOf(points.keySet());
  }

  /** Every attribute (feature, bin) with its points, for printing or export. */
  public List<Attribute> attributes() {
    List<Attribute> out = new ArrayList<>();
    for (Map.Entry<String, double[]> e : points.entrySet()) {
      WoeTable.Feature f = features.get(e.getKey());
      double[] w = f.woe();
      for (int b = 0; b < w.length; b++) {
        out.add(new Attribute(e.getKey(), b, f.edges().label(b), w[b], e.getValue()[b]));
      }
    }
    return out;
  }

  /** Points a value of a feature earns. */
  public double points(String feature, double value) {
    double[] p = points.get(feature);
    if (p == null) {
      throw new IllegalArgumentException("no feature '" + feature + "' in the scorecard");
    }
    return p[features.get(feature).edges().binOf(value)];
  }

  /**
   * The score of an applicant.
   *
   * @param values a value for every scorecard feature, by name (extra entries ignored)
   * @throws IllegalArgumentException naming a missing feature
   */
  public double score(Map<String, Double> values) {
    double s = 0;
    for (String f : points.keySet()) {
      Double v = values.get(f);
      if (v == null) {
        throw new IllegalArgumentException("applicant has no value for feature '" + f + "'");
      }
      s += points(f, v);
    }
    return s;
  }

  /** The probability of default a score stands for. */
  public double probabilityOfDefault(double score) {
    double lnOdds = (score - scale.offset()) / scale.factor();
    return 1 / (1 + Math.exp(lnOdds));
  }

  /**
   * The {@code top} features that cost the applicant most points against each feature's best
   * bin, largest loss first (features at their best bin are not reasons).
   */
  public List<ReasonCode> reasons(Map<String, Double> values, int top) {
    List<ReasonCode> all = new ArrayList<>();
    for (Map.Entry<String, double[]> e : points.entrySet()) {
      double best = Double.NEGATIVE_INFINITY;
      for (double p : e.getValue()) {
        best = Math.max(best, p);
      }
      Double v = values.get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException("applicant has no value for feature '" + e.getKey()
            + "'");
      }
      int bin = features.get(e.getKey()).edges().binOf(v);
      double p = e.getValue()[bin];
      if (best - p > 1e-9) {
        all.add(new ReasonCode(e.getKey(), features.get(e.getKey()).edges().label(bin), p,
            best - p));
      }
    }
    all.sort(Comparator.comparingDouble(ReasonCode::pointsBelowBest).reversed());
    return all.subList(0, Math.min(top, all.size()));
  }

  /**
   * The part of this scorecard over some features, e.g. the data node's half. The halves' scores
   * add up to the whole score.
   */
  public Scorecard half(List<String> featureNames) {
    Map<String, WoeTable.Feature> fs = new LinkedHashMap<>();
    Map<String, double[]> pts = new LinkedHashMap<>();
    Map<String, Double> ws = new LinkedHashMap<>();
    for (String f : featureNames) {
      if (!points.containsKey(f)) {
        throw new IllegalArgumentException("no feature '" + f + "' in the scorecard");
      }
      fs.put(f, features.get(f));
      pts.put(f, points.get(f));
      ws.put(f, weights.get(f));
    }
    return new Scorecard(scale, fs, pts, ws, intercept);
  }

  /** A printable table: feature, bin, WOE, points. */
  public String table() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-24s %-26s %8s %8s%n",
        "feature", "bin", "WOE", "points"));
    for (Attribute a : attributes()) {
      sb.append(String.format(Locale.ROOT, "%-24s %-26s %8.3f %8.1f%n", a.feature(), a.label(),
          a.woe(), a.points()));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "Scorecard[" + points.size() + " features, " + scale + "]";
  }
}
