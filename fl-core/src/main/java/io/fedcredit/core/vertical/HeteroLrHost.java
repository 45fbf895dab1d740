package io.fedcredit.core.vertical;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.vertical.HeteroLrMessages.Decrypted;
import io.fedcredit.core.vertical.HeteroLrMessages.HostForward;
import io.fedcredit.core.vertical.HeteroLrMessages.MaskedGradient;
import io.fedcredit.core.vertical.HeteroLrMessages.Residual;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.FixedPointEncoding;
import io.fedcredit.crypto.paillier.HomomorphicLinearAlgebra;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * A host (the platform's data node) in hetero logistic regression: holds features and its part
 * of the weights; sends only encrypted partial predictors and masked encrypted gradients, and
 * learns only its own gradient. Rows must already be aligned with the guest's (after PSI). Not
 * thread-safe.
 */
public final class HeteroLrHost {
  private final String id;
  private final HeteroLrConfig config;
  private final PaillierPublicKey key;
  private final FixedPointEncoding encoding;
  private final PartyFeatures features;
  private final BatchPlan plan;
  private final GradientMasks masks;
  private final double[] weights;
  private final List<String> featureNames;
  private int[] batchRows;

  /**
   * @param table the host's aligned features (no label)
   * @param arbiterKey the arbiter's Paillier public key
   */
  public HeteroLrHost(String id, FeatureTable table, HeteroLrConfig config,
      PaillierPublicKey arbiterKey, SecureRandom random) {
    if (table.hasLabels()) {
      throw new IllegalArgumentException("a host holds features only; " + id
          + "'s table has a label column");
    }
    this.id = id;
    this.config = config;
    this.key = arbiterKey;
    this.encoding = FixedPointEncoding.withFractionalBits(config.residualBits());
    this.features = new PartyFeatures(table, config.featureBits());
    this.plan = new BatchPlan(table.rows(), config.batchSize(), config.seed());
    this.masks = new GradientMasks(config.maskBits(), config.residualBits(), random);
    this.weights = new double[features.features()];
    this.featureNames = table.schema().featureNames();
  }

  public String id() {
    return id;
  }

  /** Step 1: encrypted partial predictors of a batch (and squares for the epoch's loss rows). */
  public HostForward forward(int epoch, int batch) {
    batchRows = plan.rows(epoch, batch);
    double[] u = features.dot(batchRows, weights);
    Ciphertext[] enc = key.encryptAll(u, encoding);
    Ciphertext[] squares = new Ciphertext[0];
    if (batch == 0 && config.lossRows() > 0) {
      double[] u2 = new double[Math.min(config.lossRows(), u.length)];
      for (int i = 0; i < u2.length; i++) {
        u2[i] = u[i] * u[i];
      }
      squares = key.encryptAll(u2, encoding);
    }
    return new HostForward(id, epoch, batch, Arrays.asList(enc), Arrays.asList(squares));
  }

  /** Step 3: {@code X_h^T [[4 d]]} of the batch, masked for the arbiter. */
  public MaskedGradient gradient(Residual residual) {
    if (batchRows == null || residual.scaledResidual().size() != batchRows.length) {
      throw new IllegalStateException(id + ": residual for " + residual.scaledResidual().size()
          + " rows does not match the current batch");
    }
    Ciphertext[] g = HomomorphicLinearAlgebra.transposeTimes(
        features.quantizedRows(batchRows), residual.scaledResidual().toArray(new Ciphertext[0]));
    return new MaskedGradient(id, residual.epoch(), residual.batch(), masks.mask(g));
  }

  /** Step 4: unmasks the arbiter's decryption and takes a gradient step. */
  public void update(Decrypted decrypted) {
    double[] g = PartyFeatures.gradients(masks.unmask(decrypted.maskedScaled()),
        config.featureBits(), config.residualBits(), batchRows.length);
    double rate = config.rate(decrypted.epoch());
    for (int j = 0; j < weights.length; j++) {
      weights[j] -= rate * (g[j] + config.l2() * weights[j]);
    }
  }

  /**
   * The partial linear scores {@code X_h w_h} of the host's aligned rows, for the guest's
   * evaluation; reveals these sums (as online scoring does), never the features.
   */
  public double[] partialScores() {
    int[] all = new int[features.x.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return features.dot(all, weights);
  }

  /** The partial scores of new rows with the host's features (raw, unstandardized). */
  public double[] partialScores(FeatureTable table) {
    return features.scores(table, featureNames, weights);
  }

  /**
   * The host's model in raw feature units: weight per feature, then the constant (the part of
   * the intercept that standardization moved to this side).
   */
  public double[] rawModel() {
    return features.rawModel(weights);
  }

  /** A copy of the host's weights (on its standardized features). */
  public double[] weights() {
    return weights.clone();
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
