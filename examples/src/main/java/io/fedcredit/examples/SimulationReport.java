package io.fedcredit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedcredit.core.metrics.EvaluationMetrics;
import io.fedcredit.core.privacy.PrivacyReport;
import io.fedcredit.core.tree.FeatureImportance;
import io.fedcredit.examples.HorizontalSimulation.Result;
import io.fedcredit.examples.HorizontalSimulation.RoundMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON report and the console tables of a horizontal simulation. */
final class SimulationReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SimulationReport() {}

  /**
   * The report: {@code final.{auc,ks,gini,log_loss}}, {@code rounds[]},
   * {@code baselines.centralized.*}, {@code baselines.local.<bank>.*} and, with per-bank test
   * tables, {@code banks.<bank>.{federated,centralized,local}} AUCs.
   */
  static ObjectNode toJson(HorizontalSimulation.Config config, Result r) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode cfg = root.putObject("config");
    cfg.put("job", config.jobId());
    cfg.put("model", config.spec().kind().wireName());
    ArrayNode hidden = cfg.putArray("hidden_layers");
    config.spec().hiddenLayers().forEach(hidden::add);
    cfg.put("rounds", config.rounds());
    cfg.put("local_epochs", config.training().localEpochs());
    cfg.put("batch_size", config.training().batchSize());
    cfg.put("learning_rate", config.training().learningRate());
    cfg.put("optimizer", config.training().optimizer().wireName());
    cfg.put("seed", config.seed());
    ObjectNode rows = cfg.putObject("bank_rows");
    config.banks().forEach((k, v) -> rows.put(k, v.rows()));
    cfg.put("test_rows", config.test().rows());
    cfg.put("aggregation", r.model().provenance().privacy());
    if (config.robust() != null) {
      cfg.put("robust_aggregation", config.robust().describe());
    }
    if (config.attack() != null) {
      cfg.put("attack", config.attack().describe());
    }

    metrics(root.putObject("final"), r.federated());
    if (!r.privacy().isEmpty()) {
      PrivacyReport last = r.privacy().get(r.privacy().size() - 1);
      ObjectNode p = root.putObject("privacy");
      p.put("epsilon", last.spent().epsilon());
      p.put("delta", last.spent().delta());
      p.put("noise_multiplier", last.noiseMultiplier());
      p.put("clip_norm", last.clipNorm());
      p.put("rounds_charged", r.privacy().size());
      ArrayNode eps = p.putArray("epsilon_per_round");
      r.privacy().forEach(x -> eps.add(x.spent().epsilon()));
    }
    root.put("federated_millis", r.federatedMillis());
    ArrayNode rounds = root.putArray("rounds");
    for (RoundMetrics m : r.rounds()) {
      ObjectNode o = rounds.addObject();
      o.put("round", m.round());
      metrics(o, m.test());
      if (m.federatedEvaluation() != null) {
        o.put("federated_eval_auc", m.federatedEvaluation().auc());
        o.put("federated_eval_ks", m.federatedEvaluation().ks());
      }
      if (!Double.isNaN(m.trainLoss())) {
        o.put("train_loss", m.trainLoss());
      }
      o.put("millis", m.millis());
      if (!m.bankAuc().isEmpty()) {
        ObjectNode b = o.putObject("bank_auc");
        m.bankAuc().forEach(b::put);
      }
    }
    ObjectNode baselines = root.putObject("baselines");
    metrics(baselines.putObject("centralized"), r.centralized());
    ObjectNode local = baselines.putObject("local");
    r.local().forEach((bank, m) -> metrics(local.putObject(bank), m));
    if (!r.bankAuc().isEmpty()) {
      ObjectNode banks = root.putObject("banks");
      r.bankAuc().forEach((bank, m) -> {
        ObjectNode b = banks.putObject(bank);
        m.forEach((k, v) -> b.put(k + "_auc", v));
      });
      // each bank's own test rows: global.<bank>.auc, local.<bank>.auc, personalized.<bank>.auc
      for (String[] name : new String[][] {{"global", "federated"}, {"local", "local"},
          {"personalized", "personalized"}}) {
        ObjectNode byBank = JSON.createObjectNode();
        r.bankAuc().forEach((bank, m) -> {
          Double v = m.get(name[1]);
          if (v != null) {
            byBank.putObject(bank).put("auc", v);
          }
        });
        if (!byBank.isEmpty()) {
          root.set(name[0], byBank);
        }
      }
      if (config.personalize() != null) {
        root.put("personalization", config.personalize());
      }
    }
    if (config.serverOptimizer() != null) {
      cfg.put("server_optimizer", config.serverOptimizer().kind().name().toLowerCase(Locale.ROOT));
      cfg.put("server_learning_rate", config.serverOptimizer().learningRate());
    }
    return root;
  }

  static void metrics(ObjectNode o, EvaluationMetrics m) {
    o.put("auc", m.auc());
    o.put("ks", m.ks());
    o.put("gini", m.gini());
    o.put("log_loss", m.logLoss());
    o.put("examples", m.examples());
  }

  /** Split count and gain per feature: {@code {feature: {splits, gain}}}. */
  static void importance(ObjectNode o, Map<String, FeatureImportance> byFeature) {
    byFeature.forEach((f, imp) -> o.putObject(f).put("splits", imp.splits())
        .put("gain", imp.gain()));
  }

  static void write(ObjectNode report, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    JSON.writeValue(file.toFile(), report);
  }

  static void printRoundHeader(PrintStream out, Iterable<String> banks) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5s %10s %9s %9s %8s %8s",
        "round", "train loss", "fed-eval", "test AUC", "test KS", "seconds"));
    for (String b : banks) {
      sb.append(String.format(Locale.ROOT, " %12s", trim(b, 12)));
    }
    out.println(sb);
  }

  static void printRound(PrintStream out, RoundMetrics m) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5d %10s %9s %9.4f %8.4f %8.1f",
        m.round(), Double.isNaN(m.trainLoss()) ? "-" : String.format(Locale.ROOT, "%.4f",
            m.trainLoss()),
        m.federatedEvaluation() == null ? "-" : String.format(Locale.ROOT, "%.4f",
            m.federatedEvaluation().auc()),
        m.test().auc(), m.test().ks(), m.millis() / 1000.0));
    for (double auc : m.bankAuc().values()) {
      sb.append(String.format(Locale.ROOT, " %12.4f", auc));
    }
    out.println(sb);
  }

  /** Final comparison: one row per model, pooled test metrics and per-bank AUCs. */
  static void printComparison(PrintStream out, Result r) {
    Map<String, EvaluationMetrics> rows = new LinkedHashMap<>();
    rows.put("federated", r.federated());
    rows.put("centralized (pooled)", r.centralized());
    r.local().forEach((bank, m) -> rows.put(bank + " alone", m));
    boolean personalized = r.bankAuc().values().stream()
        .anyMatch(m -> m.containsKey("personalized"));
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-24s %9s %8s %8s %9s",
        "model", "test AUC", "KS", "Gini", "log-loss"));
    for (String bank : r.bankAuc().keySet()) {
      head.append(String.format(Locale.ROOT, " %14s", trim("AUC@" + bank, 14)));
    }
    out.println(head);
    for (Map.Entry<String, EvaluationMetrics> e : rows.entrySet()) {
      EvaluationMetrics m = e.getValue();
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
          "%-24s %9.4f %8.4f %8.4f %9.4f", trim(e.getKey(), 24), m.auc(), m.ks(), m.gini(),
          m.logLoss()));
      String key = e.getKey().startsWith("federated") ? "federated"
          : e.getKey().startsWith("centralized") ? "centralized" : null;
      for (Map.Entry<String, Map<String, Double>> bank : r.bankAuc().entrySet()) {
        Double v;
        if (key != null) {
          v = bank.getValue().get(key);
        } else {
          v = e.getKey().equals(bank.getKey() + " alone") ? bank.getValue().get("local") : null;
        }
        sb.append(v == null ? String.format(Locale.ROOT, " %14s", "")
            : String.format(Locale.ROOT, " %14.4f", v));
      }
      out.println(sb);
    }
    if (personalized) { // each bank's personal model, on its own rows only
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-24s %9s %8s %8s %9s",
          "personalized (own model)", "", "", "", ""));
      for (Map<String, Double> bank : r.bankAuc().values()) {
        Double v = bank.get("personalized");
        sb.append(v == null ? String.format(Locale.ROOT, " %14s", "")
            : String.format(Locale.ROOT, " %14.4f", v));
      }
      out.println(sb);
    }
  }

  private static String trim(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }
}
