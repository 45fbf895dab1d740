package io.fedcredit.core.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.serving.PartialScoreEngine.Refusal;
import io.fedcredit.core.serving.PartialScoreEngine.RefusedException;
import io.fedcredit.core.testing.ServingFixtures;
import io.fedcredit.proto.PartialResult;
import io.fedcredit.proto.PartialScoreRequest;
import io.fedcredit.proto.PartialScoreResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PartialScoreEngineTest {
  static final String FED = "engine-fed";
  final List<ServingModel> woe = ServingFixtures.scorecardPair("m", 2, FED);
  final List<ServingModel> raw = ServingFixtures.rawPair("m-raw", 1, FED);

  PartialScoreEngine engine(FeatureTable t) {
    PartialScoreEngine e = new PartialScoreEngine(t, "fixture");
    e.addModel(woe.get(1));
    e.addModel(raw.get(1));
    return e;
  }

  static PartialScoreRequest request(String model, long version, int reasons, String... ids) {
    return PartialScoreRequest.newBuilder().setModelId(model).setModelVersion(version)
        .setMaxReasons(reasons).addAllEnterpriseIds(List.of(ids)).build();
  }

  @Test
  void answersEachIdFromItsOwnRowAndNeverAFeature() {
    FeatureTable t = ServingFixtures.platformTable(40, 0);
    PartialScoreEngine e = engine(t);
    PartialScoreResponse r = e.score(request("m", 2, 2, "e-3", "nobody", "e-17"),
        Optional.of(ServingFixtures.BANK));
    assertEquals(3, r.getResultsCount());
    assertFalse(r.getResults(1).getKnown());
    assertEquals(woe.get(1).self().fingerprint(), r.getSchemaFingerprint());
    for (int k : new int[] {0, 2}) {
      int row = k == 0 ? 3 : 17;
      LinearPart part = woe.get(1).linear();
      double[] v = new double[3];
      for (int j = 0; j < 3; j++) {
        v[j] = t.value(row, t.schema().indexOf(ServingFixtures.PLATFORM_FEATURES.get(j)));
      }
      LinearPart.Evaluation ev = part.evaluate(v, 2);
      PartialResult got = r.getResults(k);
      assertTrue(got.getKnown());
      assertEquals(ev.logOdds(), got.getLogOdds(), 0);
      assertEquals(ev.points(), got.getPoints(), 0);
      assertArrayEquals(ev.reasonFeatures(),
          got.getReasonFeaturesList().stream().mapToInt(Integer::intValue).toArray());
      assertTrue(got.getReasonPointsCount() <= 2);
      for (double lost : got.getReasonPointsList()) {
        assertTrue(lost > 0);
      }
    }
  }

  @Test
  void refusesAnUnknownVersionAStrangerAndOversizedRequests() {
    PartialScoreEngine e = engine(ServingFixtures.platformTable(10, 0));
    RefusedException v = assertThrows(RefusedException.class,
        () -> e.score(request("m", 3, 0, "e-1"), Optional.empty()));
    assertEquals(Refusal.MODEL_VERSION_UNKNOWN, v.refusal());
    assertTrue(v.getMessage().contains("serves 'm' version 2"), v.getMessage());
    RefusedException who = assertThrows(RefusedException.class,
        () -> e.score(request("m", 2, 0, "e-1"), Optional.of("bank-b")));
    assertEquals(Refusal.NOT_ALLOWED, who.refusal());
    String[] many = new String[PartialScoreEngine.MAX_IDS_PER_REQUEST + 1];
    java.util.Arrays.fill(many, "e-1");
    assertEquals(Refusal.TOO_LARGE, assertThrows(RefusedException.class,
        () -> e.score(request("m", 2, 0, many), Optional.empty())).refusal());
    assertEquals(Refusal.INVALID_REQUEST, assertThrows(RefusedException.class,
        () -> e.score(request("m", 2, 65, "e-1"), Optional.empty())).refusal());
    assertEquals(Refusal.INVALID_REQUEST, assertThrows(RefusedException.class,
        () -> e.score(request("m", 2, 0, ""), Optional.empty())).refusal());
  }

  @Test
  void aTableWithoutAModelsFeatureIsRefusedAndTheOldOneServes() {
    PartialScoreEngine e = engine(ServingFixtures.platformTable(10, 0));
    FeatureTable lacking = ServingFixtures.platformTable(10, 0).withFeatures(List.of("p1", "x",
        "p3"));
    ServingModelException x = assertThrows(ServingModelException.class,
        () -> e.refresh(lacking, "new.csv"));
    assertTrue(x.getMessage().contains("no column 'p2'"), x.getMessage());
    assertEquals(1, e.generation());
    assertTrue(e.score(request("m", 2, 0, "e-1"), Optional.empty()).getResults(0).getKnown());
    assertThrows(ServingModelException.class, () -> new PartialScoreEngine(lacking, "t")
        .addModel(woe.get(1)));
    assertThrows(ServingModelException.class, () -> e.addModel(woe.get(0)));
  }

  @Test
  void aRefreshSwapsTheWholeTableAtOnceUnderLoad() throws Exception {
    // generation g holds every value shifted by g: a request answered from a mix of two tables
    // would show partial scores of two shifts in one response
    PartialScoreEngine e = engine(ServingFixtures.platformTable(200, 1));
    LinearPart part = raw.get(1).linear();
    String[] ids = new String[200];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "e-" + i;
    }
    AtomicBoolean stop = new AtomicBoolean();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        PartialScoreResponse r = e.score(request("m-raw", 1, 0, ids), Optional.empty());
        long g = r.getFeaturesGeneration();
        seen.add(g);
        FeatureTable t = ServingFixtures.platformTable(200, g);
        for (int i = 0; i < ids.length; i++) {
          double[] v = new double[3];
          for (int j = 0; j < 3; j++) {
            v[j] = t.value(i, t.schema().indexOf(ServingFixtures.PLATFORM_FEATURES.get(j)));
          }
          if (part.evaluate(v, 0).logOdds() != r.getResults(i).getLogOdds()) {
            problems.add("generation " + g + " row " + i);
            return;
          }
        }
      }
    });
    reader.start();
    int g = 1;
    while (g < 30 || (seen.stream().distinct().count() < 3 && g < 5_000)) {
      g++;
      assertEquals(g, e.refresh(ServingFixtures.platformTable(200, g), "gen " + g));
      Thread.sleep(1);
    }
    stop.set(true);
    reader.join();
    assertEquals(List.of(), problems);
    assertTrue(seen.stream().distinct().count() >= 3, "the reader saw " + seen.size()
        + " answers from generations " + seen.stream().distinct().toList());
    assertEquals(g, e.generation());
  }
}
