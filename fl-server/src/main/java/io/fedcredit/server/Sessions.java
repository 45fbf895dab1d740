package io.fedcredit.server;

import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session tokens for plaintext transport: the token issued at join proves, on later calls, that
 * the caller is the participant that joined. Under mutual TLS the participant id comes from the
 * certificate instead; this class is where that check plugs in. Tokens are compared in constant
 * time and never logged.
 */
final class Sessions {
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, byte[]> tokens = new ConcurrentHashMap<>();

  /** Issues a fresh token; a participant that joins again invalidates its old one. */
  byte[] issue(String jobId, String participantId) {
    byte[] token = new byte[32];
    random.nextBytes(token);
    tokens.put(key(jobId, participantId), token);
    return token.clone();
  }

  /** @throws Rejection UNKNOWN_PARTICIPANT when the token is missing or does not match */
  void check(String jobId, String participantId, byte[] token) {
    byte[] expected = tokens.get(key(jobId, participantId));
    if (expected == null || !MessageDigest.isEqual(expected, token)) {
      throw new Rejection(Reason.UNKNOWN_PARTICIPANT, "participant '" + participantId
          + "' has no valid session in job " + jobId + "; join first");
    }
  }

  private static String key(String jobId, String participantId) {
    return jobId + '\u0000' + participantId;
  }
}
