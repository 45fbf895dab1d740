package io.fedcredit.crypto.seal;

import io.fedcredit.crypto.CryptoException;

/**
 * A sealed message did not open: it was tampered with, sealed for another channel, context or
 * position in the sequence, or replayed. The message never contains plaintext or key material.
 */
public final class SealingException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public SealingException(String message) {
    super(message);
  }

  public SealingException(String message, Throwable cause) {
    super(message, cause);
  }
}
