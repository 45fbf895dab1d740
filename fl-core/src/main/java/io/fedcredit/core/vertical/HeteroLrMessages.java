package io.fedcredit.core.vertical;

import io.fedcredit.crypto.paillier.Ciphertext;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/** The messages of hetero logistic regression. Lists are copied and immutable. */
public final class HeteroLrMessages {
  private HeteroLrMessages() {}

  /**
   * Host to guest (sealed): the encrypted partial predictors {@code [[X_h w_h]]} of a batch and,
   * for the epoch's loss rows, their encrypted squares.
   */
  public record HostForward(String host, int epoch, int batch, List<Ciphertext> predictors,
      List<Ciphertext> squares) {
    public HostForward {
      Objects.requireNonNull(host, "host");
      predictors = List.copyOf(predictors);
      squares = List.copyOf(squares);
    }
  }

  /**
   * Guest to hosts (sealed): the encrypted, re-randomized scaled residual {@code [[4 d]]} of a
   * batch, with {@code d = 0.25 z + 0.5 - y} (the Taylor expansion of the logistic loss).
   */
  public record Residual(int epoch, int batch, List<Ciphertext> scaledResidual) {
    public Residual {
      scaledResidual = List.copyOf(scaledResidual);
    }
  }

  /** Party to arbiter: encrypted gradient coordinates plus random masks. */
  public record MaskedGradient(String party, int epoch, int batch, List<Ciphertext> masked) {
    public MaskedGradient {
      Objects.requireNonNull(party, "party");
      masked = List.copyOf(masked);
    }
  }

  /** Arbiter to party: the decrypted masked values, as scaled integers. */
  public record Decrypted(String party, int epoch, int batch, List<BigInteger> maskedScaled) {
    public Decrypted {
      Objects.requireNonNull(party, "party");
      maskedScaled = List.copyOf(maskedScaled);
    }
  }

  /**
   * Guest to arbiter: the encrypted Taylor loss of the epoch's loss rows, times
   * {@code 2^scaleBits} (not masked: the arbiter may learn the loss).
   */
  public record EncryptedLoss(int epoch, Ciphertext loss, int rows, int scaleBits) {}

  /** Arbiter to all: the epoch's loss and whether training has converged. */
  public record EpochResult(int epoch, double loss, boolean converged) {}

  /**
   * Guest to arbiter at the end of an epoch: the encrypted loss, or {@code null} when none was
   * computed (with several hosts).
   */
  public record GuestEpochEnd(int epoch, EncryptedLoss loss) {}
}
