package io.fedcredit.crypto.secagg;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of shares sent party to party through the coordinator: AES-256-GCM
 * under a key derived with HKDF from the two parties' X25519 agreement. The associated data binds
 * each envelope to its job, round, sender and recipient, so the coordinator can neither read an
 * envelope nor redirect or replay it unnoticed. Format: 12-byte nonce, ciphertext, 16-byte tag.
 */
public final class ShareEnvelope {
  private static final byte[] INFO = Kdf.info("fedcredit/secagg/envelope/v1");
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private ShareEnvelope() {}

  /** The associated data of an envelope. */
  public static byte[] context(String jobId, long round, String from, String to) {
    return Kdf.info("fedcredit/secagg/shares", jobId, Long.toString(round), from, to);
  }

  /** Seals {@code plaintext} under the agreement secret, bound to {@code context}. */
  public static byte[] seal(byte[] agreement, byte[] context, byte[] plaintext,
      SecureRandom random) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, agreement, nonce);
      c.updateAAD(context);
      byte[] ct = c.doFinal(plaintext);
      byte[] out = Arrays.copyOf(nonce, NONCE + ct.length);
      System.arraycopy(ct, 0, out, NONCE, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new SecureAggregationException("AES-GCM sealing failed", e);
    }
  }

  /**
   * Opens an envelope.
   *
   * @throws SecureAggregationException if it was tampered with, or sealed for another context
   *     or key
   */
  public static byte[] open(byte[] agreement, byte[] context, byte[] envelope) {
    if (envelope.length < NONCE + TAG_BITS / 8) {
      throw new SecureAggregationException("envelope too short: " + envelope.length + " bytes");
    }
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, agreement, Arrays.copyOf(envelope, NONCE));
      c.updateAAD(context);
      return c.doFinal(envelope, NONCE, envelope.length - NONCE);
    } catch (AEADBadTagException e) {
      throw new SecureAggregationException("envelope does not authenticate: tampered, "
          + "misdirected or sealed for another round");
    } catch (GeneralSecurityException e) {
      throw new SecureAggregationException("AES-GCM opening failed", e);
    }
  }

  private static Cipher cipher(int mode, byte[] agreement, byte[] nonce)
      throws GeneralSecurityException {
    byte[] key = Kdf.derive(agreement, null, INFO, 32);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    return c;
  }
}
