package io.fedcredit.core.vertical;

import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.crypto.pki.KeyAttestation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The messages of a vertical job besides those of PSI ({@link
 * io.fedcredit.crypto.psi.EcdhPsiMessages}), federated WOE ({@link FederatedWoe}) and hetero LR
 * ({@link HeteroLrMessages}). Arrays and collections are copied in.
 */
public final class VerticalJobMessages {
  private VerticalJobMessages() {}

  /** Arbiter to every party: the job's settings and the arbiter's Paillier public key. */
  public record Setup(VerticalJobConfig config, PaillierPublicKey arbiterKey) {
    public Setup {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(arbiterKey, "arbiterKey");
    }
  }

  /**
   * Guest and host to each other, in the clear: the X25519 key of their sealed channel, and the
   * sender's signature binding it to its certificate (null when unauthenticated).
   */
  public record KeyAnnouncement(String party, byte[] publicKey, KeyAttestation attestation) {
    public KeyAnnouncement {
      Objects.requireNonNull(party, "party");
      publicKey = publicKey.clone();
    }

    /** An unauthenticated announcement. */
    public KeyAnnouncement(String party, byte[] publicKey) {
      this(party, publicKey, null);
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }
  }

  /** A message sealed for one peer; only its envelope type is visible to the relay. */
  public record Sealed(byte[] box) {
    public Sealed {
      box = box.clone();
    }

    @Override
    public byte[] box() {
      return box.clone();
    }
  }

  /**
   * Guest to host (sealed): the host features the model uses and, with WOE, each one's WOE per
   * bin index.
   */
  public record HostSelection(List<String> features, Map<String, double[]> woe) {
    public HostSelection {
      features = List.copyOf(features);
      Map<String, double[]> copy = new LinkedHashMap<>();
      woe.forEach((k, v) -> copy.put(k, v.clone()));
      woe = copy;
    }
  }

  /**
   * Host to guest (sealed), after training: the partial linear scores {@code X_h w_h} of the
   * aligned training and test rows, and the host's model in its own feature units,
   * {@code constant + sum_j rawWeights_j x_j}, for the scorecard.
   */
  public record HostFinal(double[] trainScores, double[] testScores, List<String> features,
      double[] rawWeights, double constant) {
    public HostFinal {
      trainScores = trainScores.clone();
      testScores = testScores.clone();
      features = List.copyOf(features);
      rawWeights = rawWeights.clone();
      if (rawWeights.length != features.size()) {
        throw new IllegalArgumentException(rawWeights.length + " weights for "
            + features.size() + " features");
      }
    }
  }

  /** Guest to host (sealed): the host's half of the scorecard, points per bin index. */
  public record HostScorecard(String modelId, Map<String, double[]> points) {
    public HostScorecard {
      Objects.requireNonNull(modelId, "modelId");
      Map<String, double[]> copy = new LinkedHashMap<>();
      points.forEach((k, v) -> copy.put(k, v.clone()));
      points = copy;
    }
  }
}
