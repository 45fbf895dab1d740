package io.fedcredit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.horizontal.HorizontalBoosting;
import io.fedcredit.core.horizontal.SecAggSum;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.tree.GradientBoosting;
import io.fedcredit.examples.HorizontalSimulation.Result;
import io.fedcredit.examples.HorizontalSimulation.RoundMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/fl simulate horizontal --model gbdt}: horizontal histogram boosting ({@link
 * HorizontalBoosting}) with every bank's vectors securely aggregated (fl-crypto's secure
 * aggregation, every party's state machine in this process, no sockets), compared with the same
 * boosting on the pooled rows and on each bank alone, all scored on the test table. The report
 * has the fields of the linear models' ({@link SimulationReport}), plus the feature importance.
 */
final class GbdtSimulation {
  private GbdtSimulation() {}

  /** What to simulate. */
  record Config(String jobId, Map<String, FeatureTable> banks, Map<String, FeatureTable> bankTests,
      FeatureTable test, BoostingConfig boosting) {}

  /**
   * Runs, prints like {@link Runner}, writes the report and plots; returns the result.
   *
   * @param serving when not null, exports the model for online scoring there, whole, signed by
   *     the first bank ({@link SimulationServing#wholeTrees})
   */
  static Result run(Config cfg, Path report, Path plots, Path serving, PrintStream out)
      throws Exception {
    out.printf(Locale.ROOT, "%d banks (%s), gbdt model, %d trees of depth %d, test rows %d%n",
        cfg.banks().size(), Runner.describeBanks(cfg.banks()), cfg.boosting().trees(),
        cfg.boosting().maxDepth(), cfg.test().rows());
    SimulationReport.printRoundHeader(out, cfg.bankTests().keySet());
    List<String> features = cfg.banks().values().iterator().next().schema().featureNames();
    FeatureTable test = cfg.test().withFeatures(features);
    double[] y = test.labels();
    List<RoundMetrics> rounds = new ArrayList<>();
    SecAggSum sum = new SecAggSum(cfg.jobId(), new SecureRandom());
    long started = System.nanoTime();
    long[] treeStart = {started};
    HorizontalBoosting.Result fed = HorizontalBoosting.train(cfg.banks(), cfg.boosting(), sum,
        null, model -> {
          long now = System.nanoTime();
          Map<String, Double> perBank = new LinkedHashMap<>();
          cfg.bankTests().forEach((bank, t) -> perBank.put(bank,
              BinaryMetrics.auc(model.predict(t), t.labels())));
          RoundMetrics m = new RoundMetrics(model.trees().size(),
              BinaryMetrics.evaluate(model.predict(test), y), null, Double.NaN,
              (now - treeStart[0]) / 1_000_000, perBank);
          treeStart[0] = now;
          rounds.add(m);
          SimulationReport.printRound(out, m);
        });
    long federatedMillis = (System.nanoTime() - started) / 1_000_000;
    BoostedTrees model = fed.model();
    double[] fedScores = model.predict(test);

    FeatureTable pooled = FeatureTable.concat(List.copyOf(cfg.banks().values()));
    BoostedTrees central = GradientBoosting.train(pooled, cfg.boosting());
    double[] centralScores = central.predict(test);
    Map<String, EvaluationMetrics> local = new LinkedHashMap<>();
    Map<String, BoostedTrees> alone = new LinkedHashMap<>();
    cfg.banks().forEach((bank, t) -> {
      BoostedTrees m = GradientBoosting.train(t, cfg.boosting());
      alone.put(bank, m);
      local.put(bank, BinaryMetrics.evaluate(m.predict(test), y));
    });
    Map<String, Map<String, Double>> bankAuc = new LinkedHashMap<>();
    cfg.bankTests().forEach((bank, t) -> {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("federated", BinaryMetrics.auc(model.predict(t), t.labels()));
      m.put("centralized", BinaryMetrics.auc(central.predict(t), t.labels()));
      BoostedTrees own = alone.get(bank);
      if (own != null) {
        m.put("local", BinaryMetrics.auc(own.predict(t), t.labels()));
      }
      bankAuc.put(bank, m);
    });
    Result r = new Result(rounds, BinaryMetrics.evaluate(fedScores, y),
        BinaryMetrics.evaluate(centralScores, y), local, bankAuc, null, fedScores,
        centralScores, federatedMillis, List.of());
    out.println();
    SimulationReport.printComparison(out, r);
    model.importance().forEach((f, imp) -> {
      if (imp.splits() > 0) {
        out.printf(Locale.ROOT, "  importance %-20s splits %4d gain %10.3f%n", f, imp.splits(),
            imp.gain());
      }
    });
    out.printf(Locale.ROOT, "secure aggregation: %d rounds, %d values summed%n", sum.rounds(),
        sum.values());
    if (report != null) {
      SimulationReport.write(toJson(cfg, r, model, sum), report);
      out.println("report: " + report);
    }
    if (plots != null) {
      Runner.writePlots(test, cfg.bankTests().keySet(), r, plots);
      out.println("plots: " + plots.resolve("roc.png") + ", " + plots.resolve("auc-per-round.png"));
    }
    if (serving != null) {
      String bank = cfg.banks().keySet().iterator().next();
      Path file = SimulationServing.wholeTrees(bank, model, cfg.jobId(), serving,
          Map.of("test_auc", r.federated().auc()));
      SimulationServing.commands(out, serving, bank, List.of(file), Map.of(), test, features);
    }
    out.printf(Locale.ROOT, "final auc=%.4f ks=%.4f%n", r.federated().auc(), r.federated().ks());
    return r;
  }

