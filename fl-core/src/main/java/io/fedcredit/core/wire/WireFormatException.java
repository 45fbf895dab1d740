package io.fedcredit.core.wire;

import io.fedcredit.core.FedCreditException;

/** A received message is not valid in its wire form; the message names the field at fault. */
public final class WireFormatException extends FedCreditException {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message);
  }
}
