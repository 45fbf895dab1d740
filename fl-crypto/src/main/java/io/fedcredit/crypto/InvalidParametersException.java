package io.fedcredit.crypto;

/**
 * Thrown by a parameter builder's {@code build()} when a field is out of its safe range. The
 * message names the field, the value given and the accepted range.
 */
public class InvalidParametersException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the field, the value and the fix. */
  public InvalidParametersException(String message) {
    super(message);
  }
}
