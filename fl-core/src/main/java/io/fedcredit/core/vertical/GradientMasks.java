package io.fedcredit.core.vertical;

import io.fedcredit.crypto.paillier.Ciphertext;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The masks a party adds to its encrypted gradient before the arbiter decrypts it: each
 * coordinate gets a fresh uniform integer {@code maskBits} bits longer than any gradient value can
 * be, so what the arbiter sees is statistically independent of the gradient (distance at most
 * {@code 2^-maskBits}). One set per batch; {@link #unmask} consumes it.
 */
final class GradientMasks {
  /**
   * Bound on |scaled gradient| beyond the residual's fractional bits: up to 2^17 rows, features
   * up to 2^(16 + 7) after quantization, residuals up to 2^6.
   */
  private static final int VALUE_BITS = 48;

  private final int maskBits;
  private final int residualBits;
  private final SecureRandom random;
  private BigInteger[] masks;

  GradientMasks(int maskBits, int residualBits, SecureRandom random) {
    this.maskBits = maskBits;
    this.residualBits = residualBits;
    this.random = random;
  }

  /** Adds fresh masks to encrypted gradient coordinates. */
  List<Ciphertext> mask(Ciphertext[] gradient) {
    masks = new BigInteger[gradient.length];
    List<Ciphertext> out = new ArrayList<>(gradient.length);
    for (int i = 0; i < gradient.length; i++) {
      masks[i] = new BigInteger(VALUE_BITS + residualBits + maskBits, random);
      out.add(gradient[i].add(gradient[i].encoding().fromScaled(masks[i])));
    }
    return out;
  }

  /** Removes the masks from the arbiter's decryption; returns the scaled gradient integers. */
  BigInteger[] unmask(List<BigInteger> decrypted) {
    if (masks == null) {
      throw new IllegalStateException("no masked gradient is outstanding");
    }
    if (decrypted.size() != masks.length) {
      throw new IllegalArgumentException("arbiter returned " + decrypted.size()
          + " values for " + masks.length + " masked coordinates");
    }
    BigInteger[] out = new BigInteger[masks.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = decrypted.get(i).subtract(masks[i]);
    }
    masks = null;
    return out;
  }
}
