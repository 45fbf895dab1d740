package io.fedcredit.crypto.pki;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.List;
import java.util.Objects;

/**
 * Signs the {@link KeyBinding}s of one party with the private key of its certificate, so that
 * peers can tell the keys it announces from keys a relay substituted. The private key stays in
 * the {@link PartyCredential}; {@code toString()} prints the identity only. Thread-safe.
 */
public final class KeyAttestor {
  private final PartyCredential credential;

  /** An attestor for the holder of {@code credential}. */
  public KeyAttestor(PartyCredential credential) {
    this.credential = Objects.requireNonNull(credential, "credential");
  }

  /** Whose keys this attestor signs. */
  public PartyIdentity identity() {
    return credential.identity();
  }

  /**
   * Signs a binding of this party's keys.
   *
   * @throws IllegalArgumentException when the binding names another party
   * @throws PkiException when the JVM cannot sign with the key
   */
  public KeyAttestation attest(KeyBinding binding) {
    PartyIdentity id = credential.identity();
    if (!binding.partyId().equals(id.partyId())) {
      throw new IllegalArgumentException("the certificate of " + id + " cannot vouch for keys "
          + "that party '" + binding.partyId() + "' announces");
    }
    try {
      Signature s = Signature.getInstance(KeyAttestation.ALGORITHM);
      s.initSign(credential.privateKey(io.fedcredit.crypto.InsecureSecretKeyAccess.get()));
      s.update(binding.statement(id.role()));
      return new KeyAttestation(List.of(credential.certificate()), s.sign());
    } catch (GeneralSecurityException e) {
      throw new PkiException("cannot sign a key binding with the key of " + id, e);
    }
  }

  @Override
  public String toString() {
    return "KeyAttestor[" + credential.identity() + "]";
  }
}
