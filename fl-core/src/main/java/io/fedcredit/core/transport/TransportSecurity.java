package io.fedcredit.core.transport;

import io.fedcredit.crypto.pki.KeyAuthentication;
import io.fedcredit.crypto.pki.PartyCredential;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How parties talk to each other: every gRPC server and channel in FedCredit is built here.
 *
 * <p>{@link #mutualTls(StartupKit)} is the default for every real deployment: TLS 1.3 with
 * certificates from the federation's CA on both sides, revoked certificates refused at the
 * handshake, and the caller's party id taken from its certificate ({@link PeerIdentity}).
 * {@link #plaintextForTesting()} is for tests and the in-process demo on loopback; it logs a
 * warning each time it builds a server or channel.
 */
public abstract class TransportSecurity {
  private static final Logger LOG = LoggerFactory.getLogger(TransportSecurity.class);

  /** Largest inbound message; chunked streams keep every message far below this. */
  public static final int MAX_INBOUND_MESSAGE_BYTES = 4 * 1024 * 1024;

  TransportSecurity() {}

  /** Unencrypted, unauthenticated transport: tests and the in-process demo only. */
  public static TransportSecurity plaintextForTesting() {
    return Plaintext.INSTANCE;
  }

  /**
   * Mutual TLS with a party's startup kit (see {@link StartupKit#load}).
   *
   * @throws IllegalStateException when no TLS context can be built from the kit
   */
  public static MutualTls mutualTls(StartupKit kit) {
    return new MutualTls(kit.caCertificate(), kit.credential(), kit.revocationList());
  }

  /**
   * Mutual TLS from the parts of a kit.
   *
   * @param ca the federation's CA certificate, the only trust anchor
   * @param credential this party's certificate and key
   * @param revocationList the CA's revocation list (PEM), re-read whenever the file changes
   */
  public static MutualTls mutualTls(X509Certificate ca, PartyCredential credential,
      Path revocationList) {
    return new MutualTls(ca, credential, revocationList);
  }

  /** Builds a server bound to {@code host:port} (port 0 picks a free port). */
  public ServerBuilder<?> serverBuilder(String host, int port) {
    return serverBuilder(host, port, TransportTuning.defaults());
  }

  /** Opens a channel to {@code host:port}. */
  public ManagedChannel channel(String target) {
    return channel(target, TransportTuning.defaults());
  }

  /**
   * Builds a server bound to {@code host:port} (port 0 picks a free port), run as
   * {@code tuning} says (TLS provider, event loops, executor).
   */
  public abstract ServerBuilder<?> serverBuilder(String host, int port, TransportTuning tuning);

  /** Opens a channel to {@code host:port}, run as {@code tuning} says. */
  public abstract ManagedChannel channel(String target, TransportTuning tuning);

  /** {@code plaintext} or {@code mtls as <identity>}, for logs. */
  public abstract String describe();

  /**
   * How the keys this party and its peers announce through the coordinator are authenticated:
   * bound to the federation's certificates under mutual TLS, not at all under plaintext.
   */
  public abstract KeyAuthentication keyAuthentication();

  private static final class Plaintext extends TransportSecurity {
    static final Plaintext INSTANCE = new Plaintext();

    @Override
    public ServerBuilder<?> serverBuilder(String host, int port, TransportTuning tuning) {
      LOG.warn("PLAINTEXT transport on {}:{}: no encryption, no authentication. "
          + "For tests and the in-process demo only.", host, port);
      NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
          .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
          .permitKeepAliveTime(10, TimeUnit.SECONDS);
      tuning.apply(b);
      return b;
    }

    @Override
    public ManagedChannel channel(String target, TransportTuning tuning) {
      LOG.warn("PLAINTEXT channel to {}: no encryption, no authentication. "
          + "For tests and the in-process demo only.", target);
      NettyChannelBuilder b = NettyChannelBuilder.forTarget(target)
          .usePlaintext()
          .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
      tuning.apply(b);
      return b.build();
    }

    @Override
    public String describe() {
      return "plaintext";
    }

    @Override
    public KeyAuthentication keyAuthentication() {
      return KeyAuthentication.unauthenticated();
    }
  }
}
