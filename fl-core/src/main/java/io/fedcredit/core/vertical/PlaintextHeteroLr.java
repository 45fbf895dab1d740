package io.fedcredit.core.vertical;

import io.fedcredit.core.data.FeatureTable;

/**
 * The same algorithm as hetero logistic regression (Taylor-approximated gradient, the same
 * batches, rates, L2 and quantization of features), on the joined plaintext rows: the baseline a
 * federated run must match. For evaluation and tests only; in a real job no party has these rows.
 */
public final class PlaintextHeteroLr {
  private final HeteroLrConfig config;
  private final PartyFeatures guest;
  private final PartyFeatures host;
  private final double[] y;
  private final double[] wg;
  private final double[] wh;
  private double intercept;

  /** @param guest the guest's aligned, labelled rows; @param host the host's aligned rows */
  public PlaintextHeteroLr(FeatureTable guest, FeatureTable host, HeteroLrConfig config) {
    this.config = config;
    this.guest = new PartyFeatures(guest, config.featureBits());
    this.host = new PartyFeatures(host, config.featureBits());
    this.y = guest.labels();
    this.wg = new double[this.guest.features()];
    this.wh = new double[this.host.features()];
  }

  /** Trains for the configured epochs. */
  public void train() {
    BatchPlan plan = new BatchPlan(y.length, config.batchSize(), config.seed());
    double featureScale = Math.scalb(1.0, -config.featureBits());
    for (int e = 0; e < config.epochs(); e++) {
      double rate = config.rate(e);
      for (int b = 0; b < plan.batches(); b++) {
        int[] rows = plan.rows(e, b);
        double[] zg = guest.dot(rows, wg);
        double[] zh = host.dot(rows, wh);
        double[] gg = new double[wg.length];
        double[] gh = new double[wh.length];
        double gi = 0;
        for (int i = 0; i < rows.length; i++) {
          double d = 0.25 * (zg[i] + intercept + zh[i]) + 0.5 - y[rows[i]];
          long[] qg = guest.quantized[rows[i]];
          long[] qh = host.quantized[rows[i]];
          for (int j = 0; j < gg.length; j++) {
            gg[j] += qg[j] * featureScale * d;
          }
          for (int j = 0; j < gh.length; j++) {
            gh[j] += qh[j] * featureScale * d;
          }
          gi += d;
        }
        for (int j = 0; j < wg.length; j++) {
          wg[j] -= rate * (gg[j] / rows.length + config.l2() * wg[j]);
        }
        for (int j = 0; j < wh.length; j++) {
          wh[j] -= rate * (gh[j] / rows.length + config.l2() * wh[j]);
        }
        intercept -= rate * gi / rows.length;
      }
    }
  }

  /** Probabilities of default of the aligned rows. */
  public double[] predict() {
    int n = y.length;
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    double[] zg = guest.dot(all, wg);
    double[] zh = host.dot(all, wh);
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = 1 / (1 + Math.exp(-(zg[i] + intercept + zh[i])));
    }
    return p;
  }

  public double[] labels() {
    return y.clone();
  }
}
