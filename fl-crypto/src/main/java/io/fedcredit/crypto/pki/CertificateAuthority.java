package io.fedcredit.crypto.pki;

import io.fedcredit.crypto.InsecureSecretKeyAccess;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A federation's certificate authority: an ECDSA P-256 key pair and a self-signed CA certificate
 * whose subject names the federation. It issues party certificates (ECDSA P-256, SHA-256) that
 * carry a {@link PartyIdentity} and are good for TLS client and server authentication, and signs
 * revocation lists.
 *
 * <p>Whoever holds the CA's private key can mint any identity in the federation: keep it offline.
 * {@code toString()} prints the federation and serial only.
 */
public final class CertificateAuthority {
  /** Tolerated clock skew: certificates are valid from this long before they were issued. */
  public static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final String federation;
  private final SecureRandom random;

  private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey,
      String federation, SecureRandom random) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.federation = federation;
    this.random = random;
  }

  /**
   * Creates a fresh CA for a federation.
   *
   * @param federation the federation's name (see {@link PartyIdentity#isValidName})
   * @param validity how long the CA certificate is valid
   * @param now the issuing time
   * @throws IllegalArgumentException for an invalid name or a non-positive validity
   */
  public static CertificateAuthority create(String federation, Duration validity, Instant now,
      SecureRandom random) {
    if (!PartyIdentity.isValidName(federation)) {
      throw new IllegalArgumentException("federation '" + federation + "' must be 1-64 letters, "
          + "digits, '.', '_' or '-'");
    }
    requirePositive(validity);
    KeyPair kp = KeyPairs.generate(random);
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, federation)
        .addRDN(BCStyle.CN, federation + " FedCredit CA")
        .build();
    JcaX509ExtensionUtils ext = extensionUtils();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(random),
        Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, kp.getPublic());
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false,
          ext.createSubjectKeyIdentifier(kp.getPublic()));
    } catch (CertIOException e) {
      throw new PkiException("cannot build the CA certificate", e);
    }
    X509Certificate cert = sign(b, kp.getPrivate());
    return new CertificateAuthority(cert, kp.getPrivate(), federation, random);
  }

  /**
   * A CA from its stored certificate and private key.
   *
   * @throws PkiException when the certificate is not a CA certificate, names no federation, or
   *     the key does not belong to it
   */
  public static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey,
      SecureRandom random) {
    if (certificate.getBasicConstraints() < 0) {
      throw new PkiException("certificate " + PartyIdentity.describe(certificate)
          + " is not a CA certificate");
    }
    KeyPairs.requireMatch(certificate, privateKey);
    return new CertificateAuthority(certificate, privateKey, federationOf(certificate), random);
  }

  /**
   * The federation a CA certificate names (its subject's O).
   *
   * @throws PkiException when the subject has no valid O
   */
  public static String federationOf(X509Certificate caCertificate) {
    try {
      for (Rdn rdn : new LdapName(caCertificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("O")
            && PartyIdentity.isValidName(rdn.getValue().toString())) {
          return rdn.getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      throw new PkiException("CA certificate subject is malformed", e);
    }
    throw new PkiException("CA certificate " + PartyIdentity.describe(caCertificate)
        + " names no federation (subject O)");
  }

  /** The federation's name. */
  public String federation() {
    return federation;
  }

  /** The CA certificate, the one trust anchor every party gets. */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The CA's private key, to store it. Never log it.
   *
   * @param access the token that marks a place reading secret key material
   */
  public PrivateKey privateKey(InsecureSecretKeyAccess access) {
    InsecureSecretKeyAccess.require(access);
    return privateKey;
  }

  /**
   * Issues a certificate and a fresh key pair for a party.
   *
   * @param identity who the party is; its federation must be this CA's
   * @param serverNames host names and IP addresses the party serves under (the coordinator's
   *     address, for TLS host name verification); empty for a party that only connects out
   * @param validity how long the certificate is valid; it never outlives the CA certificate
   * @throws IllegalArgumentException when the identity belongs to another federation or the
   *     validity is not positive
   */
  public PartyCredential issue(PartyIdentity identity, List<String> serverNames,
      Duration validity, Instant now) {
    if (!identity.federation().equals(federation)) {
      throw new IllegalArgumentException("identity " + identity + " is not in federation "
          + federation);
    }
    requirePositive(validity);
    KeyPair kp = KeyPairs.generate(random);
    Instant notAfter = now.plus(validity);
    if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
      notAfter = certificate.getNotAfter().toInstant();
    }
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, federation)
        .addRDN(BCStyle.OU, identity.role().wireName())
        .addRDN(BCStyle.CN, identity.partyId())
        .build();
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.uniformResourceIdentifier, identity.uri().toString()));
    for (String n : serverNames) {
      names.add(serverName(n));
    }
    JcaX509ExtensionUtils ext = extensionUtils();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName(), serial(random),
        Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, kp.getPublic());
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      b.addExtension(Extension.subjectKeyIdentifier, false,
          ext.createSubjectKeyIdentifier(kp.getPublic()));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          ext.createAuthorityKeyIdentifier(certificate));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new PkiException("cannot build the certificate of " + identity, e);
    }
    return new PartyCredential(sign(b, privateKey), kp.getPrivate());
  }

  /** A revocation list that revokes nothing, number 1. */
  public RevocationList emptyRevocationList(Instant now) {
    return signRevocationList(List.of(), BigInteger.ONE, now);
  }

  /**
   * A new revocation list: every entry of {@code current} plus {@code serial}, with the next
   * CRL number. Revoking a serial twice keeps its first entry.
   *
   * @param current the latest list, verified against this CA
   * @param reason the RFC 5280 reason, e.g. {@link CRLReason#KEY_COMPROMISE} or
   *     {@link CRLReason#SUPERSEDED} when a kit is reissued
   */
  public RevocationList revoke(RevocationList current, BigInteger serial, CRLReason reason,
      Instant now) {
    Objects.requireNonNull(serial, "serial");
    if (!current.issuer().equals(certificate.getSubjectX500Principal())) {
      throw new PkiException("the current revocation list was not issued by this CA");
    }
    List<Entry> entries = new ArrayList<>();
    for (X509CRLEntry e : current.entries()) {
      entries.add(new Entry(e.getSerialNumber(), e.getRevocationDate().toInstant(),
          e.getRevocationReason() == null ? CRLReason.UNSPECIFIED : e.getRevocationReason()));
    }
    if (!current.isRevoked(serial)) {
      entries.add(new Entry(serial, now, reason));
    }
    return signRevocationList(entries, current.number().add(BigInteger.ONE), now);
  }

  private record Entry(BigInteger serial, Instant date, CRLReason reason) {}

  private RevocationList signRevocationList(List<Entry> entries, BigInteger number,
      Instant now) {
    X509v2CRLBuilder b = new X509v2CRLBuilder(issuerName(), Date.from(now));
    // the list is re-signed whenever something is revoked; until then it stays current for as
    // long as the CA itself is valid
    b.setNextUpdate(certificate.getNotAfter());
    for (Entry e : entries) {
      b.addCRLEntry(e.serial(), Date.from(e.date()), e.reason().ordinal());
    }
    try {
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          extensionUtils().createAuthorityKeyIdentifier(certificate));
      X509CRLHolder holder = b.build(signer(privateKey));
      X509CRL crl = new JcaX509CRLConverter().getCRL(holder);
      return RevocationList.verified(crl, certificate);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new PkiException("cannot sign the revocation list", e);
    }
  }

  private X500Name issuerName() {
    return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
  }

  private static GeneralName serverName(String name) {
    if (IPV4.matcher(name).matches() || name.contains(":")) {
      try {
        InetAddress.getByName(name); // literal: no lookup happens
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("server name '" + name + "' is not a valid IP "
            + "address");
      }
      return new GeneralName(GeneralName.iPAddress, name);
    }
    if (!name.matches("(?i)[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
      throw new IllegalArgumentException("server name '" + name + "' is not a host name or IP "
          + "address");
    }
    return new GeneralName(GeneralName.dNSName, name);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) {
    try {
      return new JcaX509CertificateConverter().getCertificate(b.build(signer(key)));
    } catch (GeneralSecurityException e) {
      throw new PkiException("cannot sign a certificate", e);
    }
  }

  private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
    try {
      return new JcaContentSignerBuilder(KeyPairs.SIGNATURE).build(key);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot create a " + KeyPairs.SIGNATURE + " signer", e);
    }
  }

  private static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (GeneralSecurityException e) {
      throw new PkiException("SHA-1 (for key identifiers) is not available", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    // 127 random bits, positive and non-zero (RFC 5280: at most 20 octets, unpredictable)
    return new BigInteger(127, random).setBit(126);
  }

  private static void requirePositive(Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, got " + validity);
    }
  }

  /** Public key of the CA, for callers that verify signatures by hand. */
  public PublicKey publicKey() {
    return certificate.getPublicKey();
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + federation + ", serial "
        + certificate.getSerialNumber().toString(16) + "]";
  }
}
