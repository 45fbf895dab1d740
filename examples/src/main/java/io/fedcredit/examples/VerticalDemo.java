package io.fedcredit.examples;

import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.SyntheticCreditData;
import io.fedcredit.core.data.VerticalLayout;
import io.fedcredit.core.vertical.HeteroLrConfig;
import io.fedcredit.core.vertical.ModelHalf;
import io.fedcredit.core.vertical.VerticalGuest;
import io.fedcredit.core.vertical.VerticalHost;
import io.fedcredit.core.vertical.VerticalJobConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The vertical part of {@code bin/fl demo}: a synthetic bank of 2,000 borrowers, 80% of them
 * known to the platform's data node (which holds 600 more), run PSI, federated WOE binning and
 * two epochs of hetero LR through a coordinator over gRPC on loopback, then print the scorecard
 * (points per bin of the strongest features on both sides, base score) and the reason codes of
 * one applicant; finally export the model, serve it and score applicants online
 * ({@link ServingDemo}).
 */
final class VerticalDemo {
  private VerticalDemo() {}

  static void run(long seed, Path out, PrintStream log) throws Exception {
    SyntheticCreditData.VerticalSplit split = SyntheticCreditData.builder().seed(seed)
        .verticalLayout(VerticalLayout.of(2_000, 0.8, 600, 0)).build().vertical();
    FeatureTable bank = split.bankTrain();
    FeatureTable platform = split.platform();
    log.printf(Locale.ROOT, "%nVertical: bank (guest) %d borrowers x %d features with labels; "
        + "platform (host) %d enterprises x %d features; %d in common (the PSI must find them)%n",
        bank.rows(), bank.numFeatures(), platform.rows(), platform.numFeatures(),
        split.trainingIntersection().size());
    HeteroLrConfig d = HeteroLrConfig.defaults(seed);
    HeteroLrConfig lr = new HeteroLrConfig(2, 256, 0.3, d.decay(), d.l2(), d.tolerance(), seed,
        d.featureBits(), d.residualBits(), d.maskBits(), 256);
    VerticalJobConfig cfg = new VerticalJobConfig("demo-vertical", "bank", List.of("platform"),
        lr, true, 6, 0.02, 0.2, Scorecard.Scale.standard());
    VerticalSimulation.Result r = VerticalSimulation.run(cfg, bank,
        Map.of("platform", platform), out.resolve("vertical"), log);
    VerticalGuest.Outcome g = r.guest();
    log.printf(Locale.ROOT, "intersection %d; AUC train %.4f, test %.4f (same algorithm on "
        + "joined plaintext: %.4f); model halves in %s%n", g.intersectionSize(), g.trainAuc(),
        g.testAuc(), r.plaintextAuc(), out.resolve("vertical"));

    VerticalHost.Outcome h = r.hosts().get("platform");
    Scorecard sc = g.scorecard();
    log.printf(Locale.ROOT, "%nScorecard: %.0f points at odds %.0f:1, %.0f points to double the "
        + "odds (points per bin; the host's bins are printed with its own cut points, which only "
        + "it holds)%n", sc.scale().baseScore(), sc.scale().baseOdds(), sc.scale().pdo());
    printTop(log, "bank", g.half(), g.informationValues(), "");
    printTop(log, "platform", h.half(), g.informationValues(), "platform/");

    // reason codes of the applicant with the lowest score among the first 200 common rows
    Map<String, Integer> hostRow = new HashMap<>();
    for (int i = 0; i < platform.rows(); i++) {
      hostRow.put(platform.id(i), i);
    }
    String worst = null;
    double worstScore = Double.POSITIVE_INFINITY;
    Map<String, Double> worstValues = null;
    int seen = 0;
    for (int i = 0; i < bank.rows() && seen < 200; i++) {
      Integer j = hostRow.get(bank.id(i));
      if (j == null) {
        continue;
      }
      seen++;
      Map<String, Double> values = new LinkedHashMap<>();
      for (ModelHalf.Feature f : g.half().features()) {
        values.put(f.name(), bank.value(i, bank.schema().indexOf(f.name())));
      }
      for (ModelHalf.Feature f : h.half().features()) {
        double v = platform.value(j, platform.schema().indexOf(f.name()));
        values.put("platform/" + f.name(), (double) binOf(f, v));
      }
      double s = sc.score(values);
      if (s < worstScore) {
        worstScore = s;
        worst = bank.id(i);
        worstValues = values;
      }
    }
    if (worst != null) {
      log.printf(Locale.ROOT, "%nApplicant %s: score %.0f (probability of default %.3f); reason "
          + "codes:%n", worst, worstScore, sc.probabilityOfDefault(worstScore));
      for (Scorecard.ReasonCode rc : sc.reasons(worstValues, 3)) {
        String bin = rc.bin();
        if (rc.feature().startsWith("platform/")) {
          // the guest knows the host's bins by index only; the host labels its own bin
          String f = rc.feature().substring("platform/".length());
          int index = (int) Math.round(worstValues.get(rc.feature()));
          bin = h.half().features().stream().filter(x -> x.name().equals(f)).findFirst()
              .orElseThrow().bins().get(index).label();
        }
        log.printf(Locale.ROOT, "  %-28s bin %-22s %6.1f points, %5.1f below its best bin%n",
            rc.feature(), bin, rc.points(), rc.pointsBelowBest());
      }
    }
    ServingDemo.run(g, h, platform, bank, out.resolve("vertical"), log);
  }

  private static void printTop(PrintStream log, String party, ModelHalf half,
      Map<String, Double> iv, String prefix) {
    List<ModelHalf.Feature> top = half.features().stream()
        .sorted((a, b) -> Double.compare(iv.getOrDefault(prefix + b.name(), 0.0),
            iv.getOrDefault(prefix + a.name(), 0.0)))
        .limit(3).toList();
    for (ModelHalf.Feature f : top) {
      log.printf(Locale.ROOT, "  %s / %s (IV %.3f)%n", party, f.name(),
          iv.getOrDefault(prefix + f.name(), Double.NaN));
      for (ModelHalf.Bin b : f.bins()) {
        log.printf(Locale.ROOT, "      %-26s WOE %7.3f  %6.1f points%n", b.label(), b.woe(),
            b.points());
      }
    }
  }

  private static int binOf(ModelHalf.Feature f, double v) {
    for (ModelHalf.Bin b : f.bins()) {
      if (b.upper() == null || v <= b.upper()) {
        return b.index();
      }
    }
    return f.bins().size() - 1;
  }
}
