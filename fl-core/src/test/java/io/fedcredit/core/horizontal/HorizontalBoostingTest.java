package io.fedcredit.core.horizontal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.testing.SharedData;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.GradientBoosting;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Horizontal histogram boosting with secure aggregation: on the pooled rows' bins it grows
 * exactly the plaintext trainer's trees; with the federated bin edges it is as good as pooled
 * training on default_credit_homo.
 */
class HorizontalBoostingTest {

  private static Map<String, FeatureTable> deal(FeatureTable all, int banks) {
    Map<String, FeatureTable> out = new LinkedHashMap<>();
    for (int b = 0; b < banks; b++) {
      int bank = b;
      out.put("bank-" + b, all.select(IntStream.range(0, all.rows())
          .filter(i -> i % banks == bank).toArray()));
    }
    return out;
  }

  @Test
  @Timeout(300)
  void onThePooledBinsItGrowsThePlaintextTrees() {
    FeatureTable all = TestTables.logistic(1_500, 5, 0.3, 51, "h");
    Map<String, FeatureTable> banks = deal(all, 3);
    FeatureTable pooled = FeatureTable.concat(List.copyOf(banks.values()));
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(6).withMaxBins(16)
        .withSampling(1.0, 0.8, 4);
    List<BinEdges> edges = BinnedFeatures.quantileEdges(pooled, cfg.maxBins());
    SecAggSum sum = new SecAggSum("hboost-test", new SecureRandom());
    HorizontalBoosting.Result r = HorizontalBoosting.train(banks, cfg, sum, edges, t -> { });
    BoostedTrees plain = GradientBoosting.train(BinnedFeatures.of(pooled, edges),
        pooled.labels(), cfg, t -> { });
    assertEquals(plain, r.model());
    for (Map.Entry<String, BoostingBank> b : r.banks().entrySet()) {
      assertEquals(plain, b.getValue().model(), b.getKey());
      assertArrayEquals(plain.predictRaw(banks.get(b.getKey())), b.getValue().scores(), 1e-9);
    }
    // one round for the label counts, then one per level of each tree
    assertEquals(r.secureRounds(), sum.rounds());
    assertTrue(sum.rounds() > cfg.trees());
  }

  @Test
  void federatedEdgesAreWithinOneFineCellOfThePooledQuantiles() {
    FeatureTable all = TestTables.logistic(3_000, 4, 0.0, 52, "q");
    Map<String, FeatureTable> banks = deal(all, 3);
    BoostingAggregator agg = new BoostingAggregator(BoostingConfig.defaults(),
        all.schema().featureNames());
    long[] coarse = new long[FederatedBinning.coarseCounts(all).length];
    List<long[]> parts = new ArrayList<>();
    banks.values().forEach(t -> parts.add(FederatedBinning.coarseCounts(t)));
    parts.forEach(p -> IntStream.range(0, p.length).forEach(i -> coarse[i] += p[i]));
    FederatedBinning.Ranges ranges = agg.ranges(coarse);
    long[] fine = new long[all.numFeatures() * FederatedBinning.FINE_CELLS];
    banks.values().forEach(t -> {
      long[] f = FederatedBinning.fineCounts(t, ranges);
      IntStream.range(0, f.length).forEach(i -> fine[i] += f[i]);
    });
    List<BinEdges> fed = agg.edges(fine);
    List<BinEdges> exact = BinnedFeatures.quantileEdges(all, 32);
    for (int j = 0; j < exact.size(); j++) {
      double width = (ranges.upper()[j] - ranges.lower()[j]) / FederatedBinning.FINE_CELLS;
      double[] a = fed.get(j).cuts();
      double[] b = exact.get(j).cuts();
      assertEquals(b.length, a.length, "feature " + j);
      for (int k = 0; k < a.length; k++) {
        assertEquals(b[k], a[k], width + 1e-9, "feature " + j + " cut " + k);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> agg.edges(new long[3]));
  }

  /**
   * default_credit_homo, three banks, 100 trees of depth 3, rate 0.1, 32 bins: test AUC within
   * 0.005 of the same boosting on the pooled rows (scikit-learn, pooled: 0.7854).
   */
  @Test
  @Timeout(900)
  void defaultCreditHomoMatchesPooledTraining() throws Exception {
    CsvTableReader reader = new CsvTableReader(CsvOptions.labelled("y"));
    Map<String, FeatureTable> banks = SharedData.defaultCreditHomoBanks();
    FeatureTable test = reader.read(SharedData.file(SharedData.DEFAULT_CREDIT_HOMO_TEST));
    BoostingConfig cfg = BoostingConfig.defaults();
    long t0 = System.nanoTime();
    SecAggSum sum = new SecAggSum("homo", new SecureRandom());
    HorizontalBoosting.Result r = HorizontalBoosting.train(banks, cfg, sum, null, t -> { });
    double seconds = (System.nanoTime() - t0) / 1e9;
    FeatureTable pooled = FeatureTable.concat(List.copyOf(banks.values()));
    BoostedTrees plain = GradientBoosting.train(pooled, cfg);
    double fed = BinaryMetrics.auc(r.model().predict(test), test.labels());
    double ref = BinaryMetrics.auc(plain.predict(test), test.labels());
    System.out.printf("default_credit_homo: federated test AUC %.4f (%d secure rounds, %.1f s),"
        + " pooled plaintext %.4f, scikit-learn pooled 0.7854%n", fed, sum.rounds(), seconds,
        ref);
    assertEquals(ref, fed, 0.005, "federated " + fed + " vs pooled " + ref);
  }
}
