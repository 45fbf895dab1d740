package io.fedcredit.client;

import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.Predictor;
import io.fedcredit.core.tree.BoostedTrees;
import java.util.List;
import java.util.Optional;

/**
 * What a finished job leaves with the bank.
 *
 * @param model the final global model of a linear job; null after a horizontal boosting job
 * @param roundsTrained fit rounds in which this client trained and delivered an update (in a
 *     boosting job: the secure sums to which it sent a masked vector)
 * @param finishReason the coordinator's reason for ending the job
 * @param personalModel the bank's personal model when the client was built with a
 *     {@link Personalization}, else null (see {@link #personal()})
 * @param boostedTrees the trees a horizontal boosting job grew (the same at every bank), or null
 *     after a linear job
 */
public record FederationResult(GlobalModel model, List<Long> roundsTrained, String finishReason,
    Personalization.PersonalModel personalModel, BoostedTrees boostedTrees) {
  public FederationResult {
    roundsTrained = List.copyOf(roundsTrained);
    if ((model == null) == (boostedTrees == null)) {
      throw new IllegalArgumentException("a result holds a global model or boosted trees");
    }
  }

  /** A linear job's result, with a personal model or null. */
  public FederationResult(GlobalModel model, List<Long> roundsTrained, String finishReason,
      Personalization.PersonalModel personalModel) {
    this(model, roundsTrained, finishReason, personalModel, null);
  }

  /** A horizontal boosting job's result. */
  public static FederationResult boosted(BoostedTrees trees, List<Long> roundsTrained,
      String finishReason) {
    return new FederationResult(null, roundsTrained, finishReason, null, trees);
  }

  /** A result without a personal model. */
  public FederationResult(GlobalModel model, List<Long> roundsTrained, String finishReason) {
    this(model, roundsTrained, finishReason, null);
  }

  /** The bank's personal model, if the client personalized. */
  public Optional<Personalization.PersonalModel> personal() {
    return Optional.ofNullable(personalModel);
  }

  /**
   * A predictor for raw tables with the model's features.
   *
   * @throws IllegalStateException after a boosting job (use {@link #boostedTrees()})
   */
  public Predictor predictor() {
    if (model == null) {
      throw new IllegalStateException("a horizontal boosting job leaves boosted trees, not a "
          + "linear model: score with boostedTrees().predict(table)");
    }
    return Predictor.of(model);
  }
}
