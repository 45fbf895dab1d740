package io.fedcredit.crypto.pki;

/**
 * An announced public key is not bound to the announcing party's certificate, so it may have been
 * substituted on its way (for instance by the coordinator that relayed it) and must not be used.
 * {@link #reason()} says which check failed; the message names the party, the purpose and the
 * certificate, never key material.
 */
public final class KeyBindingException extends PkiException {
  private static final long serialVersionUID = 1L;

  /** Which check failed. */
  public enum Reason {
    /** The key came without a signature while this party requires certified keys. */
    UNSIGNED,
    /**
     * The signer's certificate does not chain to the federation's CA, is outside its validity
     * period, names another federation, may not sign, or the revocation list is unavailable.
     */
    UNTRUSTED_CERTIFICATE,
    /** The signer's certificate is on the CA's revocation list. */
    REVOKED,
    /** The certificate belongs to another party than the one that announces the key. */
    WRONG_SIGNER,
    /** The certificate's role may not announce keys of this kind (a coordinator's, say). */
    WRONG_ROLE,
    /**
     * The signature does not verify over this binding: the key was substituted, or the signature
     * was made for another job, session, party or purpose.
     */
    BAD_SIGNATURE
  }

  private final Reason reason;
  private final String party;

  /** Creates an exception for {@code party}'s announcement. */
  public KeyBindingException(Reason reason, String party, String message) {
    super(reason + ": " + message);
    this.reason = reason;
    this.party = party;
  }

  /** Creates an exception with the underlying cause. */
  public KeyBindingException(Reason reason, String party, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
    this.party = party;
  }

  /** Which check failed. */
  public Reason reason() {
    return reason;
  }

  /** The party whose announcement was refused. */
  public String party() {
    return party;
  }
}
