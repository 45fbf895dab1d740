package io.fedcredit.core.transport;

import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PkiException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The identity of the party on the other end of the current call, taken from its TLS client
 * certificate. A server built by {@link MutualTls} installs {@link #interceptor()}, which puts
 * the identity in the gRPC {@link Context} of every call; services read it with
 * {@link #current()}. Under plaintext transport there is none, and services fall back to what the
 * messages say.
 */
public final class PeerIdentity {
  private static final Context.Key<PartyIdentity> KEY = Context.key("fedcredit-peer-identity");
  private static final String SESSION_VALUE = "io.fedcredit.peer-identity";

  private PeerIdentity() {}

  /** The caller's certified identity, or empty under plaintext transport. */
  public static Optional<PartyIdentity> current() {
    return Optional.ofNullable(KEY.get());
  }

  /**
   * A context in which {@link #current()} is {@code identity}: for tests of services without
   * sockets, and for the interceptor.
   */
  public static Context with(PartyIdentity identity) {
    return Context.current().withValue(KEY, identity);
  }

  /**
   * Reads the peer certificate of every call and refuses, with UNAUTHENTICATED, a call that has
   * no verified TLS session (which a server built with client authentication REQUIRE never lets
   * through).
   */
  public static ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call,
          Metadata headers, ServerCallHandler<Q, R> next) {
        PartyIdentity id;
        try {
          id = fromSession(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        } catch (SSLPeerUnverifiedException | PkiException e) {
          call.close(Status.UNAUTHENTICATED.withDescription("no verified client certificate: "
              + e.getMessage()), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(with(id), call, headers, next);
      }
    };
  }

  private static PartyIdentity fromSession(SSLSession session)
      throws SSLPeerUnverifiedException {
    if (session == null) {
      throw new SSLPeerUnverifiedException("the call did not arrive over TLS");
    }
    // the peer's certificate is fixed for the session: read the identity out of it once per
    // session, not once per call (parsing its names costs more than a small call itself)
    Object cached = session.getValue(SESSION_VALUE);
    if (cached instanceof PartyIdentity id) {
      return id;
    }
    Certificate[] chain = session.getPeerCertificates();
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      throw new SSLPeerUnverifiedException("the peer sent no X.509 certificate");
    }
    PartyIdentity id = PartyIdentity.of(leaf);
    try {
      session.putValue(SESSION_VALUE, id);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // a session that keeps no values: read the certificate again next time
    }
    return id;
  }
}
