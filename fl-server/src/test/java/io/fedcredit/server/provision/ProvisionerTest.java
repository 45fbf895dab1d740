package io.fedcredit.server.provision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.crypto.pki.Pem;
import io.fedcredit.crypto.pki.RevocationList;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisionerTest {

  @Test
  void everyKitChainsToTheCaAndCarriesItsPartyAndRole(@TempDir Path out) throws Exception {
    Path kits = TestFederation.provision(out);
    X509Certificate ca = Pem.decodeCertificate(Files.readString(out.resolve("ca/ca.pem")), "ca");
    assertEquals("rw-------", perms(out.resolve("ca/ca-key.pem")));
    for (PartyIdentity expected : TestFederation.project().identities()) {
      Path kit = kits.resolve(expected.partyId());
      StartupKit k = StartupKit.load(kit);
      assertEquals(expected, k.identity());
      assertEquals("127.0.0.1:7443", k.coordinator());
      X509Certificate cert = k.credential().certificate();
      cert.verify(ca.getPublicKey()); // throws unless the CA signed it
      assertEquals(expected, PartyIdentity.of(cert));
      assertEquals(ca, k.caCertificate());
      assertEquals("rw-------", perms(kit.resolve(expected.partyId() + "-key.pem")));
      assertEquals("rw-r--r--", perms(kit.resolve(expected.partyId() + ".pem")));
      String readme = Files.readString(kit.resolve("README.txt"));
      assertTrue(readme.contains("Role:        " + expected.role().wireName()), readme);
      assertFalse(readme.contains("PRIVATE KEY") || Files.readString(
          kit.resolve("config.yaml")).contains("PRIVATE KEY"));
    }
    X509Certificate coordinator = StartupKit.load(kits.resolve("coordinator")).credential()
        .certificate();
    Set<List<?>> sans = Set.copyOf(coordinator.getSubjectAlternativeNames());
    assertTrue(sans.contains(List.of(7, "127.0.0.1")), sans.toString());
    assertTrue(sans.contains(List.of(2, "localhost")), sans.toString());
    assertTrue(sans.contains(List.of(6, "fedcredit://test-fed/coordinator/coordinator")));
    // banks serve nothing: no host names in their certificates
    assertEquals(1, StartupKit.load(kits.resolve("bank-a")).credential().certificate()
        .getSubjectAlternativeNames().size());
  }

  @Test
  void existingKitsAreRefusedUnlessForcedAndReissuingRevokesTheOldCertificate(@TempDir Path out)
      throws Exception {
    Path kits = TestFederation.provision(out);
    byte[] keyBefore = Files.readAllBytes(kits.resolve("bank-a/bank-a-key.pem"));
    byte[] caBefore = Files.readAllBytes(out.resolve("ca/ca.pem"));
    BigInteger oldSerial = serial(kits.resolve("bank-a"));

    FedCreditException e = assertThrows(FedCreditException.class,
        () -> TestFederation.provisioner().provision(TestFederation.project(), out, false,
            Set.of()));
    assertTrue(e.getMessage().contains("bank-a") && e.getMessage().contains("--force"),
        e.getMessage());
    assertArrayEquals(keyBefore, Files.readAllBytes(kits.resolve("bank-a/bank-a-key.pem")));

    Provisioner.Result r = TestFederation.provisioner().provision(TestFederation.project(), out,
        true, Set.of("bank-a"));
    assertFalse(r.newCa());
    assertEquals(List.of("bank-a"), r.superseded());
    assertArrayEquals(caBefore, Files.readAllBytes(out.resolve("ca/ca.pem")), "CA reused");
    BigInteger newSerial = serial(kits.resolve("bank-a"));
    assertNotEquals(oldSerial, newSerial);
    RevocationList crl = crl(out);
    assertTrue(crl.isRevoked(oldSerial));
    assertFalse(crl.isRevoked(newSerial));
    assertEquals(CRLReason.SUPERSEDED,
        crl.crl().getRevokedCertificate(oldSerial).getRevocationReason());
    // the other kits got the new list too
    assertEquals(Files.readString(out.resolve("ca/crl.pem")),
        Files.readString(kits.resolve("coordinator/crl.pem")));

    assertThrows(FedCreditException.class, () -> TestFederation.provisioner().provision(
        TestFederation.project(), out, true, Set.of("bank-z")));
  }

  @Test
  void revokeReSignsTheListAndCopiesItIntoTheKits(@TempDir Path out) throws Exception {
    Path kits = TestFederation.provision(out);
    BigInteger b = serial(kits.resolve("bank-b"));
    assertEquals(1, crl(out).number().intValue());
    RevocationList after = TestFederation.provisioner().revoke(out.resolve("ca"), "bank-b",
        CRLReason.KEY_COMPROMISE);
    assertTrue(after.isRevoked(b));
    assertEquals(2, after.number().intValue());
    assertEquals(after.revokedSerials(), crl(out).revokedSerials());
    assertEquals(Files.readString(out.resolve("ca/crl.pem")),
        Files.readString(kits.resolve("coordinator/crl.pem")));
    // idempotent
    assertEquals(2, TestFederation.provisioner().revoke(out.resolve("ca"), "bank-b",
        CRLReason.KEY_COMPROMISE).number().intValue());
    FedCreditException e = assertThrows(FedCreditException.class,
        () -> TestFederation.provisioner().revoke(out.resolve("ca"), "bank-q",
            CRLReason.UNSPECIFIED));
    assertTrue(e.getMessage().contains("bank-q"), e.getMessage());
  }

  @Test
  void aCaOfAnotherFederationIsNotReused(@TempDir Path out) throws Exception {
    TestFederation.provision(out);
    FederationProject other = FederationProject.parse(TestFederation.YAML.replace(
        "federation: test-fed", "federation: other-fed"), "other.yaml");
    FedCreditException e = assertThrows(FedCreditException.class,
        () -> TestFederation.provisioner().provision(other, out, true, Set.of()));
    assertTrue(e.getMessage().contains("other-fed"), e.getMessage());
  }

  @Test
  void projectErrorsNameTheField() {
    assertError("federation: a\ncoordinator: h:1\nparties: [{id: c, role: coordinator}]\nfoo: 1",
        "unknown key 'foo'");
    assertError("coordinator: h:1\nparties: [{id: c, role: coordinator}]", "'federation'");
    assertError("federation: a\ncoordinator: h\nparties: [{id: c, role: coordinator}]",
        "'coordinator'");
    assertError("federation: a\ncoordinator: h:99999\nparties: [{id: c, role: coordinator}]",
        "'coordinator'");
    assertError("federation: a\ncoordinator: h:1\nvalidity_days: 0\n"
        + "parties: [{id: c, role: coordinator}]", "'validity_days'");
    assertError("federation: a\ncoordinator: h:1\nvalidity_days: 1.5\n"
        + "parties: [{id: c, role: coordinator}]", "'validity_days'");
    assertError("federation: a\ncoordinator: h:1\n"
        + "parties: [{id: c, role: coordinator}, {id: b, role: auditor}]",
        "'parties[1].role' role 'auditor' is not one of coordinator, bank, data-node");
    assertError("federation: a\ncoordinator: h:1\n"
        + "parties: [{id: c, role: coordinator}, {id: c, role: bank}]", "'parties[1].id'");
    assertError("federation: a\ncoordinator: h:1\nparties: [{id: b, role: bank}]",
        "exactly one party with 'role: coordinator'");
    assertError("federation: a\ncoordinator: h:1\n"
        + "parties: [{id: c, role: coordinator, server_names: ['bad name']}]",
        "'parties[0].server_names'");
    assertError("federation: a\ncoordinator: h:1\nparties: [{id: c, role: coordinator, x: 1}]",
        "unknown key 'parties[0].x'");
  }

  private static void assertError(String yaml, String expected) {
    FedCreditException e = assertThrows(FedCreditException.class,
        () -> FederationProject.parse(yaml, "p.yaml"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith("p.yaml"), e.getMessage());
  }

  @Test
  void brokenKitsAreRefusedWithTheFieldAndTheFix(@TempDir Path out) throws Exception {
    Path kit = TestFederation.provision(out).resolve("bank-a");
    Path config = kit.resolve("config.yaml");
    String good = Files.readString(config);

    Files.writeString(config, good.replace("party: bank-a", "party: bank-b"));
    assertKitError(kit, "field 'certificate' is for bank-a");

    Files.writeString(config, good.replace("role: bank", "role: data-node"));
    assertKitError(kit, "field 'certificate'");

    Files.writeString(config, good.replace("private_key: bank-a-key.pem",
        "private_key: missing.pem"));
    assertKitError(kit, "field 'private_key' names");

    Files.writeString(config, good + "colour: blue\n");
    assertKitError(kit, "unknown key 'colour'");

    Files.writeString(config, good);
    Files.setPosixFilePermissions(kit.resolve("bank-a-key.pem"),
        PosixFilePermissions.fromString("rw-r--r--"));
    assertKitError(kit, "chmod 600");

    Files.setPosixFilePermissions(kit.resolve("bank-a-key.pem"),
        PosixFilePermissions.fromString("rw-------"));
    Files.copy(out.resolve("kits/bank-b/bank-b-key.pem"), kit.resolve("bank-a-key.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertKitError(kit, "does not belong to certificate");

    assertKitError(out, "has no config.yaml");
  }

  private static void assertKitError(Path kit, String expected) {
    FedCreditException e = assertThrows(FedCreditException.class, () -> StartupKit.load(kit));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void rolesParseForJobSpecs() {
    assertEquals(PartyRole.DATA_NODE, TestFederation.project().identities().get(4).role());
  }

  private static BigInteger serial(Path kit) {
    return StartupKit.load(kit).credential().certificate().getSerialNumber();
  }

  private static RevocationList crl(Path out) throws Exception {
    X509Certificate ca = Pem.decodeCertificate(Files.readString(out.resolve("ca/ca.pem")), "ca");
    return RevocationList.verified(Pem.decodeCrl(Files.readString(out.resolve("ca/crl.pem")),
        "crl"), ca);
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
