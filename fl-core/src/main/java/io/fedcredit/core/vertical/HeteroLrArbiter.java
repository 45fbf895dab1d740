package io.fedcredit.core.vertical;

import io.fedcredit.core.vertical.HeteroLrMessages.Decrypted;
import io.fedcredit.core.vertical.HeteroLrMessages.EncryptedLoss;
import io.fedcredit.core.vertical.HeteroLrMessages.EpochResult;
import io.fedcredit.core.vertical.HeteroLrMessages.MaskedGradient;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The arbiter (run by the coordinator): holds the Paillier key pair, decrypts the parties'
 * masked gradients (learning nothing about the gradients: the masks are uniform and
 * {@code maskBits} longer) and the loss, and decides convergence. It never receives the
 * guest-host messages in a form it could decrypt: they travel sealed. Not thread-safe.
 */
public final class HeteroLrArbiter {
  private final PaillierKeyPair keys;
  private final HeteroLrConfig config;
  private final List<Double> losses = new ArrayList<>();
  private long decrypted;

  public HeteroLrArbiter(PaillierKeyPair keys, HeteroLrConfig config) {
    this.keys = keys;
    this.config = config;
  }

  public PaillierPublicKey publicKey() {
    return keys.publicKey();
  }

  /** Decrypts a masked gradient. */
  public Decrypted decrypt(MaskedGradient m) {
    List<BigInteger> out = new ArrayList<>(m.masked().size());
    for (Ciphertext c : m.masked()) {
      out.add(keys.privateKey().decrypt(c).scaledValue());
    }
    decrypted += out.size();
    return new Decrypted(m.party(), m.epoch(), m.batch(), out);
  }

  /**
   * Closes an epoch: decrypts the loss (NaN when none was computed, e.g. with several hosts) and
   * says whether the loss moved by less than the tolerance since the previous epoch.
   */
  public EpochResult endEpoch(int epoch, EncryptedLoss loss) {
    double value = Double.NaN;
    if (loss != null) {
      value = keys.privateKey().decrypt(loss.loss()).toDouble()
          / Math.scalb(1.0, loss.scaleBits()) / loss.rows();
    }
    boolean converged = !Double.isNaN(value) && !losses.isEmpty()
        && !Double.isNaN(losses.get(losses.size() - 1))
        && Math.abs(losses.get(losses.size() - 1) - value) < config.tolerance();
    losses.add(value);
    return new EpochResult(epoch, value, converged);
  }

  /** Taylor losses per epoch so far. */
  public List<Double> losses() {
    return List.copyOf(losses);
  }

  /** How many values the arbiter has decrypted (all masked gradient coordinates). */
  public long decryptedValues() {
    return decrypted;
  }
}
