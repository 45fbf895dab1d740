package io.fedcredit.core.horizontal;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs horizontal histogram boosting: every bank a {@link BoostingBank}, the coordinator a {@link
 * BoostingAggregator}, and every vector from the banks to the coordinator summed by a {@link
 * SecureSum}. Two rounds agree the bin edges; then one round per tree level carries the summed
 * histograms of the nodes asked for. Every bank ends with the same model.
 */
public final class HorizontalBoosting {
  private HorizontalBoosting() {}

  /** What a run produced. */
  public record Result(BoostedTrees model, List<BinEdges> edges, Map<String, BoostingBank> banks,
      int secureRounds) {}

  /**
   * Trains.
   *
   * @param banks each bank's labelled rows (same features in the same order)
   * @param edges bin edges agreed elsewhere (for comparisons), or null to agree them with {@link
   *     FederatedBinning}
   * @param onTree called after every tree with the model so far
   * @throws IllegalArgumentException when the banks' features differ
   */
  public static Result train(Map<String, FeatureTable> banks, BoostingConfig cfg, SecureSum sum,
      List<BinEdges> edges, Consumer<BoostedTrees> onTree) {
    List<String> features = banks.values().iterator().next().schema().featureNames();
    Map<String, BoostingBank> parties = new LinkedHashMap<>();
    for (Map.Entry<String, FeatureTable> e : banks.entrySet()) {
      if (!e.getValue().schema().featureNames().equals(features)) {
        throw new IllegalArgumentException(e.getKey() + " has features "
            + e.getValue().schema().featureNames() + ", the first bank " + features);
      }
      parties.put(e.getKey(), new BoostingBank(e.getKey(), e.getValue(), cfg));
    }
    BoostingAggregator aggregator = new BoostingAggregator(cfg, features);
    int rounds = 0;
    List<BinEdges> agreed;
    if (edges == null) {
      Map<String, long[]> coarse = new LinkedHashMap<>();
      parties.forEach((k, b) -> coarse.put(k, b.coarseCounts()));
      FederatedBinning.Ranges ranges = aggregator.ranges(sum.sum("binning ranges", coarse));
      Map<String, long[]> fine = new LinkedHashMap<>();
      parties.forEach((k, b) -> fine.put(k, b.fineCounts(ranges)));
      agreed = aggregator.edges(sum.sum("binning edges", fine));
      rounds += 2;
    } else {
      Map<String, long[]> labels = new LinkedHashMap<>();
      banks.forEach((k, t) -> labels.put(k, new long[] {t.rows(), t.positives()}));
      long[] pooled = sum.sum("label counts", labels);
      aggregator.useEdges(edges, pooled[0], pooled[1]);
      agreed = edges;
      rounds++;
    }
    for (BoostingBank b : parties.values()) {
      b.binning(agreed, aggregator.baseScore());
    }
    while (!aggregator.done()) {
      TreeInstruction in = aggregator.startTree();
      while (in.finished() == null) {
        Map<String, long[]> histograms = new LinkedHashMap<>();
        TreeInstruction current = in;
        parties.forEach((k, b) -> histograms.put(k, b.follow(current)));
        in = aggregator.accept(sum.sum("tree " + in.tree() + " histograms", histograms));
        rounds++;
      }
      for (BoostingBank b : parties.values()) {
        b.follow(in);
      }
      onTree.accept(aggregator.model());
    }
    return new Result(aggregator.model(), agreed, parties, rounds);
  }
}
