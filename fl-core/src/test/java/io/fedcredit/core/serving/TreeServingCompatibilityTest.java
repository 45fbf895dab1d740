package io.fedcredit.core.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedcredit.core.testing.ServingFixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Loads the tree model files that format version 1 with the {@code trees} kind wrote (committed
 * under {@code src/test/resources/serving/v1-trees}, with the CA that signed them: a SecureBoost
 * bank half and data node half, a whole GBDT) and checks that they still load, verify and score
 * exactly as they did. A later version must keep this test green, as {@link
 * ServingCompatibilityTest} does for the linear files.
 */
class TreeServingCompatibilityTest {
  static final Path V1_TREES = Path.of("src/test/resources/serving/v1-trees");
  static final String MODEL_ID = "fixture/secureboost";
  static final String WHOLE_ID = "fixture/gbdt";

  @Test
  void treeFilesWrittenByVersion1LoadVerifyAndScoreAsTheyDid() throws Exception {
    ModelTrust trust = ModelTrust.ofCaFile(V1_TREES.resolve("ca.pem"));
    ServingModel bank = ServingModelFiles.read(V1_TREES.resolve("bank-a.fcm"), trust);
    ServingModel platform = ServingModelFiles.read(V1_TREES.resolve("platform.fcm"), trust);
    ServingModel whole = ServingModelFiles.read(V1_TREES.resolve("whole.fcm"), trust);
    assertEquals(ServingModel.Kind.TREES, bank.kind());
    assertEquals(ServingModel.Part.BANK_HALF, bank.part());
    assertEquals(ServingModel.Part.DATA_NODE_HALF, platform.part());
    assertEquals(ServingModel.Part.WHOLE, whole.part());
    assertEquals(3, bank.version());
    assertEquals(bank.dataNodes().get(0).fingerprint(), platform.self().fingerprint());
    // the same content as this version's fixtures, apart from the export time
    List<ServingModel> now = ServingFixtures.treePair(MODEL_ID, 3, "fixture-fed", 0);
    assertEquals(ServingCompatibilityTest.strip(now.get(0)),
        ServingCompatibilityTest.strip(bank));
    assertEquals(ServingCompatibilityTest.strip(now.get(1)),
        ServingCompatibilityTest.strip(platform));
    assertEquals(ServingFixtures.wholeTrees(), whole.trees().trees());

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> expected = new ObjectMapper().readValue(
        V1_TREES.resolve("expected.json").toFile(), Map.class);
    ServingCompatibilityTest.assertSameScores(expected, score(bank, platform, whole));
  }

  /**
   * PD, score and reason codes of enterprises e-0 .. e-11 under the SecureBoost pair (e-11
   * unknown to the data node) and of applicants w-0 .. w-7 under the whole model.
   */
  static Map<String, Map<String, Object>> score(ServingModel bankHalf, ServingModel nodeHalf,
      ServingModel whole) {
    BankScoring bank = new BankScoring(bankHalf, CutOff.minScore(536), 3);
    PartialScoreEngine node = new PartialScoreEngine(ServingFixtures.platformTable(11, 0),
        "fixture");
    node.addModel(nodeHalf);
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      out.put("e-" + i, ServingCompatibilityTest.row(bank.score(
          bank.bankValues(ServingFixtures.bankApplicant(i)),
          ServingCompatibilityTest.ask(node, bankHalf, i).getResultsList())));
    }
    BankScoring alone = new BankScoring(whole, CutOff.maxProbabilityOfDefault(0.2), 2);
    for (int i = 0; i < 8; i++) {
      out.put("w-" + i, ServingCompatibilityTest.row(alone.score(
          alone.bankValues(ServingFixtures.wholeApplicant(i)), List.of())));
    }
    return out;
  }
}
