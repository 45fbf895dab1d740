package io.fedcredit.crypto.pki;

import io.fedcredit.crypto.pki.KeyBindingException.Reason;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks that a key a peer announced is bound to that peer's certificate: the attestation's
 * chain validates (PKIX, at the verifier's clock) to the federation's CA alone, the signer's
 * certificate names this federation, may sign, is not on the CA's current revocation list, has a
 * role allowed to announce keys, and belongs to the very party that announces the key; and its
 * signature verifies over the binding the verifier expects (its own job, session, purpose and the
 * key as received). Any failure is a {@link KeyBindingException} whose {@link Reason} names the
 * check. Holds no secret. Thread-safe when the revocation supplier is.
 */
public final class KeyAttestationVerifier {
  private final X509Certificate ca;
  private final String federation;
  private final Supplier<RevocationList> revocations;
  private final Clock clock;
  private final Set<PartyRole> signerRoles;

  /**
   * A verifier that lets banks and data nodes announce keys, never a coordinator.
   *
   * @param ca the federation's CA certificate, the only trust anchor
   * @param revocations the CA's current revocation list, asked at every verification; it may
   *     throw {@link PkiException} when no valid list is available, which refuses the key
   * @param clock the time at which certificates must be valid
   */
  public KeyAttestationVerifier(X509Certificate ca, Supplier<RevocationList> revocations,
      Clock clock) {
    this(ca, revocations, clock, EnumSet.of(PartyRole.BANK, PartyRole.DATA_NODE));
  }

  /**
   * A verifier that lets parties with the given roles announce keys.
   *
   * @throws PkiException when {@code ca} names no federation
   */
  public KeyAttestationVerifier(X509Certificate ca, Supplier<RevocationList> revocations,
      Clock clock, Set<PartyRole> signerRoles) {
    this.ca = Objects.requireNonNull(ca, "ca");
    this.federation = CertificateAuthority.federationOf(ca);
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.signerRoles = Set.copyOf(signerRoles);
  }

  /**
   * Verifies an announcement.
   *
   * @param expected the binding as the receiver sees it: its job and session, the party the key
   *     is announced for, and the key bytes it received
   * @param attestation what came with the key, or null when nothing did
   * @return the signer's certified identity (its id is {@code expected.partyId()})
   * @throws KeyBindingException naming the failed check
   */
  public PartyIdentity verify(KeyBinding expected, KeyAttestation attestation) {
    String party = expected.partyId();
    String what = expected.purpose() + " key of '" + party + "' (job " + expected.jobId()
        + ", session " + expected.session() + ")";
    if (attestation == null) {
      throw new KeyBindingException(Reason.UNSIGNED, party, "the " + what + " came without a "
          + "signature, but this party accepts only keys bound to a certificate of the "
          + "federation (was it stripped on the way?)");
    }
    X509Certificate signer = attestation.signer();
    String cert = PartyIdentity.describe(signer);
    PartyIdentity id = trustedIdentity(attestation, party, what, cert);
    RevocationList crl;
    try {
      crl = revocations.get();
    } catch (PkiException e) {
      throw new KeyBindingException(Reason.UNTRUSTED_CERTIFICATE, party, "cannot check the "
          + "signer of the " + what + " against the revocation list: " + e.getMessage(), e);
    }
    if (crl.isRevoked(signer)) {
      throw new KeyBindingException(Reason.REVOKED, party, "the " + what + " is signed with "
          + "certificate " + cert + ", which the CA revoked");
    }
    if (!signerRoles.contains(id.role())) {
      throw new KeyBindingException(Reason.WRONG_ROLE, party, "the " + what + " is signed by "
          + id + "; a " + id.role() + " certificate cannot vouch for it");
    }
    if (!id.partyId().equals(party)) {
      throw new KeyBindingException(Reason.WRONG_SIGNER, party, "the " + what + " is signed by "
          + id + ", not by '" + party + "'");
    }
    try {
      Signature s = Signature.getInstance(KeyAttestation.ALGORITHM);
      s.initVerify(signer.getPublicKey());
      s.update(expected.statement(id.role()));
      if (!s.verify(attestation.signature())) {
        throw new KeyBindingException(Reason.BAD_SIGNATURE, party, "the signature of " + id
            + " does not cover the " + what + ": the key was substituted, or the signature "
            + "was made for another job, session or key");
      }
    } catch (GeneralSecurityException e) {
      throw new KeyBindingException(Reason.BAD_SIGNATURE, party, "the signature on the " + what
          + " is malformed: " + e.getMessage(), e);
    }
    return id;
  }

  private PartyIdentity trustedIdentity(KeyAttestation attestation, String party, String what,
      String cert) {
    X509Certificate signer = attestation.signer();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
      params.setRevocationEnabled(false); // the federation's own list is checked below
      params.setDate(Date.from(clock.instant()));
      CertPathValidator.getInstance("PKIX")
          .validate(cf.generateCertPath(attestation.chain()), params);
    } catch (GeneralSecurityException e) {
      throw new KeyBindingException(Reason.UNTRUSTED_CERTIFICATE, party, "the " + what
          + " is signed with certificate " + cert + ", which does not validate against this "
          + "federation's CA: " + e.getMessage(), e);
    }
    boolean[] usage = signer.getKeyUsage();
    if (signer.getBasicConstraints() >= 0 || usage == null || !usage[0]) {
      throw new KeyBindingException(Reason.UNTRUSTED_CERTIFICATE, party, "the " + what
          + " is signed with certificate " + cert + ", which is not a party certificate "
          + "allowed to sign");
    }
    PartyIdentity id;
    try {
      id = PartyIdentity.of(signer);
    } catch (PkiException e) {
      throw new KeyBindingException(Reason.UNTRUSTED_CERTIFICATE, party, "the " + what
          + " is signed with certificate " + cert + ": " + e.getMessage(), e);
    }
    if (!id.federation().equals(federation)) {
      throw new KeyBindingException(Reason.UNTRUSTED_CERTIFICATE, party, "the " + what
          + " is signed by " + id + ", not a party of federation '" + federation + "'");
    }
    return id;
  }

  @Override
  public String toString() {
    return "KeyAttestationVerifier[federation " + federation + "]";
  }
}
