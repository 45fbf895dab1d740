package io.fedcredit.crypto.secagg;

import io.fedcredit.crypto.kex.AgreementKeyPair;
import io.fedcredit.crypto.pki.KeyAttestation;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The messages of one secure-aggregation round, as records. */
public final class SecAggMessages {
  private SecAggMessages() {}

  /**
   * Phase 0, party to coordinator: the party's two public keys for this round, and, when the
   * party has a certificate, its signature binding them to it ({@link SecAggClient#binding}),
   * which the coordinator relays in the roster and every neighbour checks.
   *
   * @param attestation the binding's signature, or null when the party is unauthenticated
   */
  public record PublicKeys(String party, byte[] envelopeKey, byte[] maskKey,
      KeyAttestation attestation) {
    /** Keys without an attestation (an unauthenticated party). */
    public PublicKeys(String party, byte[] envelopeKey, byte[] maskKey) {
      this(party, envelopeKey, maskKey, null);
    }

    public PublicKeys {
      Objects.requireNonNull(party, "party");
      if (envelopeKey.length != AgreementKeyPair.KEY_BYTES
          || maskKey.length != AgreementKeyPair.KEY_BYTES) {
        throw new SecureAggregationException(party + ": public keys must have 32 bytes");
      }
      envelopeKey = envelopeKey.clone();
      maskKey = maskKey.clone();
    }
  }

  /**
   * Coordinator to parties after phase 0: who takes part, in roster order (a party's Shamir point
   * is its position + 1), and the threshold every secret is shared with.
   */
  public record Roster(List<PublicKeys> parties, int threshold, MaskingGraph graph) {
    public Roster {
      parties = List.copyOf(parties);
      Objects.requireNonNull(graph, "graph");
    }

    /** Position + 1 of a party, or -1. */
    public int pointOf(String party) {
      for (int i = 0; i < parties.size(); i++) {
        if (parties.get(i).party().equals(party)) {
          return i + 1;
        }
      }
      return -1;
    }

    /** The roster entry of a party. */
    public PublicKeys keysOf(String party) {
      int p = pointOf(party);
      if (p < 0) {
        throw new SecureAggregationException("'" + party + "' is not on the roster");
      }
      return parties.get(p - 1);
    }

    public List<String> ids() {
      return parties.stream().map(PublicKeys::party).toList();
    }
  }

  /** Phase 1, party to coordinator: one sealed envelope per neighbour, by recipient. */
  public record SealedShares(String from, Map<String, byte[]> envelopes) {
    public SealedShares {
      Objects.requireNonNull(from, "from");
      envelopes = Map.copyOf(envelopes);
    }
  }

  /** Coordinator to a party before phase 2: an envelope some neighbour sealed for it. */
  public record SealedShare(String from, byte[] envelope) {
    public SealedShare {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(envelope, "envelope");
    }
  }

  /** Phase 2, party to coordinator: the masked input over Z/2^64. */
  public record MaskedInput(String from, long[] masked) {
    public MaskedInput {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(masked, "masked");
    }
  }

  /**
   * Coordinator to parties before phase 3: who delivered a masked input (their self masks are
   * to be removed) and who sent shares but no input (their pairwise masks are to be removed).
   */
  public record UnmaskRequest(List<String> survivors, List<String> dropped) {
    public UnmaskRequest {
      survivors = List.copyOf(survivors);
      dropped = List.copyOf(dropped);
    }
  }

  /**
   * Phase 3, party to coordinator: shares of survivors' self-mask seeds and of dropped parties'
   * mask keys, by owner. Never both for one owner.
   */
  public record UnmaskResponse(String from, Map<String, Share> selfMaskShares,
      Map<String, Share> maskKeyShares) {
    public UnmaskResponse {
      Objects.requireNonNull(from, "from");
      selfMaskShares = Map.copyOf(selfMaskShares);
      maskKeyShares = Map.copyOf(maskKeyShares);
    }
  }
}
