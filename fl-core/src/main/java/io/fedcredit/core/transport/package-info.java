/**
 * The single place where gRPC servers and channels are built, so the transport's security is
 * changed in one class ({@link io.fedcredit.core.transport.TransportSecurity}): mutual TLS 1.3
 * with a party's {@link io.fedcredit.core.transport.StartupKit} everywhere
 * ({@link io.fedcredit.core.transport.MutualTls}: only the federation's CA is trusted, revoked
 * certificates are refused at the handshake, the caller's
 * {@link io.fedcredit.core.transport.PeerIdentity} comes from its certificate), and plaintext for
 * tests and the in-process demo only (it logs a warning).
 */
package io.fedcredit.core.transport;
