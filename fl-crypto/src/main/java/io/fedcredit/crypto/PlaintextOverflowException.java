package io.fedcredit.crypto;

/**
 * Thrown when a value does not fit the plaintext space it is headed for, or when a decrypted value
 * shows that an earlier homomorphic operation wrapped around the modulus. Failing loudly is the
 * point: a wrapped sum decrypts to a plausible but wrong number otherwise.
 */
public class PlaintextOverflowException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message should name the value's bound and the fix. */
  public PlaintextOverflowException(String message) {
    super(message);
  }
}
