package io.fedcredit.core;

/**
 * Root of FedCredit's unchecked exceptions outside {@code fl-crypto}: bad input, protocol
 * rejections and configuration errors all extend it, so a caller can catch one type.
 */
public class FedCreditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FedCreditException(String message) {
    super(message);
  }

  public FedCreditException(String message, Throwable cause) {
    super(message, cause);
  }
}
