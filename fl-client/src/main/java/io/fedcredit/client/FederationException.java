package io.fedcredit.client;

import io.fedcredit.core.FedCreditException;

/**
 * A federated job could not be completed from this client's side: the coordinator refused a
 * message, stayed unreachable past the retry budget, or aborted the job. The message says which,
 * with the coordinator's status where there is one.
 */
public final class FederationException extends FedCreditException {
  private static final long serialVersionUID = 1L;

  public FederationException(String message) {
    super(message);
  }

  public FederationException(String message, Throwable cause) {
    super(message, cause);
  }
}
