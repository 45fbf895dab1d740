package io.fedcredit.crypto.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedcredit.crypto.kex.AgreementKeyPair;
import io.fedcredit.crypto.pki.KeyAuthentication;
import io.fedcredit.crypto.pki.KeyBindingException;
import io.fedcredit.crypto.pki.KeyBindingException.Reason;
import io.fedcredit.crypto.pki.TestFederationPki;
import io.fedcredit.crypto.secagg.SecAggMessages.PublicKeys;
import io.fedcredit.crypto.secagg.SecAggMessages.Roster;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShare;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Secure aggregation with round keys bound to certificates: an honest round gives the exact sum,
 * and a coordinator that substitutes, strips or replays a key in the roster is refused before any
 * share is sealed.
 */
class SecAggKeyBindingTest {
  private static final List<String> IDS = List.of("bank-a", "bank-b", "bank-c", "bank-d");
  private final SecureRandom random = new SecureRandom();
  private final TestFederationPki fed = new TestFederationPki("city-credit");

  private Map<String, SecAggClient> clients(SecAggSettings settings) {
    Map<String, SecAggClient> out = new LinkedHashMap<>();
    for (String id : IDS) {
      out.put(id, new SecAggClient(id, settings, random, fed.auth(fed.bank(id))));
    }
    return out;
  }

  @Test
  void anHonestCertifiedRoundSumsExactly() {
    SecAggSettings settings = SecAggSettings.of("job", 3);
    SecAggServer server = new SecAggServer(settings, IDS, 4);
    Map<String, SecAggClient> clients = clients(settings);
    for (SecAggClient c : clients.values()) {
      PublicKeys k = c.advertise();
      assertNotNull(k.attestation());
      server.receiveKeys(k);
    }
    Roster roster = server.closeAdvertise();
    for (SecAggClient c : clients.values()) {
      server.receiveShares(c.shareKeys(roster));
    }
    Map<String, List<SealedShare>> inbox = server.closeShares();
    long[] expected = new long[4];
    int i = 0;
    for (Map.Entry<String, SecAggClient> e : clients.entrySet()) {
      long[] x = {i, -i, 1000L * i, Long.MAX_VALUE - i};
      for (int j = 0; j < 4; j++) {
        expected[j] += x[j];
      }
      server.receiveMaskedInput(e.getValue().maskInput(x, inbox.get(e.getKey())));
      i++;
    }
    UnmaskRequest req = server.closeMaskedInputs();
    for (String id : req.survivors()) {
      server.receiveUnmask(clients.get(id).unmask(req));
    }
    assertArrayEquals(expected, server.closeUnmask());
  }

  /** Runs phase 0 honestly, lets the "coordinator" rewrite the roster, and has bank-a share. */
  private KeyBindingException tampered(SecAggSettings settings,
      UnaryOperator<List<PublicKeys>> coordinator) {
    SecAggServer server = new SecAggServer(settings, IDS, 4);
    Map<String, SecAggClient> clients = clients(settings);
    clients.values().forEach(c -> server.receiveKeys(c.advertise()));
    Roster honest = server.closeAdvertise();
    Roster forged = new Roster(coordinator.apply(new ArrayList<>(honest.parties())),
        honest.threshold(), honest.graph());
    return assertThrows(KeyBindingException.class,
        () -> clients.get("bank-a").shareKeys(forged));
  }

  private static List<PublicKeys> replace(List<PublicKeys> roster, String party,
      UnaryOperator<PublicKeys> change) {
    roster.replaceAll(k -> k.party().equals(party) ? change.apply(k) : k);
    return roster;
  }

  @Test
  void aSubstitutedEnvelopeKeyIsRefused() {
    byte[] mitm = AgreementKeyPair.generate(random).publicKey();
    KeyBindingException e = tampered(SecAggSettings.of("job", 3), r -> replace(r, "bank-b",
        k -> new PublicKeys("bank-b", mitm, k.maskKey(), k.attestation())));
    assertEquals(Reason.BAD_SIGNATURE, e.reason());
    assertEquals("bank-b", e.party());
  }

  @Test
  void aStrippedSignatureIsRefused() {
    KeyBindingException e = tampered(SecAggSettings.of("job", 3), r -> replace(r, "bank-c",
        k -> new PublicKeys("bank-c", k.envelopeKey(), k.maskKey())));
    assertEquals(Reason.UNSIGNED, e.reason());
  }

  @Test
  void keysSignedForAnotherRoundOrJobAreRefused() {
    for (SecAggSettings old : List.of(SecAggSettings.of("job", 2),
        SecAggSettings.of("other-job", 3))) {
      SecAggClient earlier = new SecAggClient("bank-b", old, random, fed.auth(fed.bank("bank-b")));
      PublicKeys replayed = earlier.advertise();
      KeyBindingException e = tampered(SecAggSettings.of("job", 3),
          r -> replace(r, "bank-b", k -> replayed));
      assertEquals(Reason.BAD_SIGNATURE, e.reason());
    }
  }

  @Test
  void keysOfARevokedBankAreRefused() {
    SecAggSettings settings = SecAggSettings.of("job", 3);
    KeyBindingException e = tampered(settings, r -> {
      fed.revoke("bank-d");
      return r;
    });
    assertEquals(Reason.REVOKED, e.reason());
    assertEquals("bank-d", e.party());
  }

  @Test
  void anUnauthenticatedClientSendsNoSignatureAndAcceptsUnsignedKeys() {
    SecAggSettings settings = SecAggSettings.of("job", 3);
    SecAggClient plain = new SecAggClient("bank-a", settings, random,
        KeyAuthentication.unauthenticated());
    assertEquals(null, plain.advertise().attestation());
  }
}
