package io.fedcredit.crypto.pki;

import io.fedcredit.crypto.InsecureSecretKeyAccess;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A party's certificate and the private key that goes with it. Immutable; {@code toString()}
 * prints the identity and serial only, never the key.
 */
public final class PartyCredential {
  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final PartyIdentity identity;

  /**
   * Pairs a certificate with its private key.
   *
   * @throws PkiException when the certificate carries no FedCredit identity, or the key does not
   *     match the certificate's public key
   */
  public PartyCredential(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.identity = PartyIdentity.of(certificate);
    KeyPairs.requireMatch(certificate, privateKey);
  }

  /** The party's certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The identity the certificate carries. */
  public PartyIdentity identity() {
    return identity;
  }

  /**
   * The private key. Never log it or pass it anywhere but a TLS context or a PEM file readable by
   * its owner alone.
   *
   * @param access the token that marks a place reading secret key material
   */
  public PrivateKey privateKey(InsecureSecretKeyAccess access) {
    InsecureSecretKeyAccess.require(access);
    return privateKey;
  }

  @Override
  public String toString() {
    return "PartyCredential[" + identity + ", serial "
        + certificate.getSerialNumber().toString(16) + "]";
  }
}
