package io.fedcredit.crypto.psi;

import java.util.Objects;

/**
 * Sent by the party that learned the intersection to the one that did not, when the latter is to
 * learn it too: positions in the recipient's own message (its shuffled blinded set in ECDH-PSI,
 * its sorted tag list in the unbalanced PSI), in the aligned order. The recipient maps them to its
 * rows; ids outside the intersection stay unknown to it. Immutable (the array is copied in and
 * out).
 *
 * @param sessionId the session (for the unbalanced PSI, the query's session)
 * @param positions positions in the recipient's message, in aligned order
 */
public record AlignedPositions(String sessionId, int[] positions) {
  /** Copies the positions; checks that no field is null. */
  public AlignedPositions {
    Objects.requireNonNull(sessionId, "sessionId");
    positions = positions.clone();
  }

  /** A copy of the positions. */
  @Override
  public int[] positions() {
    return positions.clone();
  }
}
