package io.fedcredit.core.testing;

import io.fedcredit.core.serving.ModelTrust;
import io.fedcredit.core.transport.MutualTls;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.crypto.pki.CertificateAuthority;
import io.fedcredit.crypto.pki.PartyCredential;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.crypto.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A throw-away federation CA for tests: issues party credentials (good for 127.0.0.1 and
 * localhost), writes its empty revocation list, and builds mutual TLS for a party.
 */
public final class TestPki {
  private final CertificateAuthority ca;
  private final Path crl;

  private TestPki(CertificateAuthority ca, Path crl) {
    this.ca = ca;
    this.crl = crl;
  }

  /**
   * A new CA whose revocation list is written into {@code dir}.
   *
   * @param federation the federation's name
   */
  public static TestPki create(String federation, Path dir) throws IOException {
    CertificateAuthority ca = CertificateAuthority.create(federation, Duration.ofDays(3650),
        Instant.now(), new SecureRandom());
    Path crl = dir.resolve(federation + "-crl.pem");
    Files.createDirectories(dir);
    Files.writeString(crl, Pem.encode(ca.emptyRevocationList(Instant.now()).crl()));
    return new TestPki(ca, crl);
  }

  public CertificateAuthority ca() {
    return ca;
  }

  public String federation() {
    return ca.federation();
  }

  /** The revocation list file. */
  public Path crl() {
    return crl;
  }

  /** A credential for a party, valid for 127.0.0.1 and localhost. */
  public PartyCredential issue(String party, PartyRole role) {
    return ca.issue(new PartyIdentity(ca.federation(), party, role),
        List.of("127.0.0.1", "localhost"), Duration.ofDays(30), Instant.now());
  }

  /** Mutual TLS as the holder of {@code credential}. */
  public MutualTls tls(PartyCredential credential) {
    return TransportSecurity.mutualTls(ca.certificate(), credential, crl);
  }

  /** Trust in this CA for loading served models (no revocation list). */
  public ModelTrust trust() {
    return new ModelTrust(ca.certificate(), null);
  }
}
