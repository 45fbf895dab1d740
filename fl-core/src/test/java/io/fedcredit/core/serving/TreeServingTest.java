package io.fedcredit.core.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.Schema;
import io.fedcredit.core.testing.ServingFixtures;
import io.fedcredit.core.testing.TestPki;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.SplitRule;
import io.fedcredit.core.tree.TreeModel;
import io.fedcredit.core.tree.TreeNode;
import io.fedcredit.core.vertical.SecureBoostHostModel;
import io.fedcredit.crypto.pki.PartyCredential;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.proto.PartialResult;
import io.fedcredit.proto.PartialScoreRequest;
import io.fedcredit.proto.PartialScoreResponse;
import io.fedcredit.proto.ServingModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tree models served without sockets: what a data node answers (decision bits of the requested
 * model's splits, nothing else), scores equal to the trees' own prediction, path attribution,
 * and the refusals of files and halves that do not fit.
 */
class TreeServingTest {
  static final String FED = "tree-fed";

  @TempDir
  Path dir;

  static PartialScoreResponse ask(PartialScoreEngine e, ServingModel m, int from, int to) {
    PartialScoreRequest.Builder r = PartialScoreRequest.newBuilder().setModelId(m.modelId())
        .setModelVersion(m.version()).setMaxReasons(4);
    for (int i = from; i < to; i++) {
      r.addEnterpriseIds("e-" + i);
    }
    return e.score(r.build(), Optional.empty());
  }

  @Test
  void theDataNodeAnswersOnlyTheDecisionBitsOfTheRequestedModel() {
    List<ServingModel> m = ServingFixtures.treePair("trees", 1, FED, 0);
    // the same data node also serves another tree model (other splits) and a linear one
    List<ServingModel> other = ServingFixtures.treePair("other-trees", 1, FED, 1_000);
    FeatureTable table = ServingFixtures.platformTable(30, 0);
    PartialScoreEngine engine = new PartialScoreEngine(table, "fixture");
    engine.addModel(m.get(1));
    engine.addModel(other.get(1));
    engine.addModel(ServingFixtures.scorecardPair("lin", 1, FED).get(1));
    PartialScoreResponse r = ask(engine, m.get(0), 0, 31);
    assertEquals(m.get(0).dataNodes().get(0).fingerprint(), r.getSchemaFingerprint());
    SecureBoostHostModel splits = m.get(1).trees().splitTable();
    assertEquals(List.of(101L, 205L, 330L, 412L), m.get(1).trees().splitIds());
    for (int i = 0; i < 31; i++) {
      PartialResult p = r.getResults(i);
      Set<String> set = new HashSet<>();
      for (FieldDescriptor f : p.getAllFields().keySet()) {
        set.add(f.getName());
      }
      if (i == 30) {
        assertEquals(Set.of(), set, "an unknown enterprise: nothing but known=false");
        continue;
      }
      // nothing but the known flag and one bit per split of the requested model: no partial
      // score, no reason, no value, no threshold
      assertEquals(Set.of("known", "split_decisions"), set, "enterprise " + i);
      assertEquals(1, p.getSplitDecisions().size(), "4 splits fit one byte");
      int bits = p.getSplitDecisions().byteAt(0) & 0xFF;
      assertEquals(0, bits >>> 4, "no bit beyond the model's 4 splits");
      for (int s = 0; s < 4; s++) {
        SecureBoostHostModel.Split split = splits.splits().get(s);
        double v = table.value(i, table.schema().indexOf(
            ServingFixtures.PLATFORM_FEATURES.get(split.feature())));
        assertEquals(v <= split.threshold(), (bits >>> s & 1) == 1, "enterprise " + i
            + " split " + split.splitId());
      }
    }
  }

  @Test
  void servedScoresAreTheTreesOwnPredictionWithPathAttribution() {
    List<ServingModel> m = ServingFixtures.treePair("trees", 2, FED, 0);
    FeatureTable table = ServingFixtures.platformTable(40, 0);
    PartialScoreEngine engine = new PartialScoreEngine(table, "fixture");
    engine.addModel(m.get(1));
    BankScoring bank = new BankScoring(m.get(0), CutOff.maxProbabilityOfDefault(0.15), 3);
    PartialScoreResponse answer = ask(engine, m.get(0), 0, 40);
    assertNull(bank.mismatch(0, answer, 40));

    // the trees' own prediction, the host's splits routed by its split table
    BoostedTrees trees = m.get(0).trees().trees();
    double[] bankValues = new double[40 * 2];
    String[] ids = new String[40];
    for (int i = 0; i < 40; i++) {
      ids[i] = "e-" + i;
      bankValues[2 * i] = ServingFixtures.bankApplicant(i).get("b1");
      bankValues[2 * i + 1] = ServingFixtures.bankApplicant(i).get("b2");
    }
    FeatureTable bankRows = FeatureTable.of(Schema.unlabelled("id",
        ServingFixtures.BANK_FEATURES), ids, null, bankValues);
    long[] splitIds = {101, 205, 330, 412};
    boolean[][] left = m.get(1).trees().splitTable().route(table, splitIds);
    double[] expected = trees.predictRaw(bankRows, (split, row) ->
        left[java.util.Arrays.binarySearch(splitIds, split.splitId())][row]);
    double factor = m.get(0).trees().scale().factor();
    double offset = m.get(0).trees().scale().offset();
    TreePart.Scorer scorer = m.get(0).trees().scorer(m.get(0).dataNodes());
    boolean platformReason = false;
    for (int i = 0; i < 40; i++) {
      ScoreOutcome o = bank.score(bank.bankValues(ServingFixtures.bankApplicant(i)),
          List.of(answer.getResults(i)));
      ScoreOutcome.Scored s = assertInstanceOf(ScoreOutcome.Scored.class, o);
      assertEquals(1 / (1 + Math.exp(-expected[i])), s.probabilityOfDefault(), 1e-12);
      assertEquals(offset - factor * expected[i], s.score(), 1e-9);
      // Saabas: the attributions add up to the score minus the trees' root values
      double[] c = new double[scorer.slots()];
      double z = scorer.logOdds(bank.bankValues(ServingFixtures.bankApplicant(i)),
          new byte[][] {answer.getResults(i).getSplitDecisions().toByteArray()}, c);
      assertEquals(expected[i], z, 0);
      double roots = trees.baseScore() + trees.trees().stream()
          .mapToDouble(t -> t.nodes().get(0).value()).sum();
      assertEquals(z - roots, c[0] + c[1] + c[2], 1e-12);
      for (ScoreOutcome.ReasonCode rc : s.reasons()) {
        assertTrue(Set.of("b1", "b2", "platform/*").contains(rc.feature()), rc.feature());
        assertTrue(rc.pointsLost() > 0);
        int slot = rc.feature().equals("b1") ? 0 : rc.feature().equals("b2") ? 1 : 2;
        assertEquals(factor * c[slot], rc.pointsLost(), 1e-9);
        platformReason |= slot == 2;
      }
    }
    assertTrue(platformReason, "no applicant lost points to the data node: the test shows "
        + "nothing of its attribution");
    // an enterprise the data node does not hold is typed
    assertEquals(new ScoreOutcome.EnterpriseUnknown("platform"), bank.score(
        bank.bankValues(ServingFixtures.bankApplicant(0)),
        List.of(PartialResult.newBuilder().setKnown(false).build())));
  }

  @Test
  void aWholeTreeModelScoresAloneAndRoundTripsItsFile() throws Exception {
    TestPki pki = TestPki.create(FED, dir);
    PartyCredential bank = pki.issue("bank-a", PartyRole.BANK);
    BoostedTrees trees = ServingFixtures.wholeTrees();
    ServingModel whole = ServingExport.wholeTrees(trees, "h/gbdt", 3, "bank-a", FED, "h",
        Map.of("test_auc", 0.8));
    ServingModelFiles.write(whole, bank, dir.resolve("whole.fcm"));
    ServingModel back = ServingModelFiles.read(dir.resolve("whole.fcm"), pki.trust());
    assertEquals(ServingModel.Kind.TREES, back.kind());
    assertEquals(ServingModel.Part.WHOLE, back.part());
    assertEquals(trees, back.trees().trees());
    BankScoring scoring = new BankScoring(back, CutOff.minScore(600), 2);
    assertEquals(List.of(), scoring.dataNodes());
    String[] ids = new String[12];
    double[] values = new double[24];
    for (int i = 0; i < 12; i++) {
      ids[i] = "w-" + i;
      values[2 * i] = ServingFixtures.wholeApplicant(i).get("a");
      values[2 * i + 1] = ServingFixtures.wholeApplicant(i).get("b");
    }
    double[] expected = trees.predictRaw(FeatureTable.of(Schema.unlabelled("id",
        List.of("a", "b")), ids, null, values));
    for (int i = 0; i < 12; i++) {
      ScoreOutcome.Scored s = assertInstanceOf(ScoreOutcome.Scored.class, scoring.score(
          scoring.bankValues(ServingFixtures.wholeApplicant(i)), List.of()));
      assertEquals(1 / (1 + Math.exp(-expected[i])), s.probabilityOfDefault(), 1e-12);
    }
  }

  @Test
  void treeFilesRoundTripAndRefuseTamperingAndOtherVersions() throws Exception {
    TestPki pki = TestPki.create(FED, dir);
    PartyCredential bank = pki.issue("bank-a", PartyRole.BANK);
    PartyCredential platform = pki.issue("platform", PartyRole.DATA_NODE);
    List<ServingModel> m = ServingFixtures.treePair("trees", 4, FED, 0);
    ServingModelFiles.write(m.get(0), bank, dir.resolve("bank.fcm"));
    ServingModelFiles.write(m.get(1), platform, dir.resolve("platform.fcm"));
    ServingModel b = ServingModelFiles.read(dir.resolve("bank.fcm"), pki.trust());
    ServingModel p = ServingModelFiles.read(dir.resolve("platform.fcm"), pki.trust());
    assertEquals(m.get(0).toProto(), b.toProto());
    assertEquals(m.get(1).toProto(), p.toProto());
    assertEquals(b.dataNodes().get(0).fingerprint(), p.self().fingerprint());
    // the data node's file holds its split table; the bank's holds no threshold of it
    assertEquals(0, b.toProto().getTrees().getSplitsCount());
    assertEquals(0, p.toProto().getTrees().getTreesCount());

    // a changed byte of the model: the signature no longer matches
    ServingModelFile file = ServingModelFile.parseFrom(Files.readAllBytes(
        dir.resolve("platform.fcm")));
    byte[] body = file.getModel().toByteArray();
    body[body.length - 3] ^= 1;
    Path tampered = dir.resolve("tampered.fcm");
    Files.write(tampered, file.toBuilder().setModel(com.google.protobuf.ByteString.copyFrom(body))
        .build().toByteArray());
    ServingModelException e = assertThrows(ServingModelException.class,
        () -> ServingModelFiles.read(tampered, pki.trust()));
    assertTrue(e.getMessage().contains("altered after export"), e.getMessage());
    // another format version
    Path newer = dir.resolve("newer.fcm");
    Files.write(newer, file.toBuilder().setFormatVersion(2).build().toByteArray());
    e = assertThrows(ServingModelException.class, () -> ServingModelFiles.read(newer,
        pki.trust()));
    assertTrue(e.getMessage().contains("format version 2"), e.getMessage());
  }

  @Test
  void halvesWhoseSchemaOrSplitIdsDoNotMatchAreRefusedNamingTheField() {
    List<ServingModel> m = ServingFixtures.treePair("trees", 1, FED, 0);
    io.fedcredit.proto.ServingModel bank = m.get(0).toProto();
    // the bank half lists split ids of the data node that its trees do not use
    io.fedcredit.proto.ServingModel.Builder wrongIds = bank.toBuilder();
    wrongIds.getPartsBuilder(1).clearSplitIds().addAllSplitIds(List.of(101L, 205L, 330L));
    wrongIds.getPartsBuilder(1).setSchemaFingerprint(ServingModel.PartRef.treeFingerprint(
        "platform", ServingModel.Part.DATA_NODE_HALF, ServingFixtures.PLATFORM_FEATURES,
        List.of(101L, 205L, 330L)));
    ServingModelException e = assertThrows(ServingModelException.class,
        () -> ServingModel.fromProto(wrongIds.build(), "bank.fcm"));
    assertTrue(e.getMessage().contains("field 'parts'") && e.getMessage().contains("412"),
        e.getMessage());
    // a fingerprint that does not cover the listed features and split ids
    io.fedcredit.proto.ServingModel.Builder wrongPrint = bank.toBuilder();
    wrongPrint.getPartsBuilder(1).setSchemaFingerprint(42);
    e = assertThrows(ServingModelException.class,
        () -> ServingModel.fromProto(wrongPrint.build(), "bank.fcm"));
    assertTrue(e.getMessage().contains("field 'parts'")
        && e.getMessage().contains("fingerprint"), e.getMessage());
    // a data node half whose entry lists other split ids than its table
    io.fedcredit.proto.ServingModel.Builder node = m.get(1).toProto().toBuilder();
    node.getTreesBuilder().removeSplits(3);
    e = assertThrows(ServingModelException.class,
        () -> ServingModel.fromProto(node.build(), "platform.fcm"));
    assertTrue(e.getMessage().contains("field 'parts'"), e.getMessage());
    // split ids out of order, a data node half with trees
    io.fedcredit.proto.ServingModel.Builder order = m.get(1).toProto().toBuilder();
    order.getTreesBuilder().setSplits(0, order.getTreesBuilder().getSplits(0).toBuilder()
        .setSplitId(999));
    e = assertThrows(ServingModelException.class,
        () -> ServingModel.fromProto(order.build(), "platform.fcm"));
    assertTrue(e.getMessage().contains("field 'trees.splits'"), e.getMessage());
    io.fedcredit.proto.ServingModel.Builder withTrees = m.get(1).toProto().toBuilder();
    withTrees.getTreesBuilder().addTrees(bank.getTrees().getTrees(0));
    e = assertThrows(ServingModelException.class,
        () -> ServingModel.fromProto(withTrees.build(), "platform.fcm"));
    assertTrue(e.getMessage().contains("field 'trees.trees'"), e.getMessage());
    // a whole model whose trees split on a data node
    e = assertThrows(ServingModelException.class, () -> ServingModel.fromProto(
        bank.toBuilder().setPart(io.fedcredit.proto.ModelPart.WHOLE).clearParts()
            .addParts(bank.getParts(0).toBuilder().setPart(io.fedcredit.proto.ModelPart.WHOLE)
                .setSchemaFingerprint(ServingModel.PartRef.treeFingerprint("bank-a",
                    ServingModel.Part.WHOLE, ServingFixtures.BANK_FEATURES, List.of())))
            .build(), "whole.fcm"));
    assertTrue(e.getMessage().contains("field 'trees'"), e.getMessage());

    // across the halves: a data node serving other splits under the same id and version is
    // caught at its first answer, and an unknown version is refused
    List<ServingModel> retrained = ServingFixtures.treePair("trees", 1, FED, 7);
    PartialScoreEngine engine = new PartialScoreEngine(ServingFixtures.platformTable(5, 0), "t");
    engine.addModel(retrained.get(1));
    BankScoring scoring = new BankScoring(m.get(0), CutOff.minScore(500), 2);
    String mismatch = scoring.mismatch(0, ask(engine, m.get(0), 0, 5), 5);
    assertTrue(mismatch != null && mismatch.contains("another schema"), mismatch);
    PartialScoreEngine.RefusedException refused = assertThrows(
        PartialScoreEngine.RefusedException.class,
        () -> ask(engine, ServingFixtures.treePair("trees", 2, FED, 7).get(0), 0, 1));
    assertEquals(PartialScoreEngine.Refusal.MODEL_VERSION_UNKNOWN, refused.refusal());
    // a table without one of the half's features is refused naming the column
    PartialScoreEngine narrow = new PartialScoreEngine(ServingFixtures.platformTable(5, 0)
        .withFeatures(List.of("p1", "p3")), "narrow");
    ServingModelException missing = assertThrows(ServingModelException.class,
        () -> narrow.addModel(m.get(1)));
    assertTrue(missing.getMessage().contains("'p2'"), missing.getMessage());
  }

  @Test
  void treesNamingSplitsTheirPartsDoNotListAreRefused() {
    BoostedTrees stray = new BoostedTrees(List.of("b1"), 0, List.of(new TreeModel(List.of(
        new TreeNode(1, 2, new SplitRule.Remote("bureau", 5), 0, 1, 2),
        TreeNode.leaf(1, 1), TreeNode.leaf(-1, 1)))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServingModel.trees("x", 1, ServingModel.Part.BANK_HALF, "bank-a", FED,
            ServingFixtures.treePair("x", 1, FED, 0).get(0).provenance(),
            List.of(ServingModel.PartRef.tree("bank-a", ServingModel.Part.BANK_HALF,
                    List.of("b1"), List.of()),
                ServingModel.PartRef.tree("platform", ServingModel.Part.DATA_NODE_HALF,
                    List.of("p1"), List.of())),
            TreePart.ofTrees(stray, io.fedcredit.core.credit.Scorecard.Scale.standard())));
    assertTrue(e.getMessage().contains("'bureau'"), e.getMessage());
  }
}
