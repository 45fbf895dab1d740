package io.fedcredit.core.horizontal;

import io.fedcredit.core.credit.BinEdges;
import java.util.List;
import java.util.Objects;

/**
 * What every bank computes for one securely summed vector of horizontal histogram boosting, as
 * the coordinator asks for it over the wire: step 1 of the federated binning (coarse counts, row
 * count, positives), step 2 (fine counts over the pooled ranges), or a tree step: the agreed bin
 * edges and pooled base score (on the first tree step only), then the aggregator's {@link
 * TreeInstruction}s in order (a finished tree to add, a tree's start, the last level's splits),
 * the last of which names the nodes whose histograms the bank sends. Immutable.
 *
 * @param kind which vector the bank sends
 * @param ranges the pooled ranges ({@link Kind#FINE_COUNTS} only, else null)
 * @param edges the agreed bin edges (the first {@link Kind#TREE} step only, else null)
 * @param baseScore the pooled base score, with {@code edges}
 * @param instructions the instructions to follow in order ({@link Kind#TREE} only, else empty)
 */
public record BoostingStep(Kind kind, FederatedBinning.Ranges ranges, List<BinEdges> edges,
    double baseScore, List<TreeInstruction> instructions) {

  /** Which vector a step asks for. */
  public enum Kind {
    /** {@link FederatedBinning#coarseCounts}: per feature coarse counts, rows, positives. */
    COARSE_COUNTS,
    /** {@link FederatedBinning#fineCounts} over the step's ranges. */
    FINE_COUNTS,
    /** The local histograms of the nodes the last instruction asks for. */
    TREE
  }

  /** Validates. @throws IllegalArgumentException naming the field that does not fit the kind */
  public BoostingStep {
    Objects.requireNonNull(kind, "kind");
    edges = edges == null ? null : List.copyOf(edges);
    instructions = List.copyOf(instructions);
    if ((kind == Kind.FINE_COUNTS) != (ranges != null)) {
      throw new IllegalArgumentException("ranges belong to a FINE_COUNTS step, and it needs "
          + "them (kind " + kind + ")");
    }
    if (kind != Kind.TREE && (edges != null || !instructions.isEmpty())) {
      throw new IllegalArgumentException("edges and instructions belong to a TREE step, not "
          + kind);
    }
    if (kind == Kind.TREE && instructions.isEmpty()) {
      throw new IllegalArgumentException("a TREE step needs at least one instruction");
    }
    if (edges != null && !Double.isFinite(baseScore)) {
      throw new IllegalArgumentException("baseScore " + baseScore + " is not finite");
    }
  }

  /** Step 1 of the binning. */
  public static BoostingStep coarseCounts() {
    return new BoostingStep(Kind.COARSE_COUNTS, null, null, 0.0, List.of());
  }

  /** Step 2 of the binning. */
  public static BoostingStep fineCounts(FederatedBinning.Ranges ranges) {
    return new BoostingStep(Kind.FINE_COUNTS, Objects.requireNonNull(ranges, "ranges"), null,
        0.0, List.of());
  }

  /**
   * A tree step.
   *
   * @param edges the agreed edges on the first tree step, else null
   */
  public static BoostingStep tree(List<BinEdges> edges, double baseScore,
      List<TreeInstruction> instructions) {
    return new BoostingStep(Kind.TREE, null, edges, baseScore, instructions);
  }

  /** The instruction whose histograms the bank sends (the last one). */
  public TreeInstruction current() {
    return instructions.get(instructions.size() - 1);
  }
}
