package io.fedcredit.core.wire;

import com.google.protobuf.ByteString;
import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.horizontal.BoostingStep;
import io.fedcredit.core.horizontal.FederatedBinning;
import io.fedcredit.core.horizontal.TreeInstruction;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.protocol.Task;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.tree.TreeBuilder;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeNode;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShare;
import io.fedcredit.proto.BoostCoarseCounts;
import io.fedcredit.proto.BoostFeatureCuts;
import io.fedcredit.proto.BoostFineCounts;
import io.fedcredit.proto.BoostLevelSplit;
import io.fedcredit.proto.BoostSettings;
import io.fedcredit.proto.BoostTask;
import io.fedcredit.proto.BoostTree;
import io.fedcredit.proto.BoostTreeInstruction;
import io.fedcredit.proto.BoostTreeNode;
import io.fedcredit.proto.BoostTreeStep;
import io.fedcredit.proto.BoostedTreesFile;
import io.fedcredit.proto.SealedEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Horizontal histogram boosting on the wire: {@link Task.Boost} and {@link Task.BoostFinished} to
 * and from {@code BoostTask} and {@code FinishedTask.last_tree}, {@link TreeInstruction}s, trees,
 * the tree settings of a job, and the {@code BoostedTreesFile} a bank saves. Decoding refuses a
 * malformed message with a {@link Rejection} (INVALID_VALUE) naming the field at fault.
 */
public final class HorizontalBoostWire {
  /** The {@code format} of a {@code BoostedTreesFile}. */
  public static final String FILE_FORMAT = "fedcredit.boosted-trees";
  /** The {@code format_version} written. */
  public static final int FILE_FORMAT_VERSION = 1;

  private HorizontalBoostWire() {}

  /** A job's tree settings, as the coordinator announces them at join. */
  public static BoostSettings toProto(BoostingConfig c) {
    return BoostWire.toProto(c);
  }

