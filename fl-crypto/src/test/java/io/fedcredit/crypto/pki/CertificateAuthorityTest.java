package io.fedcredit.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.crypto.InsecureSecretKeyAccess;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private final SecureRandom random = new SecureRandom();
  private final CertificateAuthority ca =
      CertificateAuthority.create("city-credit", Duration.ofDays(3650), NOW, random);

  @Test
  void issuedCertificateChainsToTheCaAndCarriesTheIdentity() throws Exception {
    PartyCredential bank = ca.issue(new PartyIdentity("city-credit", "bank-a", PartyRole.BANK),
        List.of(), Duration.ofDays(365), NOW);
    validate(bank.certificate(), ca.certificate());

    PartyIdentity id = PartyIdentity.of(bank.certificate());
    assertEquals(new PartyIdentity("city-credit", "bank-a", PartyRole.BANK), id);
    assertEquals(URI.create("fedcredit://city-credit/bank/bank-a"), id.uri());
    assertEquals("bank-a", PartyIdentity.commonName(bank.certificate()));
    assertTrue(bank.certificate().getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"),
        "clientAuth");
    assertEquals(-1, bank.certificate().getBasicConstraints());
    assertEquals("city-credit", CertificateAuthority.federationOf(ca.certificate()));
  }

  @Test
  void certificateFromAnotherCaDoesNotChain() {
    CertificateAuthority other =
        CertificateAuthority.create("city-credit", Duration.ofDays(10), NOW, random);
    PartyCredential impostor = other.issue(
        new PartyIdentity("city-credit", "bank-a", PartyRole.BANK), List.of(), Duration.ofDays(1),
        NOW);
    assertThrows(CertPathValidatorException.class,
        () -> validate(impostor.certificate(), ca.certificate()));
  }

  @Test
  void coordinatorCertificateNamesItsServerAddresses() throws Exception {
    PartyCredential c = ca.issue(
        new PartyIdentity("city-credit", "coordinator", PartyRole.COORDINATOR),
        List.of("fl.city.example", "127.0.0.1"), Duration.ofDays(30), NOW);
    Set<List<?>> sans = Set.copyOf(c.certificate().getSubjectAlternativeNames());
    assertTrue(sans.contains(List.of(2, "fl.city.example")), sans.toString());
    assertTrue(sans.contains(List.of(7, "127.0.0.1")), sans.toString());
    assertEquals(PartyRole.COORDINATOR, c.identity().role());
    assertThrows(IllegalArgumentException.class, () -> ca.issue(c.identity(),
        List.of("not a host"), Duration.ofDays(1), NOW));
  }

  @Test
  void partyCertificateNeverOutlivesTheCa() {
    CertificateAuthority shortCa =
        CertificateAuthority.create("f", Duration.ofDays(10), NOW, random);
    PartyCredential c = shortCa.issue(new PartyIdentity("f", "b", PartyRole.BANK), List.of(),
        Duration.ofDays(365), NOW);
    assertEquals(shortCa.certificate().getNotAfter(), c.certificate().getNotAfter());
  }

  @Test
  void identityOfAnotherFederationIsNotIssued() {
    assertThrows(IllegalArgumentException.class, () -> ca.issue(
        new PartyIdentity("elsewhere", "bank-a", PartyRole.BANK), List.of(), Duration.ofDays(1),
        NOW));
  }

  @Test
  void revocationListGrowsAndIsSignedByTheCa() {
    PartyCredential a = ca.issue(new PartyIdentity("city-credit", "a", PartyRole.BANK),
        List.of(), Duration.ofDays(1), NOW);
    PartyCredential b = ca.issue(new PartyIdentity("city-credit", "b", PartyRole.DATA_NODE),
        List.of(), Duration.ofDays(1), NOW);
    RevocationList empty = ca.emptyRevocationList(NOW);
    assertFalse(empty.isRevoked(a.certificate()));
    RevocationList one = ca.revoke(empty, a.certificate().getSerialNumber(),
        CRLReason.KEY_COMPROMISE, NOW.plusSeconds(60));
    RevocationList two = ca.revoke(one, b.certificate().getSerialNumber(), CRLReason.SUPERSEDED,
        NOW.plusSeconds(120));
    assertTrue(two.isRevoked(a.certificate()));
    assertTrue(two.isRevoked(b.certificate()));
    assertEquals(3, two.number().intValue());
    assertEquals(CRLReason.KEY_COMPROMISE,
        two.crl().getRevokedCertificate(a.certificate().getSerialNumber()).getRevocationReason());
    // revoking again changes nothing but the number
    assertEquals(two.revokedSerials(), ca.revoke(two, a.certificate().getSerialNumber(),
        CRLReason.UNSPECIFIED, NOW).revokedSerials());

    // PEM round trip, then verification against the right and a wrong CA
    String pem = Pem.encode(two.crl());
    RevocationList back = RevocationList.verified(Pem.decodeCrl(pem, "crl.pem"), ca.certificate());
    assertEquals(two.revokedSerials(), back.revokedSerials());
    CertificateAuthority other = CertificateAuthority.create("city-credit", Duration.ofDays(1),
        NOW, random);
    assertThrows(PkiException.class, () -> RevocationList.verified(two.crl(),
        other.certificate()));
  }

  @Test
  void pemRoundTripKeepsKeysAndCertificates() {
    PartyCredential a = ca.issue(new PartyIdentity("city-credit", "a", PartyRole.BANK),
        List.of(), Duration.ofDays(1), NOW);
    String keyPem = Pem.encodePrivateKey(a.privateKey(InsecureSecretKeyAccess.get()),
        InsecureSecretKeyAccess.get());
    assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
    PartyCredential back = new PartyCredential(
        Pem.decodeCertificate(Pem.encode(a.certificate()), "a.pem"),
        Pem.decodePrivateKey(keyPem, "a-key.pem"));
    assertEquals(a.identity(), back.identity());

    CertificateAuthority reloaded = CertificateAuthority.of(
        Pem.decodeCertificate(Pem.encode(ca.certificate()), "ca.pem"),
        Pem.decodePrivateKey(Pem.encodePrivateKey(ca.privateKey(InsecureSecretKeyAccess.get()),
            InsecureSecretKeyAccess.get()), "ca-key.pem"), random);
    assertEquals("city-credit", reloaded.federation());

    // a key that is not the certificate's, and a party certificate used as a CA, are refused
    PartyCredential b = ca.issue(new PartyIdentity("city-credit", "b", PartyRole.BANK),
        List.of(), Duration.ofDays(1), NOW);
    assertThrows(PkiException.class, () -> new PartyCredential(a.certificate(),
        b.privateKey(InsecureSecretKeyAccess.get())));
    assertThrows(PkiException.class, () -> CertificateAuthority.of(a.certificate(),
        a.privateKey(InsecureSecretKeyAccess.get()), random));
    assertThrows(PkiException.class, () -> Pem.decodePrivateKey(Pem.encode(a.certificate()),
        "x.pem"));
  }

  @Test
  void toStringNeverShowsTheKey() {
    PartyCredential a = ca.issue(new PartyIdentity("city-credit", "a", PartyRole.BANK),
        List.of(), Duration.ofDays(1), NOW);
    String encodedKey = Base64.getEncoder()
        .encodeToString(a.privateKey(InsecureSecretKeyAccess.get()).getEncoded());
    String keyPem = Pem.encodePrivateKey(a.privateKey(InsecureSecretKeyAccess.get()),
        InsecureSecretKeyAccess.get());
    for (String s : List.of(a.toString(), ca.toString())) {
      assertFalse(s.contains(encodedKey.substring(40, 60)), s);
      assertFalse(keyPem.contains(s), s);
      assertTrue(s.contains("serial"), s);
    }
    assertThrows(NullPointerException.class, () -> a.privateKey(null));
  }

  @Test
  void roleNamesAndMalformedIdentities() {
    assertEquals(PartyRole.DATA_NODE, PartyRole.parse("data_node"));
    assertEquals(PartyRole.DATA_NODE, PartyRole.parse("Data-Node"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PartyRole.parse("auditor"));
    assertTrue(e.getMessage().contains("coordinator, bank, data-node"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new PartyIdentity("city credit", "a", PartyRole.BANK));
    assertThrows(IllegalArgumentException.class,
        () -> new PartyIdentity("f", "../etc", PartyRole.BANK));
    // the CA certificate carries no party identity
    assertThrows(PkiException.class, () -> PartyIdentity.of(ca.certificate()));
  }

  private static void validate(X509Certificate leaf, X509Certificate anchor) throws Exception {
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
    params.setRevocationEnabled(false);
    params.setDate(java.util.Date.from(NOW.plusSeconds(3600)));
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
  }
}
