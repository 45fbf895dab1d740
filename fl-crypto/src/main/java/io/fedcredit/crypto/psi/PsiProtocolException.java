package io.fedcredit.crypto.psi;

/**
 * Thrown when a protocol message does not fit the session: a step taken twice or out of turn, a
 * message from the wrong session or party, counts that disagree with what was sent, too many
 * elements, duplicate elements, or positions out of range.
 */
public class PsiProtocolException extends PsiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the session, the step and the check that failed. */
  public PsiProtocolException(String message) {
    super(message);
  }
}
