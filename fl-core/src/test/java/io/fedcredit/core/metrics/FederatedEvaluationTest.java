package io.fedcredit.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FederatedEvaluationTest {

  @Test
  void pooledReportsMatchTheMetricsOfThePooledScores() {
    double[][] c = ScoreHistogramTest.creditLikeScores(12_000, 21);
    double[] p = c[0];
    double[] y = c[1];
    int[] cuts = {0, 3_000, 7_000, 12_000};
    List<PartyEvaluation> reports = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      reports.add(PartyEvaluation.of(Arrays.copyOfRange(p, cuts[k], cuts[k + 1]),
          Arrays.copyOfRange(y, cuts[k], cuts[k + 1])));
    }
    EvaluationMetrics pooled = FederatedEvaluation.combine(reports);
    EvaluationMetrics exact = BinaryMetrics.evaluate(p, y);
    ScoreHistogram whole = ScoreHistogram.of(p, y);

    assertEquals(exact.examples(), pooled.examples());
    assertEquals(exact.positives(), pooled.positives());
    assertEquals(whole.auc(), pooled.auc(), 0.0);
    assertEquals(whole.ks(), pooled.ks(), 0.0);
    assertEquals(2 * pooled.auc() - 1, pooled.gini(), 0.0);
    assertEquals(exact.auc(), pooled.auc(), 0.002);
    assertEquals(exact.ks(), pooled.ks(), 0.002);
    assertEquals(exact.logLoss(), pooled.logLoss(), 1e-12);
  }

  @Test
  void accumulatesPartyByParty() {
    FederatedEvaluation acc = new FederatedEvaluation();
    acc.add(PartyEvaluation.of(new double[] {0.2, 0.7}, new double[] {0, 1}))
        .add(ScoreHistogram.of(new double[] {0.4}, new double[] {0}),
            -Math.log1p(-0.4), 1);
    assertEquals(2, acc.parties());
    assertEquals(3, acc.examples());
    EvaluationMetrics m = acc.result();
    assertEquals(1.0, m.auc(), 0.0);
    assertEquals(
        BinaryMetrics.logLoss(new double[] {0.2, 0.7, 0.4}, new double[] {0, 1, 0}),
        m.logLoss(), 1e-15);
  }

  @Test
  void refusesInconsistentOrEmptyReports() {
    ScoreHistogram h = ScoreHistogram.of(new double[] {0.2, 0.7}, new double[] {0, 1});
    ScoreHistogramTest.assertMessage("examples is 3 but the histogram counts 2",
        () -> new PartyEvaluation(h, 1.0, 3));
    ScoreHistogramTest.assertMessage("logLossSum must be finite",
        () -> new PartyEvaluation(h, Double.NaN, 2));
    assertThrows(IllegalStateException.class, () -> new FederatedEvaluation().result());
    FederatedEvaluation acc = new FederatedEvaluation().add(h, 1.0, 2);
    ScoreHistogramTest.assertMessage("different bin counts",
        () -> acc.add(ScoreHistogram.empty(-12, 12, 10), 0.0, 0));
  }
}
