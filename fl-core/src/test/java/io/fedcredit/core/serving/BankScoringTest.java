package io.fedcredit.core.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.serving.ScoreOutcome.Decision;
import io.fedcredit.core.serving.ScoreOutcome.ReasonCode;
import io.fedcredit.core.testing.ServingFixtures;
import io.fedcredit.proto.PartialResult;
import io.fedcredit.proto.PartialScoreRequest;
import io.fedcredit.proto.PartialScoreResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BankScoringTest {
  static final String FED = "bank-fed";

  @Test
  void combinesBothPartsIntoOneScorecardScoreWithMergedReasons() {
    List<ServingModel> pair = ServingFixtures.scorecardPair("m", 1, FED);
    BankScoring bank = new BankScoring(pair.get(0), CutOff.minScore(70), 3);
    PartialScoreEngine node = new PartialScoreEngine(ServingFixtures.platformTable(30, 0), "t");
    node.addModel(pair.get(1));
    for (int i = 0; i < 30; i++) {
      Map<String, Double> features = ServingFixtures.bankApplicant(i);
      PartialScoreResponse r = node.score(PartialScoreRequest.newBuilder().setModelId("m")
          .setModelVersion(1).setMaxReasons(3).addEnterpriseIds("e-" + i).build(),
          Optional.empty());
      assertNull(bank.mismatch(0, r, 1));
      LinearPart.Evaluation own = bank.evaluateBank(bank.bankValues(features));
      ScoreOutcome.Scored s = (ScoreOutcome.Scored) bank.combine(own, r.getResultsList());
      PartialResult p = r.getResults(0);
      // the score is the sum of both halves' points; the PD follows the summed log-odds
      assertEquals(own.points() + p.getPoints(), s.score(), 1e-12);
      double z = own.logOdds() + p.getLogOdds();
      assertEquals(1 / (1 + Math.exp(-z)), s.probabilityOfDefault(), 1e-15);
      assertEquals(s.score() >= 70 ? Decision.APPROVE : Decision.DECLINE, s.decision());
      // the reasons are the largest losses of both sides, named by side
      assertTrue(s.reasons().size() <= 3);
      for (int k = 1; k < s.reasons().size(); k++) {
        assertTrue(s.reasons().get(k - 1).pointsLost() >= s.reasons().get(k).pointsLost());
      }
      Map<String, Double> all = new HashMap<>();
      for (int k = 0; k < own.reasonFeatures().length; k++) {
        all.put(bank.bankFeatures().get(own.reasonFeatures()[k]), own.reasonPoints()[k]);
      }
      for (int k = 0; k < p.getReasonFeaturesCount(); k++) {
        all.put("platform/" + ServingFixtures.PLATFORM_FEATURES.get(p.getReasonFeatures(k)),
            p.getReasonPoints(k));
      }
      for (ReasonCode rc : s.reasons()) {
        assertEquals(all.get(rc.feature()), rc.pointsLost(), 0, rc.feature());
      }
      // nothing left out lost more than the last reason kept
      List<String> kept = s.reasons().stream().map(ReasonCode::feature).toList();
      double last = s.reasons().isEmpty() ? Double.POSITIVE_INFINITY
          : s.reasons().get(s.reasons().size() - 1).pointsLost();
      all.forEach((f, v) -> assertTrue(kept.contains(f) || v <= last, f));
    }
  }

  @Test
  void plainHeteroLrScoresItsLogOddsOnTheStandardScale() {
    List<ServingModel> pair = ServingFixtures.rawPair("r", 1, FED);
    BankScoring bank = new BankScoring(pair.get(0), CutOff.maxProbabilityOfDefault(0.2), 4);
    LinearPart.Evaluation own = bank.evaluateBank(bank.bankValues(Map.of("b1", 1.0, "b2", 2.0)));
    PartialResult remote = PartialResult.newBuilder().setKnown(true).setLogOdds(0.3)
        .setPoints(-Scorecard.Scale.standard().factor() * 0.3).build();
    ScoreOutcome.Scored s = (ScoreOutcome.Scored) bank.combine(own, List.of(remote));
    double z = own.logOdds() + 0.3;
    Scorecard.Scale scale = Scorecard.Scale.standard();
    assertEquals(scale.offset() - scale.factor() * z, s.score(), 1e-9);
    assertEquals(1 / (1 + Math.exp(-z)), s.probabilityOfDefault(), 1e-15);
  }

  @Test
  void anUnknownEnterpriseIsATypedOutcomeNamingTheDataNode() {
    List<ServingModel> pair = ServingFixtures.scorecardPair("m", 1, FED);
    BankScoring bank = new BankScoring(pair.get(0), CutOff.minScore(0), 2);
    ScoreOutcome o = bank.combine(bank.evaluateBank(bank.bankValues(
        ServingFixtures.bankApplicant(1))), List.of(PartialResult.newBuilder().build()));
    assertEquals(new ScoreOutcome.EnterpriseUnknown("platform"), o);
  }

  @Test
  void answersForAnotherModelOrSchemaAreMismatches() {
    List<ServingModel> pair = ServingFixtures.scorecardPair("m", 1, FED);
    BankScoring bank = new BankScoring(pair.get(0), CutOff.minScore(0), 2);
    PartialScoreResponse ok = PartialScoreResponse.newBuilder().setModelId("m").setModelVersion(1)
        .setSchemaFingerprint(pair.get(1).self().fingerprint())
        .addResults(PartialResult.newBuilder().setKnown(true)).build();
    assertNull(bank.mismatch(0, ok, 1));
    assertNotNull(bank.mismatch(0, ok.toBuilder().setModelVersion(2).build(), 1));
    String schema = bank.mismatch(0, ok.toBuilder().setSchemaFingerprint(7).build(), 1);
    assertTrue(schema.contains("another schema"), schema);
    assertNotNull(bank.mismatch(0, ok, 2));
    assertNotNull(bank.mismatch(0, ok.toBuilder().setResults(0, PartialResult.newBuilder()
        .setKnown(true).addReasonFeatures(3).addReasonPoints(1)).build(), 1));
  }

  @Test
  void aMissingBankFeatureIsNamed() {
    BankScoring bank = new BankScoring(ServingFixtures.scorecardPair("m", 1, FED).get(0),
        CutOff.minScore(0), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bank.bankValues(Map.of("b1", 1.0)));
    assertTrue(e.getMessage().contains("bank feature 'b2' is missing"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> bank.bankValues(Map.of("b1", 1.0, "b2", Double.NaN)));
    assertThrows(IllegalArgumentException.class, () -> new BankScoring(
        ServingFixtures.scorecardPair("m", 1, FED).get(1), CutOff.minScore(0), 2));
    assertThrows(IllegalArgumentException.class, () -> CutOff.maxProbabilityOfDefault(1.5));
  }
}
