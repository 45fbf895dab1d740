package io.fedcredit.core.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedcredit.core.testing.ServingFixtures;
import io.fedcredit.proto.PartialScoreRequest;
import io.fedcredit.proto.PartialScoreResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Loads the model files format version 1 wrote (committed under
 * {@code src/test/resources/serving/v1}, with the CA that signed them) and checks that they still
 * load, verify and score exactly as they did. A later format version must keep this test green.
 */
class ServingCompatibilityTest {
  static final Path V1 = Path.of("src/test/resources/serving/v1");

  @Test
  void filesWrittenByVersion1LoadVerifyAndScoreAsTheyDid() throws Exception {
    ModelTrust trust = ModelTrust.ofCaFile(V1.resolve("ca.pem"));
    ServingModel bank = ServingModelFiles.read(V1.resolve("bank-a.fcm"), trust);
    ServingModel platform = ServingModelFiles.read(V1.resolve("platform.fcm"), trust);
    assertEquals("fixture/hetero-lr", bank.modelId());
    assertEquals(7, bank.version());
    assertEquals(ServingModel.Part.BANK_HALF, bank.part());
    assertEquals(ServingModel.Part.DATA_NODE_HALF, platform.part());
    assertEquals(ServingFixtures.BANK_FEATURES, bank.linear().featureNames());
    assertEquals(ServingFixtures.PLATFORM_FEATURES, platform.linear().featureNames());
    assertEquals(bank.dataNodes().get(0).fingerprint(), platform.self().fingerprint());
    // the same content as this version's fixtures, apart from the export time
    List<ServingModel> now = ServingFixtures.scorecardPair("fixture/hetero-lr", 7,
        "fixture-fed");
    assertEquals(strip(now.get(0)), strip(bank));
    assertEquals(strip(now.get(1)), strip(platform));

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> expected = new ObjectMapper().readValue(
        V1.resolve("expected.json").toFile(), Map.class);
    assertSameScores(expected, score(bank, platform));

    ServingModel whole = ServingModelFiles.read(V1.resolve("whole.fcm"), trust);
    assertEquals(ServingModel.Kind.HORIZONTAL, whole.kind());
    assertArrayEquals(ServingFixtures.horizontalModel().parameters(),
        whole.horizontal().parameters());
  }

  /** Same outcomes, decisions, reasons; PD to 1e-12, score to 1e-9. */
  static void assertSameScores(Map<String, Map<String, Object>> expected,
      Map<String, Map<String, Object>> got) {
    assertEquals(expected.keySet(), got.keySet());
    for (String id : expected.keySet()) {
      assertEquals(expected.get(id).get("outcome"), got.get(id).get("outcome"), id);
      if (!"SCORED".equals(expected.get(id).get("outcome"))) {
        continue;
      }
      assertEquals(expected.get(id).get("decision"), got.get(id).get("decision"), id);
      assertEquals((Double) expected.get(id).get("pd"), (Double) got.get(id).get("pd"), 1e-12,
          id);
      assertEquals((Double) expected.get(id).get("score"), (Double) got.get(id).get("score"),
          1e-9, id);
      assertEquals(expected.get(id).get("reasons"), got.get(id).get("reasons"), id);
    }
  }

  /** The compared fields of one outcome, as {@code expected.json} holds them. */
  static Map<String, Object> row(ScoreOutcome o) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("outcome", o.kind().name());
    if (o instanceof ScoreOutcome.Scored s) {
      row.put("pd", s.probabilityOfDefault());
      row.put("score", s.score());
      List<String> reasons = new ArrayList<>();
      s.reasons().forEach(rc -> reasons.add(rc.feature()));
      row.put("reasons", reasons);
      row.put("decision", s.decision().name());
    }
    return row;
  }

  static io.fedcredit.proto.ServingModel strip(ServingModel m) {
    io.fedcredit.proto.ServingModel.Builder b = m.toProto().toBuilder();
    b.getProvenanceBuilder().clearExportedAtMs().clearLibraryVersion().clearRuntime();
    return b.build();
  }

  /** PD, score and reason features of enterprises e-0 .. e-11 (e-11 unknown to the node). */
  static Map<String, Map<String, Object>> score(ServingModel bankHalf, ServingModel nodeHalf) {
    BankScoring bank = new BankScoring(bankHalf, CutOff.minScore(60), 3);
    PartialScoreEngine node = new PartialScoreEngine(ServingFixtures.platformTable(11, 0),
        "fixture");
    node.addModel(nodeHalf);
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      out.put("e-" + i, row(bank.combine(bank.evaluateBank(bank.bankValues(
          ServingFixtures.bankApplicant(i))), ask(node, bankHalf, i).getResultsList())));
    }
    return out;
  }

  /** The engine's answer for enterprise {@code e-<i>} under the bank half's model. */
  static PartialScoreResponse ask(PartialScoreEngine node, ServingModel bankHalf, int i) {
    return node.score(PartialScoreRequest.newBuilder().setModelId(bankHalf.modelId())
        .setModelVersion(bankHalf.version()).setMaxReasons(3).addEnterpriseIds("e-" + i)
        .build(), Optional.empty());
  }
}