  /** The report: the fields of {@link SimulationReport#toJson}, a round per tree. */
  static ObjectNode toJson(Config config, Result r, BoostedTrees model, SecAggSum sum) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    ObjectNode cfg = root.putObject("config");
    BoostingConfig b = config.boosting();
    cfg.put("job", config.jobId());
    cfg.put("model", "gbdt");
    cfg.putArray("hidden_layers");
    cfg.put("rounds", b.trees());
    cfg.put("max_depth", b.maxDepth());
    cfg.put("learning_rate", b.learningRate());
    cfg.put("l2", b.l2());
    cfg.put("min_child_samples", b.minChildSamples());
    cfg.put("row_sample", b.rowSample());
    cfg.put("feature_sample", b.featureSample());
    cfg.put("bins", b.maxBins());
    cfg.put("seed", b.seed());
    ObjectNode rows = cfg.putObject("bank_rows");
    config.banks().forEach((k, v) -> rows.put(k, v.rows()));
    cfg.put("test_rows", config.test().rows());
    cfg.put("aggregation", "secure aggregation of bin counts and gradient histograms");
    cfg.put("secure_rounds", sum.rounds());
    SimulationReport.metrics(root.putObject("final"), r.federated());
    root.put("federated_millis", r.federatedMillis());
    ArrayNode rounds = root.putArray("rounds");
    for (RoundMetrics m : r.rounds()) {
      ObjectNode o = rounds.addObject();
      o.put("round", m.round());
      SimulationReport.metrics(o, m.test());
      o.put("millis", m.millis());
      if (!m.bankAuc().isEmpty()) {
        ObjectNode bank = o.putObject("bank_auc");
        m.bankAuc().forEach(bank::put);
      }
    }
    ObjectNode baselines = root.putObject("baselines");
    SimulationReport.metrics(baselines.putObject("centralized"), r.centralized());
    ObjectNode local = baselines.putObject("local");
    r.local().forEach((bank, m) -> SimulationReport.metrics(local.putObject(bank), m));
    if (!r.bankAuc().isEmpty()) {
      ObjectNode banks = root.putObject("banks");
      r.bankAuc().forEach((bank, m) -> {
        ObjectNode o = banks.putObject(bank);
        m.forEach((k, v) -> o.put(k + "_auc", v));
      });
    }
    SimulationReport.importance(root.putObject("importance"), model.importance());
    return root;
  }
}
