package io.fedcredit.core.vertical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.relay.Mailboxes;
import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.crypto.kex.AgreementKeyPair;
import io.fedcredit.crypto.pki.CertificateAuthority;
import io.fedcredit.crypto.pki.KeyAttestationVerifier;
import io.fedcredit.crypto.pki.KeyAttestor;
import io.fedcredit.crypto.pki.KeyAuthentication;
import io.fedcredit.crypto.pki.KeyBindingException;
import io.fedcredit.crypto.pki.KeyBindingException.Reason;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.crypto.pki.RevocationList;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A vertical job's sealed channels with keys bound to certificates, over serialized envelopes as
 * through the coordinator's relay: honest parties open a channel; a relay that substitutes a key,
 * strips its signature or replays it from another run of the job is refused by name.
 */
@Timeout(60)
class SealedChannelKeyBindingTest {
  private static final String JOB = "job-v";
  private final SecureRandom random = new SecureRandom();
  private final Instant now = Instant.now();
  private final CertificateAuthority ca =
      CertificateAuthority.create("city-credit", Duration.ofDays(10), now, random);
  private final RevocationList crl = ca.emptyRevocationList(now);

  private KeyAuthentication auth(String party, PartyRole role) {
    return KeyAuthentication.certified(new KeyAttestor(ca.issue(
            new PartyIdentity("city-credit", party, role), List.of(), Duration.ofDays(1), now)),
        new KeyAttestationVerifier(ca.certificate(), () -> crl, Clock.systemUTC()));
  }

  /**
   * The guest and the host seal to each other; the relay may rewrite what the guest receives
   * from the host. The host then sends one sealed message, which the guest opens.
   */
  private void exchange(KeyAuthentication guest, KeyAuthentication host, String hostSession,
      UnaryOperator<Object> relay) throws Exception {
    Mailboxes boxes = new Mailboxes(JOB, List.of("bank", "platform"), 64 * 1024, 1L << 24,
        e -> { });
    InProcessLinks failures = new InProcessLinks(HeteroLrTraining.Transcript.none(),
        Duration.ofSeconds(5));
    Map<String, Callable<Object>> tasks = new LinkedHashMap<>();
    tasks.put("bank", () -> {
      SealedLinks l = PartySetup.sealTo(tampered(link(boxes, "bank"), relay), JOB, "run-1",
          List.of("platform"), new VerticalWire(), guest, random);
      return l.receive("platform", VerticalJobMessages.HostSelection.class);
    });
    tasks.put("platform", () -> {
      SealedLinks l = PartySetup.sealTo(link(boxes, "platform"), JOB, hostSession,
          List.of("bank"), new VerticalWire(), host, random);
      l.send("bank", new VerticalJobMessages.HostSelection(List.of("x1"), Map.of()));
      return "sent";
    });
    Map<String, Object> out = failures.runAll(tasks);
    assertEquals(List.of("x1"),
        ((VerticalJobMessages.HostSelection) out.get("bank")).features());
  }

  private static PartyLink link(Mailboxes boxes, String party) {
    return new EnvelopeLink(JOB, party, boxes.transportFor(party), new VerticalWire(),
        Duration.ofSeconds(5));
  }

  /** A link whose received messages pass through {@code relay} first. */
  private static PartyLink tampered(PartyLink inner, UnaryOperator<Object> relay) {
    return new PartyLink() {
      @Override
      public String self() {
        return inner.self();
      }

      @Override
      public void send(String to, Object message) {
        inner.send(to, message);
      }

      @Override
      public <T> T receive(String from, Class<T> type) {
        return type.cast(relay.apply(inner.receive(from, type)));
      }
    };
  }

  private KeyBindingException refused(KeyAuthentication host, String hostSession,
      UnaryOperator<Object> relay) {
    Throwable e = assertThrows(Exception.class,
        () -> exchange(auth("bank", PartyRole.BANK), host, hostSession, relay));
    while (e != null && !(e instanceof KeyBindingException)) {
      e = e.getCause();
    }
    return assertInstanceOf(KeyBindingException.class, e, "no KeyBindingException in the chain");
  }

  @Test
  void certifiedPartiesOpenTheirChannel() throws Exception {
    exchange(auth("bank", PartyRole.BANK), auth("platform", PartyRole.DATA_NODE), "run-1",
        m -> m);
  }

  @Test
  void aKeySubstitutedByTheRelayIsRefused() {
    byte[] mitm = AgreementKeyPair.generate(random).publicKey();
    KeyBindingException e = refused(auth("platform", PartyRole.DATA_NODE), "run-1",
        m -> m instanceof VerticalJobMessages.KeyAnnouncement k
            ? new VerticalJobMessages.KeyAnnouncement(k.party(), mitm, k.attestation()) : m);
    assertEquals(Reason.BAD_SIGNATURE, e.reason());
    assertEquals("platform", e.party());
  }

  @Test
  void aStrippedSignatureIsRefused() {
    KeyBindingException e = refused(auth("platform", PartyRole.DATA_NODE), "run-1",
        m -> m instanceof VerticalJobMessages.KeyAnnouncement k
            ? new VerticalJobMessages.KeyAnnouncement(k.party(), k.publicKey()) : m);
    assertEquals(Reason.UNSIGNED, e.reason());
  }

  @Test
  void aKeySignedForAnotherRunOfTheJobIsRefused() {
    KeyBindingException e = refused(auth("platform", PartyRole.DATA_NODE), "run-0", m -> m);
    assertEquals(Reason.BAD_SIGNATURE, e.reason());
  }

  @Test
  void aKeySignedByAnotherPartyIsRefused() {
    // the "platform" end runs with bank-z's certificate, which cannot sign for platform
    Throwable e = assertThrows(Exception.class, () -> exchange(
        auth("bank", PartyRole.BANK), auth("bank-z", PartyRole.BANK), "run-1", m -> m));
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertTrue(messages.toString().contains("cannot vouch for keys that party 'platform'"),
        messages.toString());
  }

  @Test
  void unauthenticatedPartiesStillOpenTheirChannel() throws Exception {
    exchange(KeyAuthentication.unauthenticated(), KeyAuthentication.unauthenticated(), "run-1",
        m -> m);
  }
}
