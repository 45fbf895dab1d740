package io.fedcredit.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.testing.SharedData;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The acceptance figures on FATE's public credit data (three banks, IID), through the whole
 * machinery: coordinator and clients over gRPC on loopback. scikit-learn's logistic regression
 * on the pooled rows reaches AUC 0.7297 on {@code default_credit_homo_test}. Skips when
 * {@code ../shared/data} is absent.
 */
class DefaultCreditFederationTest {

  private static HorizontalSimulation.Result simulate(ModelSpec.Kind kind) throws Exception {
    CsvTableReader reader = new CsvTableReader(CsvOptions.labelled("y"));
    Map<String, FeatureTable> banks = new LinkedHashMap<>();
    banks.put("bankA", reader.read(SharedData.file(SharedData.DEFAULT_CREDIT_HOMO_GUEST)));
    banks.put("bankB", reader.read(SharedData.file("default_credit_homo_host_1.csv")));
    banks.put("bankC", reader.read(SharedData.file("default_credit_homo_host_2.csv")));
    FeatureTable test = reader.read(SharedData.file(SharedData.DEFAULT_CREDIT_HOMO_TEST));
    int d = banks.get("bankA").numFeatures();
    HorizontalSimulation.Config cfg = new HorizontalSimulation.Config("default-credit", banks,
        Map.of(), test, Models.defaultSpec(kind, d, 42), 20, Models.defaultTraining(kind, 42), 42,
        false, null, null);
    return new HorizontalSimulation(cfg, m -> { }).run();
  }

  @Test
  @Timeout(300)
  void federatedLogisticRegressionAndMlpReachThePooledReference() throws Exception {
    double logreg = simulate(ModelSpec.Kind.LOGREG).federated().auc();
    assertTrue(logreg >= 0.727, "federated logistic regression AUC " + logreg);
    double mlp = simulate(ModelSpec.Kind.MLP).federated().auc();
    assertTrue(mlp >= logreg - 0.01, "federated MLP AUC " + mlp + " vs logreg " + logreg);
  }
}
