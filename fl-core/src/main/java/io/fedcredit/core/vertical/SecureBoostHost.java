package io.fedcredit.core.vertical;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.vertical.SecureBoostMessages.GuestHello;
import io.fedcredit.core.vertical.SecureBoostMessages.HostFeatures;
import io.fedcredit.core.vertical.SecureBoostMessages.LevelReply;
import io.fedcredit.core.vertical.SecureBoostMessages.LevelRequest;
import io.fedcredit.core.vertical.SecureBoostMessages.NodeHistogram;
import io.fedcredit.core.vertical.SecureBoostMessages.Partition;
import io.fedcredit.core.vertical.SecureBoostMessages.RouteReply;
import io.fedcredit.core.vertical.SecureBoostMessages.RouteRequest;
import io.fedcredit.core.vertical.SecureBoostMessages.SplitChoice;
import io.fedcredit.core.vertical.SecureBoostMessages.SplitResult;
import io.fedcredit.core.vertical.SecureBoostMessages.TreeStart;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.CiphertextSums;
import io.fedcredit.crypto.paillier.CompressedCiphertext;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A host (data node) in vertical SecureBoost, as a state machine over {@link SecureBoostMessages}:
 * it bins its features once (quantiles; the cut points never leave it), receives each tree's
 * packed encrypted gradients, tracks which of its aligned rows each node holds, sums the
 * ciphertexts per (feature, bin) of the nodes the guest asks for ({@link EncryptedHistograms}),
 * compresses and re-randomizes those sums, and answers the guest's choice of one of its
 * (feature, bin) with an opaque split id and the node's partition. It keeps the split id to
 * threshold table ({@link #model()}) and routes rows at its splits for scoring.
 *
 * <p>What it learns: the rows of every node (the instance space, as in SecureBoost), which of its
 * (feature, bin) the guest split on, and ciphertexts. Not thread-safe.
 */
public final class SecureBoostHost {
  private final String id;
  private final BinnedFeatures x;
  private final SecureRandom random;
  private final PhaseTimes times;
  private final LongAdder adds = new LongAdder();
  private final List<SecureBoostHostModel.Split> splits = new ArrayList<>();
  private final Set<Long> usedIds = new HashSet<>();

  private PaillierPublicKey key;
  private GradientPacking packing;
  private int trees;
  private int tree = -1;
  private final CiphertextSums.Arithmetic arithmetic;
  private CiphertextSums byRow;
  private int[] usable;
  private Map<Integer, int[]> rowsOf;

  /**
   * @param id this host's party id
   * @param train the host's aligned training rows (features only)
   * @param edges the bin edges of its features (for example {@link
   *     BinnedFeatures#quantileEdges})
   * @param times adds the time of the host's computations
   */
  public SecureBoostHost(String id, FeatureTable train, List<BinEdges> edges,
      SecureRandom random, PhaseTimes times) {
    this(id, train, edges, random, times, CiphertextSums.Arithmetic.fastest());
  }

  /**
   * A host summing ciphertexts in a given arithmetic (for comparisons; the results are the same).
   *
   * @throws IllegalArgumentException when the arithmetic is not available in this JVM
   */
  public SecureBoostHost(String id, FeatureTable train, List<BinEdges> edges,
      SecureRandom random, PhaseTimes times, CiphertextSums.Arithmetic arithmetic) {
    if (!arithmetic.isAvailable()) {
      throw new IllegalArgumentException(arithmetic + " is not available: "
          + CiphertextSums.Arithmetic.whyNotMontgomery());
    }
    this.arithmetic = arithmetic;
    this.id = Objects.requireNonNull(id, "id");
    if (train.hasLabels()) {
      throw new IllegalArgumentException("a host holds features only; " + id
          + "'s table has a label column");
    }
    this.x = BinnedFeatures.of(train, edges);
    this.random = Objects.requireNonNull(random, "random");
    this.times = Objects.requireNonNull(times, "times");
  }

  public String id() {
    return id;
  }

  /** The arithmetic the host sums ciphertexts in. */
  public CiphertextSums.Arithmetic arithmetic() {
    return arithmetic;
  }

  /** Homomorphic additions made so far. */
  public long additions() {
    return adds.sum();
  }

  /** Step 0: takes the guest's key and answers with the host's feature names and bin counts. */
  public HostFeatures hello(GuestHello hello) {
    if ((1L << hello.rowBits()) <= x.rows()) {
      throw new VerticalJobException(id + ": the guest's packing holds sums of fewer than "
          + x.rows() + " rows: the rows are not aligned");
    }
    this.key = hello.key();
    this.packing = new GradientPacking(hello.rowBits());
    this.trees = hello.trees();
    return new HostFeatures(id, x.featureNames(), x.binCounts());
  }

  /** How many trees the guest announced. */
  public int trees() {
    return trees;
  }

  /** Step 1 of a tree: stores the rows' encrypted gradients; every row starts at the root. */
  public void startTree(TreeStart start) {
    if (key == null) {
      throw new IllegalStateException(id + ": no hello from the guest yet");
    }
    if (start.tree() != tree + 1) {
      throw new VerticalJobException(id + " expected tree " + (tree + 1) + ", got "
          + start.tree());
    }
    tree = start.tree();
    int[] rows = start.rows().length == 0 ? all(x.rows()) : start.rows();
    if (rows.length != start.gradients().size()) {
      throw new VerticalJobException(id + ": tree " + tree + " has " + rows.length
          + " rows but " + start.gradients().size() + " encrypted gradients");
    }
    Ciphertext[] gradients = new Ciphertext[x.rows()];
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      if (r < 0 || r >= x.rows() || (i > 0 && r <= rows[i - 1])) {
        throw new VerticalJobException(id + ": tree " + tree + " row list is not ascending "
            + "within 0.." + (x.rows() - 1) + " at position " + i);
      }
      Ciphertext c = start.gradients().get(i);
      if (!c.publicKey().equals(key)) {
        throw new VerticalJobException(id + ": gradient " + i + " is not under the guest's key");
      }
      gradients[r] = c;
    }
    byRow = rows.length == 0 ? null : times.time("host prepare ciphertexts",
        () -> CiphertextSums.of(gradients, arithmetic));
    List<Integer> use = new ArrayList<>();
    int previous = -1;
    for (int f : start.features()) {
      if (f <= previous || f >= x.features()) {
        throw new VerticalJobException(id + ": tree " + tree + " feature list is not ascending "
            + "within 0.." + (x.features() - 1));
      }
      previous = f;
      if (x.edges().get(f).bins() > 1) {
        use.add(f);
      }
    }
    usable = use.stream().mapToInt(Integer::intValue).toArray();
    rowsOf = new HashMap<>();
    rowsOf.put(0, all(x.rows()));
  }

  private static int[] all(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  /**
   * Step 2, per level: applies the partitions told and the splits chosen on the host's
   * features, then builds the requested histograms.
   */
  public LevelReply level(LevelRequest r) {
    if (r.tree() != tree) {
      throw new VerticalJobException(id + " is on tree " + tree + ", the request on "
          + r.tree());
    }
    for (Partition p : r.partitions()) {
      int[][] parts = RowBits.split(node(p.node()), p.leftRows(),
          id + " partition of node " + p.node());
      children(p.node(), p.left(), p.right(), parts);
    }
    List<SplitResult> results = new ArrayList<>();
    for (SplitChoice c : r.choices()) {
      if (c.feature() < 0 || c.feature() >= x.features() || c.bin() < 0
          || c.bin() + 1 >= x.edges().get(c.feature()).bins()) {
        throw new VerticalJobException(id + ": no split after bin " + c.bin() + " of feature "
            + c.feature());
      }
      int[] rows = node(c.node());
      int[][] parts = x.partition(rows, c.feature(), c.bin());
      long splitId = newSplitId();
      splits.add(new SecureBoostHostModel.Split(splitId, c.feature(),
          x.threshold(c.feature(), c.bin())));
      results.add(new SplitResult(c.node(), splitId, RowBits.of(rows, parts[0])));
      children(c.node(), c.left(), c.right(), parts);
    }
    List<NodeHistogram> histograms = new ArrayList<>();
    for (int node : r.build()) {
      histograms.add(histogram(node));
    }
    if (r.finished()) {
      byRow = null;
      rowsOf = null;
    }
    return new LevelReply(tree, r.depth(), results, histograms);
  }

  private int[] node(int node) {
    int[] rows = rowsOf == null ? null : rowsOf.get(node);
    if (rows == null) {
      throw new VerticalJobException(id + ": node " + node + " of tree " + tree
          + " is unknown or already split");
    }
    return rows;
  }

  private void children(int node, int left, int right, int[][] parts) {
    if (rowsOf.containsKey(left) || rowsOf.containsKey(right) || left == right) {
      throw new VerticalJobException(id + ": children " + left + " and " + right + " of node "
          + node + " are not new");
    }
    rowsOf.remove(node);
    rowsOf.put(left, parts[0]);
    rowsOf.put(right, parts[1]);
  }

  private long newSplitId() {
    long v;
    do {
      v = random.nextLong() & Long.MAX_VALUE;
    } while (!usedIds.add(v));
    return v;
  }

  private NodeHistogram histogram(int node) {
    if (usable.length == 0) {
      throw new VerticalJobException(id + ": asked for a histogram with no usable feature");
    }
    int[] rows = node(node);
    int[] withGradient = byRow == null ? new int[0]
        : java.util.Arrays.stream(rows).filter(byRow::has).toArray();
    if (withGradient.length == 0) {
      throw new VerticalJobException(id + ": node " + node + " holds no row of the tree");
    }
    CiphertextSums.Sum[][] sums = times.time("host histogram additions",
        () -> EncryptedHistograms.build(x, byRow, withGradient, usable, adds));
    int cells = 0;
    for (CiphertextSums.Sum[] s : sums) {
      cells += s.length;
    }
    boolean[] flags = new boolean[cells];
    List<CiphertextSums.Sum> present = EncryptedHistograms.nonEmpty(sums, flags);
    CompressedCiphertext packed = times.time("host compress",
        () -> byRow.compress(present, packing.valueBits()));
    CompressedCiphertext compressed = times.time("host re-randomize", packed::rerandomize);
    return new NodeHistogram(node, RowBits.of(flags), compressed);
  }

  /** Routes rows (by enterprise id, in the host's own table) at some of its splits. */
  public RouteReply route(RouteRequest request, FeatureTable table) {
    Map<String, Integer> index = new HashMap<>();
    for (int r = 0; r < table.rows(); r++) {
      index.put(table.id(r), r);
    }
    int[] rows = new int[request.ids().size()];
    for (int i = 0; i < rows.length; i++) {
      Integer r = index.get(request.ids().get(i));
      if (r == null) {
        throw new VerticalJobException(id + ": no row with id " + request.ids().get(i)
            + " to route");
      }
      rows[i] = r;
    }
    FeatureTable selected = table.select(rows);
    boolean[][] left = model().route(selected, request.splitIds());
    List<byte[]> out = new ArrayList<>();
    for (boolean[] l : left) {
      out.add(RowBits.of(l));
    }
    return new RouteReply(out);
  }

  /** The host's half of the model so far: its split table. */
  public SecureBoostHostModel model() {
    return new SecureBoostHostModel(id, x.featureNames(), splits);
  }

  /** The bin edges of the host's features (its own; never sent). */
  public List<BinEdges> edges() {
    return x.edges();
  }
}
