package io.fedcredit.crypto.psi;

import io.fedcredit.crypto.CryptoException;

/**
 * Root of the exceptions thrown by private set intersection: malformed points
 * ({@link MalformedPointException}), messages out of turn or inconsistent with the session
 * ({@link PsiProtocolException}) and duplicate ids in a party's own input
 * ({@link DuplicateIdException}). Messages name the session, the field and the position at fault,
 * never an id or a secret.
 */
public class PsiException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names what went wrong. */
  public PsiException(String message) {
    super(message);
  }
}
