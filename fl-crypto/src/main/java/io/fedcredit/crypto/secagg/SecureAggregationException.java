package io.fedcredit.crypto.secagg;

import io.fedcredit.crypto.CryptoException;

/**
 * A secure-aggregation step failed: a message was malformed, a share did not authenticate, a
 * request would break the protocol's guarantees, or too few parties remain
 * ({@link BelowThresholdException}). The message names the round, the party and the cause, and
 * never contains key material.
 */
public class SecureAggregationException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public SecureAggregationException(String message) {
    super(message);
  }

  public SecureAggregationException(String message, Throwable cause) {
    super(message, cause);
  }
}
