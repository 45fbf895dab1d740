package io.fedcredit.crypto;

/**
 * Thrown when an operation combines objects bound to different keys: two ciphertexts under
 * different public keys, a ciphertext decrypted with the wrong private key, or serialized bytes
 * whose key id is not the id of the key they are read with.
 */
public class KeyMismatchException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message should name both key ids. */
  public KeyMismatchException(String message) {
    super(message);
  }
}
