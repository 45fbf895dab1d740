package io.fedcredit.core.serving;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.credit.Scorecard;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One party's part of a vertical linear model as it is served: hetero logistic regression on raw
 * features, or on the weight of evidence of each feature's bin with scorecard points per bin.
 * The log-odds of default of an applicant is the sum over all parts of
 * {@link #evaluate this part's log-odds}; the score is the sum of the parts' points, plus the
 * scale's offset for a model without WOE (whose parts express {@code -factor * log-odds} as
 * points). Evaluation sees only this party's features and returns sums and per-feature point
 * losses, never a feature value. Immutable and thread-safe.
 */
public final class LinearPart {

  /**
   * One feature of the part.
   *
   * @param name the feature's name in its owner's table
   * @param weight coefficient of the raw value, or of the bin's WOE
   * @param reference raw features: the training mean, against which a reason code counts the
   *     points lost (0 when unknown); unused with WOE
   * @param edges with WOE: the feature's bins; {@code null} without
   * @param woe with WOE: WOE per bin; empty without
   * @param points with WOE: scorecard points per bin; empty without
   */
  public record Feature(String name, double weight, double reference, BinEdges edges,
      double[] woe, double[] points) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the feature and what is wrong
     */
    public Feature {
      Objects.requireNonNull(name, "name");
      woe = woe.clone();
      points = points.clone();
      if (!Double.isFinite(weight) || !Double.isFinite(reference)) {
        throw new IllegalArgumentException("feature '" + name + "': weight " + weight
            + " and reference " + reference + " must be finite");
      }
      if (edges != null) {
        if (woe.length != edges.bins() || points.length != edges.bins()) {
          throw new IllegalArgumentException("feature '" + name + "': " + edges.bins()
              + " bins but " + woe.length + " WOE values and " + points.length + " points");
        }
        for (int b = 0; b < woe.length; b++) {
          if (!Double.isFinite(woe[b]) || !Double.isFinite(points[b])) {
            throw new IllegalArgumentException("feature '" + name + "', bin " + b
                + ": WOE " + woe[b] + " and points " + points[b] + " must be finite");
          }
        }
      } else if (woe.length != 0 || points.length != 0) {
        throw new IllegalArgumentException("feature '" + name + "' has WOE or points but no bins");
      }
    }

    @Override
    public double[] woe() {
      return woe.clone();
    }

    @Override
    public double[] points() {
      return points.clone();
    }

