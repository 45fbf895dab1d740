package io.fedcredit.client;

import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.Predictor;
import java.util.List;

/**
 * What a finished job leaves with the bank.
 *
 * @param model the final global model
 * @param roundsTrained fit rounds in which this client trained and delivered an update
 * @param finishReason the coordinator's reason for ending the job
 */
public record FederationResult(GlobalModel model, List<Long> roundsTrained, String finishReason) {
  public FederationResult {
    roundsTrained = List.copyOf(roundsTrained);
  }

  /** A predictor for raw tables with the model's features. */
  public Predictor predictor() {
    return Predictor.of(model);
  }
}
