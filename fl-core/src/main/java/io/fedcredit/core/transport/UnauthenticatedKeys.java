package io.fedcredit.core.transport;

import io.fedcredit.crypto.pki.KeyAuthentication;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, once per process, that announced keys (secure aggregation's round keys, a Paillier
 * aggregation key, a sealed channel's key) are neither signed nor checked because this party has
 * no certificate: the coordinator that relays them could substitute its own. Plaintext transport,
 * tests and the in-process demo only.
 */
public final class UnauthenticatedKeys {
  private static final Logger LOG = LoggerFactory.getLogger(UnauthenticatedKeys.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private UnauthenticatedKeys() {}

  /**
   * Logs the warning the first time an unauthenticated {@code auth} is used in this process.
   *
   * @param where what is about to use the keys, e.g. "secure aggregation in job j1"
   * @return {@code auth}
   */
  public static KeyAuthentication warnOnce(KeyAuthentication auth, String where) {
    if (!auth.isCertified() && WARNED.compareAndSet(false, true)) {
      LOG.warn("UNAUTHENTICATED announced keys ({}): no certificate binds the public keys that "
          + "parties announce through the coordinator, so a malicious coordinator could "
          + "substitute them. Plaintext transport, tests and the in-process demo only; use a "
          + "startup kit (mutual TLS) in a real federation.", where);
    }
    return auth;
  }
}
