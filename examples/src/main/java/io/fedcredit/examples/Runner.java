package io.fedcredit.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedcredit.examples.HorizontalSimulation.Result;
import io.fedcredit.examples.HorizontalSimulation.RoundMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Runs a simulation and prints, plots and reports it; shared by {@code demo} and {@code simulate}. */
final class Runner {
  private Runner() {}

  static Result run(HorizontalSimulation.Config cfg, Path report, Path plots, PrintStream out)
      throws Exception {
    out.printf(Locale.ROOT, "%d banks (%s), %s model, %d rounds, test rows %d%n",
        cfg.banks().size(), describeBanks(cfg.banks()), cfg.spec().kind().wireName(), cfg.rounds(),
        cfg.test().rows());
    SimulationReport.printRoundHeader(out, cfg.bankTests().keySet());
    Result r = new HorizontalSimulation(cfg, m -> SimulationReport.printRound(out, m)).run();
    out.println();
    SimulationReport.printComparison(out, r);
    ObjectNode json = SimulationReport.toJson(cfg, r);
    if (report != null) {
      SimulationReport.write(json, report);
      out.println("report: " + report);
    }
    if (plots != null) {
      writePlots(cfg.test(), cfg.bankTests().keySet(), r, plots);
      out.println("plots: " + plots.resolve("roc.png") + ", " + plots.resolve("auc-per-round.png"));
    }
    if (!r.privacy().isEmpty()) {
      var last = r.privacy().get(r.privacy().size() - 1);
      out.printf(Locale.ROOT, "privacy: %s after %d rounds (noise multiplier %.3f, clip %.3g)%n",
          last.spent(), r.privacy().size(), last.noiseMultiplier(), last.clipNorm());
    }
    out.printf(Locale.ROOT, "final auc=%.4f ks=%.4f%n", r.federated().auc(), r.federated().ks());
    return r;
  }

  static String describeBanks(Map<String, io.fedcredit.core.data.FeatureTable> banks) {
    StringBuilder sb = new StringBuilder();
    banks.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(": ")
        .append(v.rows()).append(" rows"));
    return sb.toString();
  }

  static void writePlots(io.fedcredit.core.data.FeatureTable test,
      java.util.Set<String> bankTests, Result r, Path dir) throws Exception {
    double[] y = test.labels();
    Map<String, double[]> curves = new LinkedHashMap<>();
    curves.put(String.format(Locale.ROOT, "federated (AUC %.3f)", r.federated().auc()),
        r.testScoresFederated());
    curves.put(String.format(Locale.ROOT, "centralized (AUC %.3f)", r.centralized().auc()),
        r.testScoresCentralized());
    Charts.writeRoc(dir.resolve("roc.png"), "ROC on the test rows", y, curves);

    int n = r.rounds().size();
    double[] rounds = new double[n];
    double[] auc = new double[n];
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("federated, pooled test", auc);
    Map<String, double[]> bankSeries = new LinkedHashMap<>();
    for (String bank : bankTests) {
      bankSeries.put(bank, new double[n]);
    }
    for (int i = 0; i < n; i++) {
      RoundMetrics m = r.rounds().get(i);
      rounds[i] = m.round();
      auc[i] = m.test().auc();
      for (Map.Entry<String, double[]> b : bankSeries.entrySet()) {
        b.getValue()[i] = m.bankAuc().getOrDefault(b.getKey(), Double.NaN);
      }
    }
    bankSeries.forEach((bank, v) -> series.put("federated on " + bank + "'s rows", v));
    Map<String, Double> consts = new LinkedHashMap<>();
    consts.put("centralized, pooled test", r.centralized().auc());
    r.local().forEach((bank, m) -> consts.put(bank + " alone, pooled test", m.auc()));
    Charts.writePerRound(dir.resolve("auc-per-round.png"), "Test AUC per round", "AUC", rounds,
        series, consts);
  }
}
