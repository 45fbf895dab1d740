package io.fedcredit.crypto.secagg;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which parties mask with (and hold shares for) each other. The complete graph is Bonawitz et
 * al.'s protocol; a Harary graph of degree {@code k} over a public random permutation is the
 * SecAgg+ variant of Bell et al. (CCS 2020), where each party masks with only {@code k}
 * neighbours, so cost grows with {@code k log n} instead of {@code n}. The permutation seed is
 * public (the coordinator picks it per round); what protects inputs is the pairwise and self
 * masks, not the secrecy of the graph.
 */
public record MaskingGraph(int degree, long seed) {

  /** Every party is every other party's neighbour. */
  public static MaskingGraph complete() {
    return new MaskingGraph(0, 0);
  }

  /**
   * A Harary graph of even degree {@code k} (k / 2 neighbours on each side of a ring) over a
   * permutation seeded by {@code seed}.
   */
  public static MaskingGraph harary(int k, long seed) {
    if (k < 2 || k % 2 != 0) {
      throw new IllegalArgumentException("SecAgg+ degree must be even and >= 2: " + k);
    }
    return new MaskingGraph(k, seed);
  }

  public boolean isComplete() {
    return degree == 0;
  }

  /**
   * The neighbours of {@code party} among {@code roster} (not including the party itself).
   *
   * @param roster parties in roster order
   */
  public Set<String> neighbours(String party, List<String> roster) {
    int n = roster.size();
    Set<String> out = new HashSet<>();
    if (isComplete() || degree >= n - 1) {
      out.addAll(roster);
      out.remove(party);
      return out;
    }
    List<String> ring = new ArrayList<>(roster);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      String t = ring.get(i);
      ring.set(i, ring.get(j));
      ring.set(j, t);
    }
    int at = ring.indexOf(party);
    if (at < 0) {
      throw new SecureAggregationException("'" + party + "' is not on the roster");
    }
    for (int d = 1; d <= degree / 2; d++) {
      out.add(ring.get((at + d) % n));
      out.add(ring.get(((at - d) % n + n) % n));
    }
    return out;
  }

  @Override
  public String toString() {
    return isComplete() ? "complete" : "harary(k=" + degree + ")";
  }
}