  /**
   * Tree settings from the wire.
   *
   * @throws Rejection INVALID_VALUE naming the setting at fault
   */
  public static BoostingConfig fromProto(BoostSettings s) {
    try {
      return BoostWire.fromProto(s);
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, "boosting settings: " + e.getMessage());
    }
  }

  /** The masked-input task of a boosting round; the deadline becomes relative to {@code now}. */
  static BoostTask toProto(Task.Boost t, long now) {
    BoostTask.Builder b = BoostTask.newBuilder().setRound(t.round())
        .setDeadlineMs(Math.max(0, t.deadlineAt() - now));
    for (SealedShare e : t.inbox()) {
      b.addInbox(SealedEnvelope.newBuilder().setParty(e.from())
          .setEnvelope(ByteString.copyFrom(e.envelope())));
    }
    BoostingStep s = t.step();
    switch (s.kind()) {
      case COARSE_COUNTS -> b.setCoarseCounts(BoostCoarseCounts.getDefaultInstance());
      case FINE_COUNTS -> {
        BoostFineCounts.Builder f = BoostFineCounts.newBuilder();
        for (double v : s.ranges().lower()) {
          f.addLower(v);
        }
        for (double v : s.ranges().upper()) {
          f.addUpper(v);
        }
        b.setFineCounts(f);
      }
      case TREE -> {
        BoostTreeStep.Builder tb = BoostTreeStep.newBuilder();
        if (s.edges() != null) {
          for (BinEdges e : s.edges()) {
            BoostFeatureCuts.Builder c = BoostFeatureCuts.newBuilder().setName(e.feature());
            for (double v : e.cuts()) {
              c.addCuts(v);
            }
            tb.addEdges(c);
          }
          tb.setBaseScore(s.baseScore());
        }
        s.instructions().forEach(in -> tb.addInstructions(toProto(in)));
        b.setTree(tb);
      }
    }
    return b.build();
  }

  /**
   * A boosting task from the wire; the deadline becomes absolute using {@code now}.
   *
   * @throws Rejection INVALID_VALUE naming the field at fault
   */
  static Task.Boost fromProto(BoostTask t, long now) {
    List<SealedShare> inbox = new ArrayList<>();
    for (SealedEnvelope e : t.getInboxList()) {
      inbox.add(new SealedShare(e.getParty(), e.getEnvelope().toByteArray()));
    }
    BoostingStep step;
    try {
      step = switch (t.getStepCase()) {
        case COARSE_COUNTS -> BoostingStep.coarseCounts();
        case FINE_COUNTS -> BoostingStep.fineCounts(new FederatedBinning.Ranges(
            WireCodec.toArray(t.getFineCounts().getLowerList()),
            WireCodec.toArray(t.getFineCounts().getUpperList())));
        case TREE -> {
          BoostTreeStep s = t.getTree();
          List<BinEdges> edges = null;
          if (s.getEdgesCount() > 0) {
            edges = new ArrayList<>();
            for (BoostFeatureCuts c : s.getEdgesList()) {
              edges.add(new BinEdges(c.getName(), WireCodec.toArray(c.getCutsList())));
            }
          }
          List<TreeInstruction> ins = new ArrayList<>();
          for (int i = 0; i < s.getInstructionsCount(); i++) {
            ins.add(fromProto(s.getInstructions(i), "boost.tree.instructions[" + i + "]"));
          }
          yield BoostingStep.tree(edges, s.getBaseScore(), ins);
        }
        case STEP_NOT_SET -> throw new Rejection(Reason.INVALID_VALUE, "boost task of round "
            + t.getRound() + " has no step (coarse_counts, fine_counts or tree)");
      };
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, "boost task of round " + t.getRound() + ": "
          + e.getMessage());
    }
    return new Task.Boost(t.getRound(), now + t.getDeadlineMs(), step, inbox);
  }

  /**
   * The end of a completed boosting job from the wire.
   *
   * @throws Rejection INVALID_VALUE when the last tree is missing or malformed
   */
  static Task.BoostFinished finished(io.fedcredit.proto.FinishedTask f) {
    TreeInstruction last = fromProto(f.getLastTree(), "finished.last_tree");
    if (last.finished() == null) {
      throw new Rejection(Reason.INVALID_VALUE, "finished.last_tree.finished is missing: a "
          + "completed boosting job ends with its last tree");
    }
    return new Task.BoostFinished(f.getFinalRound(), f.getReason(), last);
  }

  /** A tree instruction on the wire. */
  public static BoostTreeInstruction toProto(TreeInstruction in) {
    BoostTreeInstruction.Builder b = BoostTreeInstruction.newBuilder().setTree(in.tree())
        .addAllBuild(in.build());
    boolean[] allowed = in.allowed();
    if (allowed != null) {
      for (boolean a : allowed) {
        b.addAllowed(a);
      }
    }
    for (TreeBuilder.Split s : in.splits()) {
      b.addSplits(BoostLevelSplit.newBuilder().setNode(s.node()).setFeature(s.feature())
          .setBin(s.bin()).setLeft(s.left()).setRight(s.right()).setGain(s.gain()));
    }
    if (in.finished() != null) {
      b.setFinished(toProto(in.finished()));
    }
    return b.build();
  }

  /**
   * A tree instruction from the wire.
   *
   * @param field the message's field path, for errors
   * @throws Rejection INVALID_VALUE naming the field at fault
   */
  public static TreeInstruction fromProto(BoostTreeInstruction in, String field) {
    if (in.getTree() < 0) {
      throw new Rejection(Reason.INVALID_VALUE, field + ".tree is negative: " + in.getTree());
    }
    boolean[] allowed = null;
    if (in.getAllowedCount() > 0) {
      allowed = new boolean[in.getAllowedCount()];
      for (int i = 0; i < allowed.length; i++) {
        allowed[i] = in.getAllowed(i);
      }
    }
    List<TreeBuilder.Split> splits = new ArrayList<>();
    for (BoostLevelSplit s : in.getSplitsList()) {
      if (s.getNode() < 0 || s.getLeft() <= s.getNode() || s.getRight() <= s.getNode()
          || s.getFeature() < 0 || s.getBin() < 0) {
        throw new Rejection(Reason.INVALID_VALUE, field + ".splits: node " + s.getNode()
            + " -> (" + s.getLeft() + ", " + s.getRight() + ") on feature " + s.getFeature()
            + " bin " + s.getBin() + " is not a split");
      }
      splits.add(new TreeBuilder.Split(s.getNode(), s.getFeature(), s.getBin(), s.getLeft(),
          s.getRight(), s.getGain()));
    }
    TreeModel finished = in.hasFinished() ? fromProto(in.getFinished(), field + ".finished")
        : null;
    return new TreeInstruction(in.getTree(), allowed, splits, in.getBuildList(), finished);
  }

  /** A finished tree on the wire (threshold splits only). */
  public static BoostTree toProto(TreeModel t) {
    BoostTree.Builder b = BoostTree.newBuilder();
    for (TreeNode n : t.nodes()) {
      BoostTreeNode.Builder nb = BoostTreeNode.newBuilder().setLeft(n.left()).setRight(n.right())
          .setValue(n.value()).setGain(n.gain()).setRows(n.rows());
      if (n.rule() instanceof SplitRule.Threshold th) {
        nb.setFeature(th.feature()).setThreshold(th.threshold());
      } else if (n.rule() != null) {
        throw new IllegalArgumentException("a horizontal tree has threshold splits only, not "
            + n.rule());
      }
      b.addNodes(nb);
    }
    return b.build();
  }

  /**
   * A finished tree from the wire.
   *
   * @throws Rejection INVALID_VALUE naming the node at fault
   */
  public static TreeModel fromProto(BoostTree t, String field) {
    List<TreeNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < t.getNodesCount(); i++) {
        BoostTreeNode n = t.getNodes(i);
        nodes.add(n.getLeft() < 0 ? TreeNode.leaf(n.getValue(), n.getRows())
            : new TreeNode(n.getLeft(), n.getRight(), new SplitRule.Threshold(n.getFeature(),
                n.getThreshold()), n.getValue(), n.getGain(), n.getRows()));
      }
      return new TreeModel(nodes);
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, field + ": node " + nodes.size() + ": "
          + e.getMessage());
    }
  }

  /** A model as a {@code BoostedTreesFile}. */
  public static byte[] toBytes(BoostedTrees model, String jobId) {
    BoostedTreesFile.Builder b = BoostedTreesFile.newBuilder().setFormat(FILE_FORMAT)
        .setFormatVersion(FILE_FORMAT_VERSION).setJobId(jobId)
        .addAllFeatureNames(model.featureNames()).setBaseScore(model.baseScore());
    model.trees().forEach(t -> b.addTrees(toProto(t)));
    return b.build().toByteArray();
  }

  /**
   * A model from a {@code BoostedTreesFile}.
   *
   * @param source names the bytes in errors
   * @throws Rejection INVALID_VALUE naming the source and the field at fault
   */
  public static BoostedTrees fromBytes(byte[] bytes, String source) {
    BoostedTreesFile f;
    try {
      f = BoostedTreesFile.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new Rejection(Reason.INVALID_VALUE, source + " is not a boosted-trees file: "
          + e.getMessage());
    }
    if (!FILE_FORMAT.equals(f.getFormat()) || f.getFormatVersion() != FILE_FORMAT_VERSION) {
      throw new Rejection(Reason.INVALID_VALUE, source + ": format '" + f.getFormat()
          + "' version " + f.getFormatVersion() + ", expected '" + FILE_FORMAT + "' version "
          + FILE_FORMAT_VERSION);
    }
    List<TreeModel> trees = new ArrayList<>();
    for (int i = 0; i < f.getTreesCount(); i++) {
      trees.add(fromProto(f.getTrees(i), source + ": trees[" + i + "]"));
    }
    try {
      return new BoostedTrees(f.getFeatureNamesList(), f.getBaseScore(), trees);
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, source + ": " + e.getMessage());
    }
  }

  /** Writes a model file atomically. */
  public static void write(BoostedTrees model, String jobId, Path target) throws IOException {
    GlobalModelFiles.writeAtomically(toBytes(model, jobId), target);
  }

  /** Reads a model file. */
  public static BoostedTrees read(Path path) throws IOException {
    return fromBytes(Files.readAllBytes(path), path.toString());
  }
}
