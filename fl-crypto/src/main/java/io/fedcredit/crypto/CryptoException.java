package io.fedcredit.crypto;

/**
 * Root of every exception thrown by {@code fl-crypto}. It is unchecked: misuse (mixing keys or
 * encodings, overflowing a plaintext, feeding malformed bytes) is a programming or input error that
 * a caller handles at a boundary, not at every call. Catch this type to handle all of them at once.
 *
 * <p>Messages never contain key material or plaintexts; they name the field or operation at fault
 * and, where there is one, the fix.
 */
public class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names what went wrong. */
  public CryptoException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
