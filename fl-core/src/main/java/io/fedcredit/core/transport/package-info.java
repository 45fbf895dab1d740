/**
 * The single place where gRPC servers and channels are built, so the transport's security is
 * changed in one class: plaintext for tests and the in-process demo (it logs a warning), mutual
 * TLS everywhere else.
 */
package io.fedcredit.core.transport;
