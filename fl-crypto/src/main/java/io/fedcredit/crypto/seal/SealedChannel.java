package io.fedcredit.crypto.seal;

import io.fedcredit.crypto.kex.AgreementKeyPair;
import io.fedcredit.crypto.kex.Kdf;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * One party's end of a sealed channel to one peer, for messages relayed by the coordinator (a
 * vertical job's guest and host). The key comes from X25519 between the two parties' identity
 * keys; every message is bound to the channel's context (job), both parties' ids, a message type
 * and a sequence number per direction, so the relay can neither read nor alter, redirect, replay,
 * drop-and-reorder or re-type a message without the receiver noticing. The channel is only as
 * private as the peer's public key is genuine: callers check it first, with a
 * {@link io.fedcredit.crypto.pki.KeyAuthentication} that verifies the peer's signature binding the
 * key to its certificate (without certificates, the key is as trustworthy as the relay that
 * delivered it). Not thread-safe: one channel per peer and thread.
 */
public final class SealedChannel {
  private static final String PURPOSE = "fedcredit/seal/channel/v1";

  private final String self;
  private final String peer;
  private final String context;
  private final byte[] secret;
  private final SecureRandom random;
  private long sent;
  private long received;

  /**
   * @param identity this party's key pair
   * @param self this party's id
   * @param peer the peer's id
   * @param peerPublicKey the peer's X25519 public key
   * @param context what the channel is for, e.g. the job id
   * @throws io.fedcredit.crypto.MalformedKeyException if the peer's key is malformed or of
   *     small order
   */
  public SealedChannel(AgreementKeyPair identity, String self, String peer, byte[] peerPublicKey,
      String context, SecureRandom random) {
    this.self = Objects.requireNonNull(self, "self");
    this.peer = Objects.requireNonNull(peer, "peer");
    this.context = Objects.requireNonNull(context, "context");
    if (self.equals(peer)) {
      throw new IllegalArgumentException("a channel needs two different parties");
    }
    this.secret = identity.agree(peerPublicKey);
    this.random = random;
  }

  /** Seals the next message to the peer. */
  public byte[] seal(String type, byte[] plaintext) {
    byte[] ad = Kdf.info(context, self, peer, type, Long.toString(sent));
    byte[] out = Aead.seal(secret, PURPOSE, ad, plaintext, random);
    sent++;
    return out;
  }

  /**
   * Opens the next message from the peer.
   *
   * @throws SealingException if it is not the next message of this type from the peer on this
   *     channel (tampered, replayed, reordered, re-typed or sealed for someone else)
   */
  public byte[] open(String type, byte[] sealed) {
    byte[] ad = Kdf.info(context, peer, self, type, Long.toString(received));
    byte[] plain = Aead.open(secret, PURPOSE, ad, sealed);
    received++;
    return plain;
  }

  @Override
  public String toString() {
    return "SealedChannel[" + self + " <-> " + peer + ", " + context + ", sent " + sent
        + ", received " + received + "]";
  }
}
