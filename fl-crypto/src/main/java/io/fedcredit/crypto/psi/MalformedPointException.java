package io.fedcredit.crypto.psi;

/**
 * Thrown when a received group element is not acceptable: not 32 bytes, not the canonical encoding
 * of a field element (bit 255 set or value at least 2^255 - 19), or of small order (it becomes
 * the identity once blinded, which would match every other small-order element).
 */
public class MalformedPointException extends PsiException {
  private static final long serialVersionUID = 1L;
  private final int position;

  /**
   * Creates the exception.
   *
   * @param position the position of the element in its message, or -1 when not in a list
   * @param message what is wrong with it
   */
  public MalformedPointException(int position, String message) {
    super(message);
    this.position = position;
  }

  /** Position of the offending element in its message, or -1. */
  public int position() {
    return position;
  }
}
