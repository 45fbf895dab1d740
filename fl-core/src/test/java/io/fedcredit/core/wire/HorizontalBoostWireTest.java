package io.fedcredit.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.horizontal.BoostingStep;
import io.fedcredit.core.horizontal.TreeInstruction;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Task;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.tree.TreeBuilder;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeNode;
import io.fedcredit.proto.BoostLevelSplit;
import io.fedcredit.proto.BoostTask;
import io.fedcredit.proto.BoostTreeInstruction;
import io.fedcredit.proto.BoostTreeStep;
import io.fedcredit.proto.FinishedTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Horizontal boosting's messages survive the wire exactly; malformed ones name their field. */
class HorizontalBoostWireTest {

  private static Task roundTrip(Task t) {
    return WireCodec.fromProto(WireCodec.toProto(t, 1_000), 1_000);
  }

  @Test
  void tasksRoundTripExactly() {
    TreeModel tree = new TreeModel(List.of(
        new TreeNode(1, 2, new SplitRule.Threshold(1, 0.1 + 0.2), 0.01, 3.5, 100),
        TreeNode.leaf(-0.123456789012345, 40), TreeNode.leaf(Math.PI / 100, 60)));
    TreeInstruction level = new TreeInstruction(3, null,
        List.of(new TreeBuilder.Split(0, 1, 7, 1, 2, 3.5)), List.of(1), null);
    TreeInstruction start = new TreeInstruction(4, new boolean[] {true, false}, List.of(),
        List.of(0), null);
    TreeInstruction done = new TreeInstruction(3, null, List.of(), List.of(), tree);
    Task.Boost t = (Task.Boost) roundTrip(new Task.Boost(9, 5_000,
        BoostingStep.tree(null, 0.0, List.of(level, done, start)), List.of()));
    assertEquals(9, t.round());
    assertEquals(5_000, t.deadlineAt());
    assertEquals(3, t.step().instructions().size());
    assertEquals(level.splits(), t.step().instructions().get(0).splits());
    assertEquals(level.build(), t.step().instructions().get(0).build());
    assertEquals(null, t.step().instructions().get(0).allowed());
    assertEquals(tree, t.step().instructions().get(1).finished());
    assertTrue(java.util.Arrays.equals(start.allowed(), t.step().instructions().get(2).allowed()));
    Task.BoostFinished f = (Task.BoostFinished) roundTrip(new Task.BoostFinished(9, "done", done));
    assertEquals(tree, f.last().finished());
    assertEquals("done", f.reason());
  }

  @Test
  void malformedMessagesNameTheirField() {
    Rejection noStep = assertThrows(Rejection.class, () -> WireCodec.fromProto(
        io.fedcredit.proto.Task.newBuilder().setBoost(BoostTask.newBuilder().setRound(2)).build(),
        0));
    assertTrue(noStep.getMessage().contains("has no step"), noStep.getMessage());
    BoostTreeInstruction badSplit = BoostTreeInstruction.newBuilder().setTree(0)
        .addSplits(BoostLevelSplit.newBuilder().setNode(3).setLeft(1).setRight(2)).build();
    Rejection split = assertThrows(Rejection.class, () -> WireCodec.fromProto(
        io.fedcredit.proto.Task.newBuilder().setBoost(BoostTask.newBuilder().setRound(2)
            .setTree(BoostTreeStep.newBuilder().addInstructions(badSplit))).build(), 0));
    assertTrue(split.getMessage().contains("boost.tree.instructions[0].splits"),
        split.getMessage());
    Rejection emptyTree = assertThrows(Rejection.class, () -> WireCodec.fromProto(
        io.fedcredit.proto.Task.newBuilder().setBoost(BoostTask.newBuilder().setRound(2)
            .setTree(BoostTreeStep.getDefaultInstance())).build(), 0));
    assertTrue(emptyTree.getMessage().contains("TREE step needs at least one instruction"),
        emptyTree.getMessage());
    Rejection lastTree = assertThrows(Rejection.class, () -> WireCodec.fromProto(
        io.fedcredit.proto.Task.newBuilder().setFinished(FinishedTask.newBuilder()
            .setLastTree(BoostTreeInstruction.newBuilder().setTree(1))).build(), 0));
    assertTrue(lastTree.getMessage().contains("finished.last_tree.finished is missing"),
        lastTree.getMessage());
    Rejection file = assertThrows(Rejection.class,
        () -> HorizontalBoostWire.fromBytes(new byte[] {1, 2, 3}, "model.pb"));
    assertTrue(file.getMessage().startsWith("model.pb"), file.getMessage());
    assertEquals(BoostingStep.Kind.COARSE_COUNTS, ((Task.Boost) roundTrip(new Task.Boost(1, 0,
        BoostingStep.coarseCounts(), List.of()))).step().kind());
  }
}
