package io.fedcredit.crypto.secagg;

import io.fedcredit.crypto.kex.Kdf;
import io.fedcredit.crypto.seal.Aead;
import io.fedcredit.crypto.seal.SealingException;
import java.security.SecureRandom;

/**
 * The envelopes of secure aggregation's shares, sent party to party through the coordinator:
 * {@link Aead} (AES-256-GCM) under the two parties' X25519 agreement, bound to job, round, sender
 * and recipient, so the coordinator can neither read an envelope nor redirect or replay it
 * unnoticed.
 */
public final class ShareEnvelope {
  private static final String PURPOSE = "fedcredit/secagg/envelope/v1";

  private ShareEnvelope() {}

  /** The associated data of an envelope. */
  public static byte[] context(String jobId, long round, String from, String to) {
    return Kdf.info("fedcredit/secagg/shares", jobId, Long.toString(round), from, to);
  }

  /** Seals {@code plaintext} under the agreement secret, bound to {@code context}. */
  public static byte[] seal(byte[] agreement, byte[] context, byte[] plaintext,
      SecureRandom random) {
    return Aead.seal(agreement, PURPOSE, context, plaintext, random);
  }

  /**
   * Opens an envelope.
   *
   * @throws SecureAggregationException if it was tampered with, or sealed for another context
   *     or key
   */
  public static byte[] open(byte[] agreement, byte[] context, byte[] envelope) {
    try {
      return Aead.open(agreement, PURPOSE, context, envelope);
    } catch (SealingException e) {
      throw new SecureAggregationException("share envelope: " + e.getMessage());
    }
  }
}
