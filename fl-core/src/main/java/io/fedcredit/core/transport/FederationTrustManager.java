package io.fedcredit.core.transport;

import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PkiException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts a peer only when the JDK's PKIX trust manager, anchored at the federation's CA alone,
 * accepts its chain (signature, validity, key usage, and host name when the caller asks for it),
 * its certificate carries an identity of this federation, and its serial is not on the CA's
 * current revocation list. Every refusal is logged once and counted.
 */
final class FederationTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = LoggerFactory.getLogger(FederationTrustManager.class);

  private final X509Certificate ca;
  private final String federation;
  private final RevocationListFile revocations;
  private final X509ExtendedTrustManager pkix;
  private final AtomicLong refused = new AtomicLong();

  FederationTrustManager(X509Certificate ca, String federation, RevocationListFile revocations) {
    this.ca = ca;
    this.federation = federation;
    this.revocations = revocations;
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      anchors.setCertificateEntry("federation-ca", ca);
      TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
      f.init(anchors);
      X509ExtendedTrustManager found = null;
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          found = x;
        }
      }
      if (found == null) {
        throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
      }
      this.pkix = found;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a trust manager for the federation CA", e);
    }
  }

  /** How many peers this trust manager refused. */
  long refused() {
    return refused.get();
  }

  private interface Check {
    void run() throws CertificateException;
  }

  private void check(String side, X509Certificate[] chain, Check pkixCheck)
      throws CertificateException {
    String who = chain == null || chain.length == 0 ? "a peer without a certificate"
        : PartyIdentity.describe(chain[0]);
    try {
      pkixCheck.run();
      PartyIdentity id = PartyIdentity.of(chain[0]);
      if (!id.federation().equals(federation)) {
        throw new CertificateException(who + " belongs to federation '" + id.federation()
            + "', not '" + federation + "'");
      }
      if (revocations.current().isRevoked(chain[0])) {
        throw new CertificateException("the certificate of " + id + " is revoked");
      }
    } catch (CertificateException | PkiException | IllegalArgumentException e) {
      refused.incrementAndGet();
      LOG.warn("TLS handshake refused: {} {}: {}", side, who, e.getMessage());
      throw e instanceof CertificateException ce ? ce
          : new CertificateException(e.getMessage(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check("client", chain, () -> pkix.checkClientTrusted(chain, authType));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check("client", chain, () -> pkix.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check("client", chain, () -> pkix.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check("server", chain, () -> pkix.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check("server", chain, () -> pkix.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check("server", chain, () -> pkix.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {ca};
  }
}
