package io.fedcredit.core.vertical;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.vertical.HeteroLrMessages.Decrypted;
import io.fedcredit.core.vertical.HeteroLrMessages.EncryptedLoss;
import io.fedcredit.core.vertical.HeteroLrMessages.HostForward;
import io.fedcredit.core.vertical.HeteroLrMessages.MaskedGradient;
import io.fedcredit.core.vertical.HeteroLrMessages.Residual;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.HomomorphicLinearAlgebra;
import io.fedcredit.crypto.paillier.PaillierBatch;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The guest (the bank) in hetero logistic regression: holds the labels, its own features, its
 * weights and the intercept. It forms the encrypted residual from the hosts' encrypted
 * predictors, re-randomized before it goes back to the hosts (else a host could subtract its own
 * ciphertext and read the labels), and learns only its own gradient and the loss. Rows must
 * already be aligned with the hosts' (after PSI). Not thread-safe.
 */
public final class HeteroLrGuest {
  private static final int LOSS_SCALE_BITS = 16;
  private static final double LN2 = Math.log(2);

  private final HeteroLrConfig config;
  private final PartyFeatures features;
  private final double[] y;
  private final BatchPlan plan;
  private final GradientMasks masks;
  private final double[] weights;
  private double intercept;
  private final List<String> featureNames;

  private int[] batchRows;
  private Ciphertext[] residual;
  private EncryptedLoss pendingLoss;

  /** @param table the guest's aligned, labelled rows */
  public HeteroLrGuest(FeatureTable table, HeteroLrConfig config, SecureRandom random) {
    if (!table.hasLabels()) {
      throw new IllegalArgumentException("the guest's table needs its label column");
    }
    this.config = config;
    this.features = new PartyFeatures(table, config.featureBits());
    this.y = table.labels();
    this.plan = new BatchPlan(table.rows(), config.batchSize(), config.seed());
    this.masks = new GradientMasks(config.maskBits(), config.residualBits(), random);
    this.weights = new double[features.features()];
    this.featureNames = table.schema().featureNames();
  }

  /**
   * Step 2: the encrypted residual {@code [[4 d]] = sum_h [[u_h]] + (z_g + 2 - 4 y)},
   * re-randomized, for the hosts; also prepares the encrypted loss on the epoch's first batch
   * when there is exactly one host.
   */
  public Residual residual(List<HostForward> forwards) {
    if (forwards.isEmpty()) {
      throw new IllegalArgumentException("no host sent its predictors");
    }
    HostForward first = forwards.get(0);
    batchRows = plan.rows(first.epoch(), first.batch());
    int n = batchRows.length;
    Ciphertext[] sum = null;
    for (HostForward f : forwards) {
      if (f.epoch() != first.epoch() || f.batch() != first.batch()
          || f.predictors().size() != n) {
        throw new IllegalArgumentException("host " + f.host() + " sent predictors for epoch "
            + f.epoch() + " batch " + f.batch() + " (" + f.predictors().size() + " rows); expected"
            + " epoch " + first.epoch() + " batch " + first.batch() + " (" + n + " rows)");
      }
      Ciphertext[] p = f.predictors().toArray(new Ciphertext[0]);
      sum = sum == null ? p : PaillierBatch.addAll(sum, p);
    }
    double[] zg = features.dot(batchRows, weights);
    Ciphertext[] d = new Ciphertext[n];
    for (int i = 0; i < n; i++) {
      zg[i] += intercept;
      d[i] = sum[i].add(zg[i] + 2 - 4 * y[batchRows[i]]);
    }
    residual = PaillierBatch.rerandomizeAll(d);
    pendingLoss = forwards.size() == 1 && !first.squares().isEmpty()
        ? loss(first, zg) : null;
    return new Residual(first.epoch(), first.batch(), Arrays.asList(residual));
  }

