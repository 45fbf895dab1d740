package io.fedcredit.core.vertical;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Vertical SecureBoost on all 30,000 aligned rows of default_credit_hetero: the first trees are
 * exactly the plaintext trainer's on the joined rows. Skipped when the shared data is absent.
 * Tagged slow (each tree encrypts 30,000 packed gradients, about a minute on two cores):
 * {@code ./mvnw -B verify -Pslow} runs it.
 */
@Tag("slow")
class SecureBoostSharedDataTest {

  @Test
  @Timeout(3600)
  void allRowsOfDefaultCreditHeteroGrowThePlaintextTrees() throws Exception {
    SecureBoostTest.keys();
    FeatureTable[] t = SecureBoostTest.defaultCreditHetero();
    SecureBoostTest.Result r = SecureBoostTest.trainBoth(t[0], Map.of("platform", t[1]),
        BoostingConfig.defaults().withTrees(3));
    assertTrue(r.hostSplits() > 0, "no host split");
    double auc = BinaryMetrics.auc(BoostedTrees.probabilities(r.guest().trainingScores()),
        t[0].labels());
    System.out.printf("default_credit_hetero, 3 federated trees: training AUC %.4f%n", auc);
  }
}
