package io.fedcredit.core.vertical;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.GradientBoosting;
import io.fedcredit.core.tree.Gradients;
import io.fedcredit.core.tree.Histogram;
import io.fedcredit.core.tree.NodeSums;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.tree.TreeBuilder;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeSampling;
import io.fedcredit.core.vertical.SecureBoostMessages.GuestHello;
import io.fedcredit.core.vertical.SecureBoostMessages.HostFeatures;
import io.fedcredit.core.vertical.SecureBoostMessages.LevelReply;
import io.fedcredit.core.vertical.SecureBoostMessages.LevelRequest;
import io.fedcredit.core.vertical.SecureBoostMessages.NodeHistogram;
import io.fedcredit.core.vertical.SecureBoostMessages.Partition;
import io.fedcredit.core.vertical.SecureBoostMessages.SplitChoice;
import io.fedcredit.core.vertical.SecureBoostMessages.SplitResult;
import io.fedcredit.core.vertical.SecureBoostMessages.TreeStart;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.EncodedPlaintext;
import io.fedcredit.crypto.paillier.FixedPointEncoding;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The guest (the bank, holding the labels) in vertical SecureBoost (Cheng et al.), as a state
 * machine over {@link SecureBoostMessages}. Per tree it computes the logistic gradients and
 * hessians, packs each row's pair with a count of one into one plaintext ({@link
 * GradientPacking}) and encrypts it under its own Paillier key (by the faster key-holder
 * encryption); per level it asks each host for the encrypted histograms of the nodes {@link
 * TreeBuilder} names (the smaller child of each split; the larger is derived by subtraction in
 * plaintext), decrypts them, adds its own plaintext histograms and lets the same {@link
 * TreeBuilder} as the plaintext trainer choose the splits over every party's features. A split on
 * a host's feature is sent to that host as its (feature, bin) position; the model keeps only the
 * host's opaque split id ({@link SplitRule.Remote}).
 *
 * <p>What it learns of a host: per node, per (feature, bin) of the host, the sums of gradients,
 * hessians and rows (as in SecureBoost), the partition of every node, and the (feature index,
 * bin index) of each host split; never a host's feature value or cut point. Rows must be aligned
 * with the hosts' (after PSI). Not thread-safe.
 */
public final class SecureBoostGuest {
  private final BoostingConfig cfg;
  private final BinnedFeatures x;
  private final double[] labels;
  private final PaillierKeyPair keys;
  private final GradientPacking packing;
  private final PhaseTimes times;
  private final List<String> hosts = new ArrayList<>();
  private final Map<String, HostFeatures> hostFeatures = new HashMap<>();
  private final double baseScore;
  private final double[] raw;
  private final List<TreeModel> trees = new ArrayList<>();

  private int[] offsets; // global feature offset of the guest (0) and of each host
  private int[] globalBins;
  private int tree = -1;
  private boolean running;
  private Gradients grad;
  private boolean[] sampled;
  private boolean[] allowed;
  private TreeBuilder builder;
  private Map<Integer, int[]> rowsOf;
  private List<Pending> pending = new ArrayList<>();
  private final Map<Integer, SplitRule> rules = new HashMap<>();

  /** A split of the current level whose partition the hosts have not all been told. */
  private static final class Pending {
    final TreeBuilder.Split split;
    final int owner; // -1: the guest, else the host's index
    final int localFeature;
    byte[] leftRows; // once known
    boolean chosen; // a host split sent to its owner

    Pending(TreeBuilder.Split split, int owner, int localFeature) {
      this.split = split;
      this.owner = owner;
      this.localFeature = localFeature;
    }
  }

  /**
   * @param train the guest's aligned, labelled training rows
   * @param edges bin edges of the guest's features (for example {@link
   *     BinnedFeatures#quantileEdges})
   * @param keys the guest's own Paillier key pair (the private key never leaves it)
   * @param times adds the time of the guest's computations
   */
  public SecureBoostGuest(FeatureTable train, List<BinEdges> edges, BoostingConfig cfg,
      PaillierKeyPair keys, PhaseTimes times) {
    if (!train.hasLabels()) {
      throw new IllegalArgumentException("the guest's table needs its label column");
    }
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    this.x = BinnedFeatures.of(train, edges);
    this.labels = train.labels();
    this.keys = Objects.requireNonNull(keys, "keys");
    this.packing = GradientPacking.forRows(train.rows());
    this.times = Objects.requireNonNull(times, "times");
    this.baseScore = GradientBoosting.baseScore(labels);
    this.raw = new double[labels.length];
    Arrays.fill(raw, baseScore);
  }

