package io.fedcredit.core.vertical;

import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.tree.BoostingConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one vertical job, held by the coordinator and sent by the arbiter to every
 * party at the start, so all sides use the same. Immutable; the constructor validates every
 * field and names the one at fault.
 *
 * @param jobId the job
 * @param guest the label holder's party id
 * @param hosts the feature holders' party ids
 * @param lr hetero logistic regression settings
 * @param woe whether to run federated binning and train on WOE-transformed features (needed for
 *     a scorecard)
 * @param maxBins most quantile bins per feature
 * @param ivThreshold with {@code woe}, features whose information value is below it are dropped
 *     (0 keeps all)
 * @param testFraction share of the aligned rows held out for evaluation, in [0, 1)
 * @param scale the scorecard's scale
 * @param boost gradient-boosted trees settings: the job trains SecureBoost instead of hetero LR
 *     (with the guest's own Paillier key, {@code lr.seed()} still cutting the test rows); null
 *     for hetero LR
 */
public record VerticalJobConfig(String jobId, String guest, List<String> hosts, HeteroLrConfig lr,
    boolean woe, int maxBins, double ivThreshold, double testFraction, Scorecard.Scale scale,
    BoostingConfig boost) {

  /** The arbiter's party id in every vertical job (it runs inside the coordinator). */
  public static final String ARBITER = "arbiter";

  /** Validates. @throws IllegalArgumentException naming the field, the value and the range */
  public VerticalJobConfig {
    Objects.requireNonNull(lr, "lr");
    Objects.requireNonNull(scale, "scale");
    if (jobId == null || jobId.isBlank()) {
      throw new IllegalArgumentException("jobId must be a non-blank string");
    }
    if (guest == null || guest.isBlank()) {
      throw new IllegalArgumentException("guest must be a non-blank party id");
    }
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("hosts: a vertical job needs at least one host");
    }
    var seen = new HashSet<String>();
    seen.add(ARBITER);
    if (!seen.add(guest)) {
      throw new IllegalArgumentException("guest: '" + guest + "' is reserved for the arbiter");
    }
    for (String h : hosts) {
      if (h == null || h.isBlank() || !seen.add(h)) {
        throw new IllegalArgumentException("hosts: '" + h + "' is blank, repeated, the guest's "
            + "id or the arbiter's");
      }
    }
    if (maxBins < 2 || maxBins > 64) {
      throw new IllegalArgumentException("maxBins " + maxBins + " is outside 2..64");
    }
    if (!(ivThreshold >= 0) || Double.isInfinite(ivThreshold)) {
      throw new IllegalArgumentException("ivThreshold " + ivThreshold + " must be finite and >= 0");
    }
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction " + testFraction + " is outside [0, 1)");
    }
    if (boost != null && woe) {
      throw new IllegalArgumentException("woe: federated WOE binning feeds hetero LR's "
          + "scorecard; a SecureBoost job (boost set) bins its own features");
    }
  }

  /** A hetero LR job (no boosting). */
  public VerticalJobConfig(String jobId, String guest, List<String> hosts, HeteroLrConfig lr,
      boolean woe, int maxBins, double ivThreshold, double testFraction, Scorecard.Scale scale) {
    this(jobId, guest, hosts, lr, woe, maxBins, ivThreshold, testFraction, scale, null);
  }

  /** A job with one host, default settings, no WOE and no test fraction. */
  public static VerticalJobConfig of(String jobId, String guest, String host, HeteroLrConfig lr) {
    return new VerticalJobConfig(jobId, guest, List.of(host), lr, false, 10, 0, 0,
        Scorecard.Scale.standard());
  }

  /** The same job with federated WOE binning on or off, and an IV threshold. */
  public VerticalJobConfig withWoe(boolean on, double threshold) {
    return new VerticalJobConfig(jobId, guest, hosts, lr, on, maxBins, threshold, testFraction,
        scale, boost);
  }

  /** The same job with a held-out share of the aligned rows. */
  public VerticalJobConfig withTestFraction(double f) {
    return new VerticalJobConfig(jobId, guest, hosts, lr, woe, maxBins, ivThreshold, f, scale,
        boost);
  }

  /** The same job training SecureBoost trees with these settings (null: hetero LR). */
  public VerticalJobConfig withSecureBoost(BoostingConfig settings) {
    return new VerticalJobConfig(jobId, guest, hosts, lr, woe, maxBins, ivThreshold,
        testFraction, scale, settings);
  }

  /** The model the job trains: {@code secureboost} or {@code hetero-lr}. */
  public String model() {
    return boost != null ? "secureboost" : "hetero-lr";
  }

  /** Every party of the job: guest, hosts, arbiter. */
  public List<String> parties() {
    var out = new java.util.ArrayList<String>();
    out.add(guest);
    out.addAll(hosts);
    out.add(ARBITER);
    return List.copyOf(out);
  }
}