  private EncryptedLoss loss(HostForward f, double[] zg) {
    int m = f.squares().size();
    long[] coeff = new long[m];
    double constant = 0;
    double scale = Math.scalb(1.0, LOSS_SCALE_BITS);
    for (int i = 0; i < m; i++) {
      double ys = 2 * y[batchRows[i]] - 1;
      constant += LN2 - 0.5 * ys * zg[i] + 0.125 * zg[i] * zg[i];
      coeff[i] = Math.round((-0.5 * ys + 0.25 * zg[i]) * scale);
    }
    Ciphertext[] u = f.predictors().subList(0, m).toArray(new Ciphertext[0]);
    Ciphertext cross = HomomorphicLinearAlgebra.innerProduct(coeff, u);
    Ciphertext squares = f.squares().get(0);
    for (int i = 1; i < m; i++) {
      squares = squares.add(f.squares().get(i));
    }
    Ciphertext total = cross.add(squares.multiply(1L << (LOSS_SCALE_BITS - 3)))
        .add(constant * scale);
    return new EncryptedLoss(f.epoch(), total, m, LOSS_SCALE_BITS);
  }

  /** Step 3: {@code X_g^T [[4 d]]} with the intercept's column, masked for the arbiter. */
  public MaskedGradient gradient(int epoch, int batch) {
    long[][] q = features.quantizedRows(batchRows);
    long one = 1L << config.featureBits();
    long[][] withIntercept = new long[q.length][];
    for (int i = 0; i < q.length; i++) {
      withIntercept[i] = Arrays.copyOf(q[i], q[i].length + 1);
      withIntercept[i][q[i].length] = one;
    }
    Ciphertext[] g = HomomorphicLinearAlgebra.transposeTimes(withIntercept, residual);
    return new MaskedGradient("guest", epoch, batch, masks.mask(g));
  }

  /** The encrypted loss prepared with this batch's residual, if any. */
  public Optional<EncryptedLoss> loss() {
    return Optional.ofNullable(pendingLoss);
  }

  /** Step 4: unmasks the arbiter's decryption and takes a gradient step. */
  public void update(Decrypted decrypted) {
    double[] g = PartyFeatures.gradients(masks.unmask(decrypted.maskedScaled()),
        config.featureBits(), config.residualBits(), batchRows.length);
    double rate = config.rate(decrypted.epoch());
    for (int j = 0; j < weights.length; j++) {
      weights[j] -= rate * (g[j] + config.l2() * weights[j]);
    }
    intercept -= rate * g[weights.length];
  }

  /**
   * Probabilities of default of the guest's aligned rows, given the hosts' partial scores of the
   * same rows (summed over hosts).
   */
  public double[] predict(double[] hostScores) {
    double[] z = logOdds(hostScores);
    for (int i = 0; i < z.length; i++) {
      z[i] = 1 / (1 + Math.exp(-z[i]));
    }
    return z;
  }

  /**
   * Log-odds of default of the guest's aligned rows, given the hosts' partial scores of the same
   * rows (summed over hosts): what {@link #predict(double[])} passes through the sigmoid.
   */
  public double[] logOdds(double[] hostScores) {
    int n = features.x.length;
    if (hostScores.length != n) {
      throw new IllegalArgumentException(hostScores.length + " host scores for " + n + " rows");
    }
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    double[] z = features.dot(all, weights);
    for (int i = 0; i < n; i++) {
      z[i] += intercept + hostScores[i];
    }
    return z;
  }

  /**
   * Probabilities of default of new rows with the guest's features (raw, unstandardized), given
   * the hosts' partial scores of the same rows.
   */
  public double[] predict(FeatureTable table, double[] hostScores) {
    double[] z = features.scores(table, featureNames, weights);
    if (hostScores.length != z.length) {
      throw new IllegalArgumentException(hostScores.length + " host scores for " + z.length
          + " rows");
    }
    for (int i = 0; i < z.length; i++) {
      z[i] = 1 / (1 + Math.exp(-(z[i] + intercept + hostScores[i])));
    }
    return z;
  }

  /**
   * The guest's model in raw feature units: weight per feature, then the constant (intercept
   * plus the part standardization moved to this side).
   */
  public double[] rawModel() {
    double[] m = features.rawModel(weights);
    m[weights.length] += intercept;
    return m;
  }

  /** The labels of the aligned rows (for evaluation on the guest's side). */
  public double[] labels() {
    return y.clone();
  }

  public double[] weights() {
    return weights.clone();
  }

  public double intercept() {
    return intercept;
  }

  public Standardizer standardizer() {
    return features.standardizer;
  }

  public List<String> featureNames() {
    return featureNames;
  }

  public int batches() {
    return plan.batches();
  }
}
