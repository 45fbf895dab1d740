package io.fedcredit.crypto.pki;

import io.fedcredit.crypto.CryptoException;

/**
 * A certificate, key or revocation list is malformed, does not belong to this federation, or could
 * not be created. The message names the object at fault and never contains key material.
 */
public class PkiException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names what went wrong. */
  public PkiException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public PkiException(String message, Throwable cause) {
    super(message, cause);
  }
}
