package io.fedcredit.crypto.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * A certificate revocation list whose signature has been verified against the federation's CA.
 * Immutable. A party whose certificate's serial is listed here is refused at the TLS handshake.
 */
public final class RevocationList {
  private final X509CRL crl;
  private final BigInteger number;

  private RevocationList(X509CRL crl, BigInteger number) {
    this.crl = crl;
    this.number = number;
  }

  /**
   * Verifies that {@code crl} was issued and signed by {@code ca}.
   *
   * @throws PkiException when the issuer or the signature does not match, or the list has no
   *     CRL number
   */
  public static RevocationList verified(X509CRL crl, X509Certificate ca) {
    if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      throw new PkiException("the revocation list was issued by '"
          + crl.getIssuerX500Principal().getName() + "', not by this federation's CA '"
          + ca.getSubjectX500Principal().getName() + "'");
    }
    try {
      crl.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new PkiException("the revocation list's signature does not verify with the CA's key",
          e);
    }
    byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
    if (ext == null) {
      throw new PkiException("the revocation list has no CRL number");
    }
    BigInteger number = ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets())
        .getValue();
    return new RevocationList(crl, number);
  }

  /** True when the serial is on the list. */
  public boolean isRevoked(BigInteger serial) {
    return crl.getRevokedCertificate(serial) != null;
  }

  /** True when the certificate's serial is on the list (all certificates share one issuer). */
  public boolean isRevoked(X509Certificate certificate) {
    return isRevoked(certificate.getSerialNumber());
  }

  /** The CRL number: it grows by one with every revocation. */
  public BigInteger number() {
    return number;
  }

  /** When the list was signed. */
  public Instant issuedAt() {
    return crl.getThisUpdate().toInstant();
  }

  /** The revoked serials. */
  public Set<BigInteger> revokedSerials() {
    return entries().stream().map(X509CRLEntry::getSerialNumber).collect(Collectors.toSet());
  }

  /** The entries, in no particular order. */
  public List<X509CRLEntry> entries() {
    Set<? extends X509CRLEntry> e = crl.getRevokedCertificates();
    return e == null ? List.of() : List.copyOf(e);
  }

  /** The issuer's name. */
  public X500Principal issuer() {
    return crl.getIssuerX500Principal();
  }

  /** The signed list, e.g. for {@link Pem#encode(X509CRL)}. */
  public X509CRL crl() {
    return crl;
  }

  @Override
  public String toString() {
    return "RevocationList[number " + number + ", " + entries().size() + " revoked]";
  }
}