    /** Bins of the feature (1 without WOE). */
    public int bins() {
      return edges == null ? 1 : edges.bins();
    }
  }

  /**
   * What one part says about one applicant.
   *
   * @param logOdds this part's share of the log-odds of default
   * @param points this part's points (see {@link LinearPart})
   * @param reasonFeatures indices of the features that lost the most points, largest loss first
   * @param reasonPoints the points each of them lost (all positive)
   */
  public record Evaluation(double logOdds, double points, int[] reasonFeatures,
      double[] reasonPoints) {}

  private final boolean woe;
  private final double constant;
  private final Scorecard.Scale scale;
  private final double factor;
  private final List<Feature> features;
  private final Feature[] array;
  private final double[] best; // with WOE: the best points of each feature

  /**
   * Builds a part.
   *
   * @param woe whether the features enter as the WOE of their bin (then every feature has bins)
   * @param constant this part's constant of the log-odds (the bank's includes the intercept)
   * @param scale the scorecard's scale (plain hetero LR uses it to express log-odds as points)
   * @throws IllegalArgumentException when a feature's bins do not fit {@code woe}, a name repeats,
   *     or a number is not finite
   */
  public LinearPart(boolean woe, double constant, Scorecard.Scale scale, List<Feature> features) {
    this.woe = woe;
    if (!Double.isFinite(constant)) {
      throw new IllegalArgumentException("constant " + constant + " is not finite");
    }
    this.constant = constant;
    this.scale = Objects.requireNonNull(scale, "scale");
    this.factor = scale.factor();
    this.features = List.copyOf(features);
    this.array = this.features.toArray(new Feature[0]);
    this.best = new double[array.length];
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int j = 0; j < array.length; j++) {
      Feature f = array[j];
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException("feature '" + f.name() + "' appears twice");
      }
      if (woe != (f.edges() != null)) {
        throw new IllegalArgumentException("feature '" + f.name() + "': "
            + (woe ? "a WOE model needs bins for every feature"
                : "has bins in a model without WOE"));
      }
      best[j] = woe ? Arrays.stream(f.points).max().orElseThrow() : 0;
    }
  }

  public boolean woe() {
    return woe;
  }

  public double constant() {
    return constant;
  }

  public Scorecard.Scale scale() {
    return scale;
  }

  /** The features, in the order {@link #evaluate} takes their values. */
  public List<Feature> features() {
    return features;
  }

  /** Feature names, in order. */
  public List<String> featureNames() {
    return features.stream().map(Feature::name).toList();
  }

  /** Bins per feature with WOE (in order), empty without. */
  public int[] bins() {
    return woe ? features.stream().mapToInt(Feature::bins).toArray() : new int[0];
  }

  /**
   * This part's log-odds, points and largest point losses for one applicant.
   *
   * @param values a value for every feature, in {@link #features()} order (not kept)
   * @param maxReasons how many point losses to return at most (0 for none)
   * @throws IllegalArgumentException when the number of values is wrong
   */
  public Evaluation evaluate(double[] values, int maxReasons) {
    if (values.length != array.length) {
      throw new IllegalArgumentException(values.length + " values for " + array.length
          + " features");
    }
    double z = constant;
    double pts = 0;
    double[] loss = maxReasons > 0 ? new double[array.length] : null;
    for (int j = 0; j < array.length; j++) {
      Feature f = array[j];
      double x = values[j];
      if (woe) {
        int b = f.edges().binOf(x);
        z += f.weight() * f.woe[b];
        pts += f.points[b];
        if (loss != null) {
          loss[j] = best[j] - f.points[b];
        }
      } else {
        z += f.weight() * x;
        if (loss != null) {
          loss[j] = factor * f.weight() * (x - f.reference());
        }
      }
    }
    if (!woe) {
      pts = -factor * z;
    }
    return loss == null ? new Evaluation(z, pts, new int[0], new double[0])
        : top(z, pts, loss, maxReasons);
  }

  /** The score of a whole model whose parts' points add up to {@code pointsOfAllParts}. */
  public double score(double pointsOfAllParts) {
    return woe ? pointsOfAllParts : scale.offset() + pointsOfAllParts;
  }

  private static Evaluation top(double z, double pts, double[] loss, int max) {
    // selection of the few largest positive losses; k and the feature count are small
    int k = 0;
    int[] idx = new int[Math.min(max, loss.length)];
    double[] val = new double[idx.length];
    for (int j = 0; j < loss.length; j++) {
      double l = loss[j];
      if (!(l > 1e-9)) {
        continue;
      }
      int pos = k < idx.length ? k++ : idx.length;
      if (pos == idx.length && l <= val[idx.length - 1]) {
        continue;
      }
      pos = Math.min(pos, idx.length - 1);
      while (pos > 0 && val[pos - 1] < l) {
        idx[pos] = idx[pos - 1];
        val[pos] = val[pos - 1];
        pos--;
      }
      idx[pos] = j;
      val[pos] = l;
    }
    return new Evaluation(z, pts, Arrays.copyOf(idx, k), Arrays.copyOf(val, k));
  }

  /** The kind and the feature names, for logs; never a value or a weight. */
  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (Feature f : array) {
      names.add(f.name());
    }
    return "LinearPart[" + (woe ? "woe" : "raw") + ", " + names + "]";
  }
}
