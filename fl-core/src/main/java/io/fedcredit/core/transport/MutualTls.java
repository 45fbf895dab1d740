package io.fedcredit.core.transport;

import io.fedcredit.crypto.InsecureSecretKeyAccess;
import io.fedcredit.crypto.pki.CertificateAuthority;
import io.fedcredit.crypto.pki.KeyAttestationVerifier;
import io.fedcredit.crypto.pki.KeyAttestor;
import io.fedcredit.crypto.pki.KeyAuthentication;
import io.fedcredit.crypto.pki.PartyCredential;
import io.fedcredit.crypto.pki.PkiException;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS 1.3 between the parties of one federation: each side presents its certificate,
 * trusts only the federation's CA, and refuses a peer whose certificate is revoked in the CA's
 * current revocation list (re-read when the file changes, so a revocation needs no restart; calls
 * on connections opened before it go on until they close). Servers require a client certificate
 * and put the caller's certified {@link PeerIdentity} in every call's context. Channels verify
 * that the server's certificate names the host they dial.
 */
public final class MutualTls extends TransportSecurity {
  private static final Logger LOG = LoggerFactory.getLogger(MutualTls.class);
  private static final String TLS_1_3 = "TLSv1.3";

  private final PartyCredential credential;
  private final X509Certificate ca;
  private final FederationTrustManager trust;
  private final KeyAuthentication keyAuthentication;

  MutualTls(X509Certificate ca, PartyCredential credential, Path revocationList) {
    this.ca = ca;
    this.credential = credential;
    RevocationListFile revocations = new RevocationListFile(revocationList, ca);
    this.trust = new FederationTrustManager(ca, CertificateAuthority.federationOf(ca),
        revocations);
    this.keyAuthentication = KeyAuthentication.certified(new KeyAttestor(credential),
        new KeyAttestationVerifier(ca, () -> {
          try {
            return revocations.current();
          } catch (CertificateException e) {
            throw new PkiException(e.getMessage(), e);
          }
        }, Clock.systemUTC()));
  }

  /**
   * Announced keys signed with this party's certificate key, and peers' keys checked against the
   * same CA and revocation list as the handshakes.
   */
  @Override
  public KeyAuthentication keyAuthentication() {
    return keyAuthentication;
  }

  /** Who this side is. */
  public PartyIdentity identity() {
    return credential.identity();
  }

  /** How many peers this transport refused at the handshake so far. */
  public long refusedHandshakes() {
    return trust.refused();
  }

  @Override
  public ServerBuilder<?> serverBuilder(String host, int port, TransportTuning tuning) {
    SslContext ssl;
    try {
      ssl = configure(SslContextBuilder.forServer(
              credential.privateKey(InsecureSecretKeyAccess.get()), credential.certificate()),
              tuning)
          .trustManager(trust)
          .clientAuth(ClientAuth.REQUIRE)
          .protocols(TLS_1_3)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the TLS server context for "
          + identity(), e);
    }
    LOG.info("mutual TLS server on {}:{} as {}; trusting only the CA {}", host, port, identity(),
        ca.getSubjectX500Principal().getName());
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .sslContext(ssl)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .intercept(PeerIdentity.interceptor());
    tuning.apply(b);
    return b;
  }

  private static SslContextBuilder configure(SslContextBuilder b, TransportTuning tuning) {
    SslProvider provider = tuning.tls().provider();
    return provider == null ? GrpcSslContexts.configure(b)
        : GrpcSslContexts.configure(b, provider);
  }

  @Override
  public ManagedChannel channel(String target, TransportTuning tuning) {
    SslContext ssl;
    try {
      ssl = configure(SslContextBuilder.forClient(), tuning)
          .keyManager(credential.privateKey(InsecureSecretKeyAccess.get()),
              credential.certificate())
          .trustManager(trust)
          .protocols(TLS_1_3)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the TLS client context for "
          + identity(), e);
    }
    NettyChannelBuilder b = NettyChannelBuilder.forTarget(target)
        .sslContext(ssl)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
    tuning.apply(b);
    return b.build();
  }

  @Override
  public String describe() {
    return "mtls as " + identity();
  }

  @Override
  public String toString() {
    return "MutualTls[" + identity() + "]";
  }
}
