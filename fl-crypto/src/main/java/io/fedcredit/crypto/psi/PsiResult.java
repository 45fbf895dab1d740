package io.fedcredit.crypto.psi;

import java.util.List;

/**
 * One party's result of a private set intersection: the ids in the intersection and their rows in
 * the party's own input, in the aligned order, which is the same on both sides (row i of the guest
 * and row i of the host hold the same enterprise). Immutable. {@code toString()} prints sizes
 * only.
 */
public final class PsiResult {
  private final List<String> ids;
  private final int[] rows;
  private final int peerSetSize;

  PsiResult(List<String> ids, int[] rows, int peerSetSize) {
    this.ids = List.copyOf(ids);
    this.rows = rows.clone();
    this.peerSetSize = peerSetSize;
  }

  /** The intersection's ids, in aligned order. */
  public List<String> ids() {
    return ids;
  }

  /** Row in this party's input list of each id of {@link #ids()}, in aligned order (a copy). */
  public int[] rows() {
    return rows.clone();
  }

  /** Number of ids in the intersection. */
  public int size() {
    return rows.length;
  }

  /** Size of the other party's set, which the protocol reveals (or -1 when it does not). */
  public int peerSetSize() {
    return peerSetSize;
  }

  @Override
  public String toString() {
    return "PsiResult[size=" + rows.length + ", peerSetSize=" + peerSetSize + "]";
  }
}
