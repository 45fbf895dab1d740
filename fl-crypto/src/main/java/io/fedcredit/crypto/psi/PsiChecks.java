package io.fedcredit.crypto.psi;

/** Checks shared by the PSI protocols. */
final class PsiChecks {
  private PsiChecks() {}

  /**
   * Rows behind positions a peer named in {@link AlignedPositions}: {@code rowOf[position]}.
   *
   * @throws PsiProtocolException if a position is out of range or repeated
   */
  static int[] rowsAt(int[] positions, int[] rowOf, String who) {
    boolean[] used = new boolean[rowOf.length];
    int[] rows = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      int p = positions[i];
      if (p < 0 || p >= rowOf.length) {
        throw new PsiProtocolException(who + ": aligned position " + i + " is " + p
            + ", outside 0.." + (rowOf.length - 1));
      }
      if (used[p]) {
        throw new PsiProtocolException(who + ": aligned positions repeat " + p);
      }
      used[p] = true;
      rows[i] = rowOf[p];
    }
    return rows;
  }
}