  /** Step 0: what every host receives first. */
  public GuestHello hello() {
    return new GuestHello(keys.publicKey(), packing.rowBits(), cfg.trees());
  }

  /**
   * Step 0: a host's features, in the order the hosts are listed (that order fixes the joint
   * feature order: the guest's features, then each host's).
   */
  public void hostFeatures(String host, HostFeatures features) {
    if (!features.host().equals(host) || hostFeatures.containsKey(host)) {
      throw new VerticalJobException("guest got features of '" + features.host() + "' from '"
          + host + "' (or twice)");
    }
    if (tree >= 0) {
      throw new IllegalStateException("hosts must be known before the first tree");
    }
    hosts.add(host);
    hostFeatures.put(host, features);
    offsets = new int[hosts.size() + 1];
    offsets[0] = x.features();
    List<Integer> bins = new ArrayList<>();
    for (int b : x.binCounts()) {
      bins.add(b);
    }
    for (int k = 0; k < hosts.size(); k++) {
      int[] hb = hostFeatures.get(hosts.get(k)).bins();
      offsets[k + 1] = offsets[k] + hb.length;
      for (int b : hb) {
        bins.add(b);
      }
    }
    globalBins = bins.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Each host's feature names, in joint feature order. */
  public Map<String, List<String>> hostFeatureNames() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String h : hosts) {
      out.put(h, hostFeatures.get(h).names());
    }
    return out;
  }

  /** The hosts, in joint feature order. */
  public List<String> hosts() {
    return List.copyOf(hosts);
  }

  /** Whether a tree is being grown. */
  public boolean treeRunning() {
    return running;
  }

  /** Step 1: starts tree {@code t}: gradients, sampling, encryption; one message per host. */
  public Map<String, TreeStart> startTree(int t) {
    if (running || t != tree + 1 || t >= cfg.trees()) {
      throw new IllegalStateException("cannot start tree " + t + " after tree " + tree
          + (running ? " (still running)" : ""));
    }
    if (hosts.isEmpty()) {
      throw new IllegalStateException("no host has sent its features");
    }
    tree = t;
    running = true;
    grad = Gradients.logistic(labels, raw);
    int[] rows = TreeSampling.rows(labels.length, t, cfg);
    sampled = new boolean[labels.length];
    for (int r : rows) {
      sampled[r] = true;
    }
    allowed = TreeSampling.features(globalBins.length, t, cfg);
    builder = new TreeBuilder(cfg, NodeSums.of(grad.sums(rows)), allowed);
    rowsOf = new HashMap<>();
    rowsOf.put(0, java.util.stream.IntStream.range(0, labels.length).toArray());
    pending = new ArrayList<>();
    rules.clear();
    EncodedPlaintext[] plain = new EncodedPlaintext[rows.length];
    for (int i = 0; i < rows.length; i++) {
      plain[i] = FixedPointEncoding.INTEGER.fromScaled(
          packing.pack(grad.gradient(rows[i]), grad.hessian(rows[i])));
    }
    Ciphertext[] enc = times.time("guest encrypt gradients",
        () -> keys.privateKey().encryptAll(plain));
    List<Ciphertext> gradients = Arrays.asList(enc);
    int[] sent = cfg.rowSample() >= 1.0 ? new int[0] : rows;
    Map<String, TreeStart> out = new LinkedHashMap<>();
    for (int k = 0; k < hosts.size(); k++) {
      out.put(hosts.get(k), new TreeStart(t, sent, hostAllowed(k, false), gradients));
    }
    return out;
  }

  /** Host k's features this tree may split on (host-local), optionally only those with bins. */
  private int[] hostAllowed(int k, boolean usableOnly) {
    List<Integer> out = new ArrayList<>();
    for (int g = offsets[k]; g < offsets[k + 1]; g++) {
      if ((allowed == null || allowed[g]) && (!usableOnly || globalBins[g] > 1)) {
        out.add(g - offsets[k]);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Step 2a, with several hosts only: the splits chosen on each host's features, sent to their
   * owners first so that every host can be told every partition in step 2b. Empty with one host.
   */
  public Map<String, LevelRequest> ownerRequests() {
    Map<String, LevelRequest> out = new LinkedHashMap<>();
    if (hosts.size() < 2) {
      return out;
    }
    for (int k = 0; k < hosts.size(); k++) {
      List<SplitChoice> choices = choicesFor(k);
      if (!choices.isEmpty()) {
        out.put(hosts.get(k), new LevelRequest(tree, builder.depth(), List.of(), choices,
            List.of(), false));
      }
    }
    return out;
  }

  /** Step 2a: the owners' answers. */
  public void ownerReplies(Map<String, LevelReply> replies) {
    for (Map.Entry<String, LevelReply> e : replies.entrySet()) {
      applyResults(e.getKey(), e.getValue());
    }
  }

  private List<SplitChoice> choicesFor(int k) {
    List<SplitChoice> out = new ArrayList<>();
    for (Pending p : pending) {
      if (p.owner == k && !p.chosen) {
        p.chosen = true;
        out.add(new SplitChoice(p.split.node(), p.split.left(), p.split.right(), p.localFeature,
            p.split.bin()));
      }
    }
    return out;
  }

  /**
   * Step 2b: per host, the partitions it has not computed itself, its own split choices (with one
   * host), the nodes whose histograms to build, and whether the tree is complete.
   */
  public Map<String, LevelRequest> levelRequests() {
    boolean finished = builder.finished();
    List<Integer> build = finished ? List.of() : builder.histogramsToBuild();
    int depth = finished ? -1 : builder.depth();
    Map<String, LevelRequest> out = new LinkedHashMap<>();
    for (int k = 0; k < hosts.size(); k++) {
      List<Partition> partitions = new ArrayList<>();
      for (Pending p : pending) {
        if (p.owner != k) {
          if (p.leftRows == null) {
            throw new IllegalStateException("partition of node " + p.split.node()
                + " not known yet");
          }
          partitions.add(new Partition(p.split.node(), p.split.left(), p.split.right(),
              p.leftRows));
        }
      }
      List<SplitChoice> choices = choicesFor(k);
      List<Integer> mine = hostAllowed(k, true).length == 0 ? List.of() : build;
      out.put(hosts.get(k), new LevelRequest(tree, depth, partitions, choices, mine, finished));
    }
    return out;
  }

  /**
   * Step 2b: the hosts' answers: applies the hosts' partitions, builds every requested node's
   * histogram (own plaintext part, decrypted host parts) and splits the level; or, when the tree
   * was complete, finishes it and updates the training scores.
   */
  public void levelReplies(Map<String, LevelReply> replies) {
    if (!replies.keySet().equals(new java.util.HashSet<>(hosts))) {
      throw new VerticalJobException("guest expected replies of " + hosts + ", got "
          + replies.keySet());
    }
    for (Map.Entry<String, LevelReply> e : replies.entrySet()) {
      applyResults(e.getKey(), e.getValue());
    }
    for (Pending p : pending) {
      if (p.leftRows == null) {
        throw new VerticalJobException("no partition for the split of node " + p.split.node());
      }
    }
    pending = new ArrayList<>();
    if (builder.finished()) {
      finishTree();
      return;
    }
    List<Integer> build = builder.histogramsToBuild();
    for (int node : build) {
      Histogram h = new Histogram(globalBins);
      int[] rows = sampledRows(rowsOf.get(node));
      h.place(times.time("guest plaintext histograms",
          () -> Histogram.build(x, grad, rows, guestAllowed())), 0);
      for (int k = 0; k < hosts.size(); k++) {
        if (hostAllowed(k, true).length > 0) {
          NodeHistogram nh = find(replies.get(hosts.get(k)), node);
          int host = k;
          times.run("guest decrypt histograms", () -> decode(host, nh, h, rows.length));
        }
      }
      builder.putHistogram(node, h);
    }
    List<TreeBuilder.Split> splits = times.time("guest split finding", builder::splitLevel);
    for (TreeBuilder.Split s : splits) {
      int owner = ownerOf(s.feature());
      Pending p = new Pending(s, owner, owner < 0 ? s.feature() : s.feature() - offsets[owner]);
      if (owner < 0) {
        int[] rows = rowsOf.get(s.node());
        int[][] parts = x.partition(rows, s.feature(), s.bin());
        p.leftRows = RowBits.of(rows, parts[0]);
        children(s, parts);
        rules.put(s.node(), new SplitRule.Threshold(s.feature(),
            x.threshold(s.feature(), s.bin())));
      }
      pending.add(p);
    }
  }

  private boolean[] guestAllowed() {
    if (allowed == null) {
      return null;
    }
    return Arrays.copyOf(allowed, x.features());
  }

  private int[] sampledRows(int[] rows) {
    if (cfg.rowSample() >= 1.0) {
      return rows;
    }
    return Arrays.stream(rows).filter(r -> sampled[r]).toArray();
  }

  private int ownerOf(int feature) {
    for (int k = 0; k < hosts.size(); k++) {
      if (feature >= offsets[k] && feature < offsets[k + 1]) {
        return k;
      }
    }
    return -1;
  }

  private void children(TreeBuilder.Split s, int[][] parts) {
    rowsOf.remove(s.node());
    rowsOf.put(s.left(), parts[0]);
    rowsOf.put(s.right(), parts[1]);
  }

  private void applyResults(String host, LevelReply reply) {
    int k = hosts.indexOf(host);
    if (reply.tree() != tree) {
      throw new VerticalJobException("guest is on tree " + tree + ", " + host
          + " answered for tree " + reply.tree());
    }
    for (SplitResult r : reply.splits()) {
      Pending p = pending.stream().filter(q -> q.owner == k && q.chosen && q.leftRows == null
          && q.split.node() == r.node()).findFirst().orElseThrow(() -> new VerticalJobException(
              host + " answered for node " + r.node() + ", which it was not asked to split"));
      int[] rows = rowsOf.get(r.node());
      int[][] parts = RowBits.split(rows, r.leftRows(), host + " partition of node " + r.node());
      if (parts[0].length == 0 || parts[1].length == 0) {
        throw new VerticalJobException(host + " split node " + r.node() + " into an empty child");
      }
      p.leftRows = r.leftRows();
      children(p.split, parts);
      rules.put(r.node(), new SplitRule.Remote(host, r.splitId()));
    }
  }

  private static NodeHistogram find(LevelReply reply, int node) {
    return reply.histograms().stream().filter(h -> h.node() == node).findFirst()
        .orElseThrow(() -> new VerticalJobException("no histogram of node " + node
            + " in the reply"));
  }

  /** Decrypts host k's histogram of a node into the joint histogram. */
  private void decode(int k, NodeHistogram nh, Histogram into, int nodeRows) {
    int[] features = hostAllowed(k, true);
    int cells = 0;
    for (int f : features) {
      cells += globalBins[offsets[k] + f];
    }
    String host = hosts.get(k);
    boolean[] present = RowBits.flags(nh.nonEmpty(), cells, host + " histogram of node "
        + nh.node());
    long filled = 0;
    for (boolean b : present) {
      filled += b ? 1 : 0;
    }
    if (nh.sums().count() != filled || !nh.sums().publicKey().equals(keys.publicKey())
        || nh.sums().valueBits() != packing.valueBits()) {
      throw new VerticalJobException(host + " histogram of node " + nh.node() + " holds "
          + nh.sums().count() + " sums of " + nh.sums().valueBits() + " bits for " + filled
          + " non-empty cells, or another key");
    }
    EncodedPlaintext[] values = keys.privateKey().decryptCompressed(nh.sums());
    int cell = 0;
    int next = 0;
    for (int f : features) {
      int bins = globalBins[offsets[k] + f];
      long[] g = new long[bins];
      long[] h = new long[bins];
      long[] c = new long[bins];
      long count = 0;
      for (int b = 0; b < bins; b++) {
        if (present[cell++]) {
          BigInteger v = values[next++].scaledValue();
          long[] s;
          try {
            s = packing.unpack(v, nodeRows);
          } catch (IllegalArgumentException e) {
            throw new VerticalJobException(host + " histogram of node " + nh.node()
                + ", feature " + f + ", bin " + b + ": " + e.getMessage());
          }
          g[b] = s[0];
          h[b] = s[1];
          c[b] = s[2];
          count += s[2];
        }
      }
      if (count != nodeRows) {
        throw new VerticalJobException(host + " histogram of node " + nh.node() + ", feature "
            + f + " counts " + count + " rows; the node has " + nodeRows);
      }
      into.set(offsets[k] + f, g, h, c);
    }
  }

  private void finishTree() {
    TreeModel t = builder.tree((node, feature, bin) -> {
      SplitRule r = rules.get(node);
      if (r == null) {
        throw new IllegalStateException("no rule for node " + node);
      }
      return r;
    });
    for (Map.Entry<Integer, int[]> e : rowsOf.entrySet()) {
      double v = builder.leafValue(e.getKey());
      for (int r : e.getValue()) {
        raw[r] += v;
      }
    }
    trees.add(t);
    running = false;
    grad = null;
    rowsOf = null;
  }

  /** The guest's half of the model: its own splits as thresholds, hosts' splits as ids. */
  public BoostedTrees model() {
    return new BoostedTrees(x.featureNames(), baseScore, trees);
  }

  /** Raw scores of the training rows after the trees so far. */
  public double[] trainingScores() {
    return raw.clone();
  }

  /** The training labels. */
  public double[] labels() {
    return labels.clone();
  }

  /** The number of trees grown. */
  public int treesGrown() {
    return trees.size();
  }
}
