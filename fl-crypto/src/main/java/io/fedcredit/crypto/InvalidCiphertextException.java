package io.fedcredit.crypto;

/**
 * Thrown when a ciphertext read from bytes or from the wire is not a valid ciphertext for its key:
 * out of range ({@code c <= 0} or {@code c >= n^2}), not a unit ({@code gcd(c, n) != 1}, checked
 * at decryption), of the wrong length, or carried in bytes that fail the format's checks (magic,
 * version, checksum).
 */
public class InvalidCiphertextException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the check that failed. */
  public InvalidCiphertextException(String message) {
    super(message);
  }
}
