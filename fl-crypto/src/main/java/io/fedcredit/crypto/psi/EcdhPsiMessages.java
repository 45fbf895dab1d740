package io.fedcredit.crypto.psi;

import java.util.Objects;

/** The messages of an ECDH-PSI session, as records; each names its session and sender. */
public final class EcdhPsiMessages {
  private EcdhPsiMessages() {}

  /**
   * Step 1, each party to the other: its ids hashed to the curve and raised to its secret
   * scalar, in a random order.
   *
   * @param sessionId the session
   * @param sender who sends it
   * @param elements H(id)^k for each of the sender's ids, shuffled
   */
  public record BlindedSet(String sessionId, PsiRole sender, BlindedElements elements) {
    /** Checks that no field is null. */
    public BlindedSet {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(elements, "elements");
    }
  }

  /**
   * Step 2, to the party that is to learn the intersection: its own blinded set raised to the
   * sender's scalar, in the order it was received, so the recipient can tell which of its ids
   * each value belongs to.
   *
   * @param sessionId the session
   * @param sender who sends it
   * @param elements H(id)^(k_a k_b), position by position as in the recipient's blinded set
   */
  public record DoubleBlindedSet(String sessionId, PsiRole sender, BlindedElements elements) {
    /** Checks that no field is null. */
    public DoubleBlindedSet {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(elements, "elements");
    }
  }
}
