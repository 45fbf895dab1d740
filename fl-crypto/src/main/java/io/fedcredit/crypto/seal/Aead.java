package io.fedcredit.crypto.seal;

import io.fedcredit.crypto.kex.Kdf;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption with associated data: AES-256-GCM under a key derived with
 * HKDF-SHA256 from a shared secret and a purpose label, with a random 96-bit nonce. Guarantees
 * confidentiality of the plaintext and integrity of both plaintext and associated data; the same
 * secret used for two purposes yields unrelated keys. Format: nonce (12 bytes), ciphertext, tag
 * (16 bytes). Stateless and thread-safe.
 */
public final class Aead {
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private Aead() {}

  /** Bytes added to a plaintext by {@link #seal}. */
  public static final int OVERHEAD = NONCE + TAG_BITS / 8;

  /**
   * Seals a plaintext.
   *
   * @param secret shared secret (e.g. an X25519 agreement); not modified
   * @param purpose separates keys derived from one secret (e.g. {@code fedcredit/secagg/v1})
   * @param associatedData authenticated, not encrypted (who, what, when)
   */
  public static byte[] seal(byte[] secret, String purpose, byte[] associatedData,
      byte[] plaintext, SecureRandom random) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, secret, purpose, nonce);
      c.updateAAD(associatedData);
      byte[] ct = c.doFinal(plaintext);
      byte[] out = Arrays.copyOf(nonce, NONCE + ct.length);
      System.arraycopy(ct, 0, out, NONCE, ct.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new SealingException("AES-GCM sealing failed", e);
    }
  }

  /**
   * Opens a sealed message.
   *
   * @throws SealingException if it does not authenticate under this secret, purpose and
   *     associated data
   */
  public static byte[] open(byte[] secret, String purpose, byte[] associatedData, byte[] sealed) {
    if (sealed.length < OVERHEAD) {
      throw new SealingException("sealed message too short: " + sealed.length + " bytes");
    }
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, secret, purpose, Arrays.copyOf(sealed, NONCE));
      c.updateAAD(associatedData);
      return c.doFinal(sealed, NONCE, sealed.length - NONCE);
    } catch (AEADBadTagException e) {
      throw new SealingException("sealed message does not authenticate: tampered, misdirected "
          + "or sealed in another context");
    } catch (GeneralSecurityException e) {
      throw new SealingException("AES-GCM opening failed", e);
    }
  }

  private static Cipher cipher(int mode, byte[] secret, String purpose, byte[] nonce)
      throws GeneralSecurityException {
    byte[] key = Kdf.derive(secret, null, Kdf.info(purpose), 32);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    return c;
  }
}
