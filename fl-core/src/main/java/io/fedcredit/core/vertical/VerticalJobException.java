package io.fedcredit.core.vertical;

import io.fedcredit.core.FedCreditException;

/**
 * A vertical job could not go on: a message did not arrive in time, came in the wrong order or
 * form, or another party failed. The message names the job, the parties and the step.
 */
public final class VerticalJobException extends FedCreditException {
  private static final long serialVersionUID = 1L;

  public VerticalJobException(String message) {
    super(message);
  }

  public VerticalJobException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The message as the type asked for, or an exception naming both types. */
  static <T> T expect(Object message, Class<T> type, String from, String self) {
    if (!type.isInstance(message)) {
      throw new VerticalJobException(self + " expected a " + type.getSimpleName() + " from "
          + from + " but received a " + (message == null ? "null"
              : message.getClass().getSimpleName()));
    }
    return type.cast(message);
  }
}
