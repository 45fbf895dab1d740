package io.fedcredit.crypto;

/**
 * Thrown when key material read from bytes or from the wire fails validation: bad format, checksum
 * or key id, a modulus of the wrong size, factors that do not multiply to the modulus, or a
 * randomness base outside the group.
 */
public class MalformedKeyException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the check that failed, never the key material. */
  public MalformedKeyException(String message) {
    super(message);
  }
}
