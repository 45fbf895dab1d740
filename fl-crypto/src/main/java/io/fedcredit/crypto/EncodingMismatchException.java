package io.fedcredit.crypto;

/**
 * Thrown when an operation combines values with different encodings, for example adding a
 * ciphertext with 32 fractional bits to one with 64, or adding packed vectors built with different
 * packing schemes. Rescale explicitly instead of relying on an implicit conversion.
 */
public class EncodingMismatchException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message should name both encodings. */
  public EncodingMismatchException(String message) {
    super(message);
  }
}
