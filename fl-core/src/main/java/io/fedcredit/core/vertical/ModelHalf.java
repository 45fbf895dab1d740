package io.fedcredit.core.vertical;

import io.fedcredit.core.credit.Scorecard;
import java.util.List;
import java.util.Objects;

/**
 * One party's half of a vertical model, as each party exports it: the linear model over its own
 * features in raw units and, with WOE binning, its half of the scorecard. The full log-odds of
 * default is the sum of both halves' {@code constant + sum weight * x} (with WOE, {@code x} is the
 * WOE of the value's bin); the full score is the sum of both halves' points. Immutable.
 *
 * @param modelId the same in both halves
 * @param jobId the job that trained it
 * @param party the party holding this half
 * @param role {@code guest} or {@code host}
 * @param woe whether the features enter as WOE of their bin
 * @param scale the scorecard's scale, or {@code null} without WOE
 * @param constant this half's constant term of the log-odds (the guest's includes the intercept)
 * @param features this half's features
 */
public record ModelHalf(String modelId, String jobId, String party, String role, boolean woe,
    Scorecard.Scale scale, double constant, List<Feature> features) {

  public ModelHalf {
    Objects.requireNonNull(modelId, "modelId");
    features = List.copyOf(features);
  }

  /**
   * One feature.
   *
   * @param name the feature's name in its owner's table
   * @param weight coefficient of the raw value, or of the bin's WOE
   * @param bins the bins with WOE and points (empty without WOE)
   */
  public record Feature(String name, double weight, List<Bin> bins) {
    public Feature {
      bins = List.copyOf(bins);
    }
  }

  /**
   * One bin of a feature: values in {@code (lower, upper]}, {@code null} for an open end.
   *
   * @param index bin index
   * @param label printable range
   * @param lower exclusive lower bound, or {@code null}
   * @param upper inclusive upper bound, or {@code null}
   * @param woe weight of evidence
   * @param points scorecard points
   */
  public record Bin(int index, String label, Double lower, Double upper, double woe,
      double points) {}
}
