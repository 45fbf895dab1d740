package io.fedcredit.core.serving;

import io.fedcredit.core.FedCreditException;

/**
 * A model file that cannot be served: not a serving model, a format version this library does not
 * read, a bad or untrusted signature, parts that disagree, or a schema that does not fit the data.
 * The message names the file, the field or check at fault and the fix.
 */
public class ServingModelException extends FedCreditException {
  private static final long serialVersionUID = 1L;

  public ServingModelException(String message) {
    super(message);
  }

  public ServingModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
