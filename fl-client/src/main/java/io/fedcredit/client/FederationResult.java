package io.fedcredit.client;

import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.Predictor;
import java.util.List;
import java.util.Optional;

/**
 * What a finished job leaves with the bank.
 *
 * @param model the final global model
 * @param roundsTrained fit rounds in which this client trained and delivered an update
 * @param finishReason the coordinator's reason for ending the job
 * @param personalModel the bank's personal model when the client was built with a
 *     {@link Personalization}, else null (see {@link #personal()})
 */
public record FederationResult(GlobalModel model, List<Long> roundsTrained, String finishReason,
    Personalization.PersonalModel personalModel) {
  public FederationResult {
    roundsTrained = List.copyOf(roundsTrained);
  }

  /** A result without a personal model. */
  public FederationResult(GlobalModel model, List<Long> roundsTrained, String finishReason) {
    this(model, roundsTrained, finishReason, null);
  }

  /** The bank's personal model, if the client personalized. */
  public Optional<Personalization.PersonalModel> personal() {
    return Optional.ofNullable(personalModel);
  }

  /** A predictor for raw tables with the model's features. */
  public Predictor predictor() {
    return Predictor.of(model);
  }
}
