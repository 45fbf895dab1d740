package io.fedcredit.crypto.pki;

import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A federation's CA and party credentials in memory, for tests of key bindings: {@link #auth}
 * gives each party certified key authentication against the CA's current revocation list.
 */
public final class TestFederationPki {
  public static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC);
  private final SecureRandom random = new SecureRandom();
  private final CertificateAuthority ca;
  private final Map<String, PartyCredential> parties = new LinkedHashMap<>();
  private volatile RevocationList crl;

  public TestFederationPki(String federation) {
    ca = CertificateAuthority.create(federation, Duration.ofDays(3650), NOW, random);
    crl = ca.emptyRevocationList(NOW);
  }

  /** Issues (once) and returns the credential of a party. */
  public synchronized PartyCredential party(String id, PartyRole role) {
    return parties.computeIfAbsent(id, k -> ca.issue(new PartyIdentity(ca.federation(), k, role),
        List.of(), Duration.ofDays(30), NOW));
  }

  /** A bank's credential. */
  public PartyCredential bank(String id) {
    return party(id, PartyRole.BANK);
  }

  public CertificateAuthority ca() {
    return ca;
  }

  /** Revokes a party's certificate in the list every verifier of this federation reads. */
  public void revoke(String id) {
    crl = ca.revoke(crl, parties.get(id).certificate().getSerialNumber(),
        CRLReason.KEY_COMPROMISE, NOW);
  }

  public KeyAttestationVerifier verifier() {
    return new KeyAttestationVerifier(ca.certificate(), () -> crl, CLOCK);
  }

  /** Certified key authentication for {@code credential}'s holder. */
  public KeyAuthentication auth(PartyCredential credential) {
    return KeyAuthentication.certified(new KeyAttestor(credential), verifier());
  }
}
