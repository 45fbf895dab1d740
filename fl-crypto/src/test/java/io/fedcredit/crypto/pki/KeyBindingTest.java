package io.fedcredit.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.crypto.pki.KeyBindingException.Reason;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Keys bound to certificates: what verifies, and each way a relay's tampering is refused. */
class KeyBindingTest {
  private final TestFederationPki fed = new TestFederationPki("city-credit");
  private final PartyCredential bankA = fed.bank("bank-a");
  private final PartyCredential bankB = fed.bank("bank-b");
  private final byte[] key = randomKey();
  private final KeyBinding binding = KeyBinding.of("test/purpose", "job-1", "7", "bank-a", key);

  private static byte[] randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  private static void refused(Reason reason, Executable verification) {
    KeyBindingException e = assertThrows(KeyBindingException.class, verification);
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().startsWith(reason.name()), e.getMessage());
  }

  @Test
  void anHonestAnnouncementVerifiesAndNamesTheSigner() {
    KeyAttestation a = new KeyAttestor(bankA).attest(binding);
    PartyIdentity id = fed.verifier().verify(
        KeyBinding.of("test/purpose", "job-1", "7", "bank-a", key.clone()), a);
    assertEquals(new PartyIdentity("city-credit", "bank-a", PartyRole.BANK), id);
    assertEquals(bankA.certificate(), a.signer());
  }

  @Test
  void aSubstitutedKeyIsRefused() {
    KeyAttestation a = new KeyAttestor(bankA).attest(binding);
    byte[] other = key.clone();
    other[5] ^= 1;
    refused(Reason.BAD_SIGNATURE, () -> fed.verifier().verify(
        KeyBinding.of("test/purpose", "job-1", "7", "bank-a", other), a));
  }

  @Test
  void aSignatureOverAnotherJobRoundOrPurposeIsRefused() {
    KeyAttestation a = new KeyAttestor(bankA).attest(binding);
    for (KeyBinding replayed : List.of(
        KeyBinding.of("test/purpose", "job-2", "7", "bank-a", key),
        KeyBinding.of("test/purpose", "job-1", "8", "bank-a", key),
        KeyBinding.of("other/purpose", "job-1", "7", "bank-a", key))) {
      refused(Reason.BAD_SIGNATURE, () -> fed.verifier().verify(replayed, a));
    }
  }

  @Test
  void aKeySignedByAnotherPartyIsRefused() {
    // bank-b signs its own key; the relay presents it as bank-a's
    KeyAttestation byB = new KeyAttestor(bankB).attest(
        KeyBinding.of("test/purpose", "job-1", "7", "bank-b", key));
    refused(Reason.WRONG_SIGNER, () -> fed.verifier().verify(binding, byB));
    // and a certificate cannot sign for another party in the first place
    assertThrows(IllegalArgumentException.class, () -> new KeyAttestor(bankB).attest(binding));
  }

  @Test
  void aRevokedSignerIsRefusedFromTheMomentItIsRevoked() {
    KeyAttestation a = new KeyAttestor(bankA).attest(binding);
    KeyAttestationVerifier verifier = fed.verifier();
    verifier.verify(binding, a);
    fed.revoke("bank-a");
    refused(Reason.REVOKED, () -> verifier.verify(binding, a));
  }

  @Test
  void aSignerFromAnotherCaOrAnExpiredCertificateIsRefused() {
    TestFederationPki impostors = new TestFederationPki("city-credit");
    KeyAttestation forged = new KeyAttestor(impostors.bank("bank-a")).attest(binding);
    refused(Reason.UNTRUSTED_CERTIFICATE, () -> fed.verifier().verify(binding, forged));

    KeyAttestation a = new KeyAttestor(bankA).attest(binding);
    KeyAttestationVerifier late = new KeyAttestationVerifier(fed.ca().certificate(),
        () -> fed.ca().emptyRevocationList(TestFederationPki.NOW),
        Clock.fixed(TestFederationPki.NOW.plusSeconds(31L * 86400), ZoneOffset.UTC));
    refused(Reason.UNTRUSTED_CERTIFICATE, () -> late.verify(binding, a));
  }

  @Test
  void withoutAValidRevocationListNothingIsAccepted() {
    KeyAttestation a = new KeyAttestor(bankA).attest(binding);
    KeyAttestationVerifier blind = new KeyAttestationVerifier(fed.ca().certificate(), () -> {
      throw new PkiException("crl.pem is unreadable");
    }, TestFederationPki.CLOCK);
    refused(Reason.UNTRUSTED_CERTIFICATE, () -> blind.verify(binding, a));
  }

  @Test
  void aCoordinatorCertificateCannotVouchForAParticipantKey() {
    PartyCredential coordinator = fed.party("coordinator", PartyRole.COORDINATOR);
    KeyBinding b = KeyBinding.of("test/purpose", "job-1", "7", "coordinator", key);
    refused(Reason.WRONG_ROLE,
        () -> fed.verifier().verify(b, new KeyAttestor(coordinator).attest(b)));
  }

  @Test
  void aStrippedSignatureIsRefusedByACertifiedPartyAndIgnoredByAnUnauthenticatedOne() {
    refused(Reason.UNSIGNED, () -> fed.auth(bankB).verify(binding, null));
    KeyAuthentication none = KeyAuthentication.unauthenticated();
    assertFalse(none.isCertified());
    assertNull(none.attest(binding));
    assertTrue(none.verify(binding, null).isEmpty());
    assertTrue(fed.auth(bankB).isCertified());
  }

  @Test
  void theStatementSeparatesEveryField() {
    // moving bytes from one field to the next changes the statement (length prefixes)
    byte[] s1 = KeyBinding.of("p", "ab", "c", "bank-a", key).statement(PartyRole.BANK);
    byte[] s2 = KeyBinding.of("p", "a", "bc", "bank-a", key).statement(PartyRole.BANK);
    assertFalse(java.util.Arrays.equals(s1, s2));
    assertFalse(java.util.Arrays.equals(binding.statement(PartyRole.BANK),
        binding.statement(PartyRole.DATA_NODE)));
    assertEquals(binding, KeyBinding.of("test/purpose", "job-1", "7", "bank-a", key.clone()));
    assertFalse(binding.toString().contains(java.util.HexFormat.of().formatHex(key)));
  }
}
