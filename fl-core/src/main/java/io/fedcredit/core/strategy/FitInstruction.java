package io.fedcredit.core.strategy;

import io.fedcredit.core.model.TrainingConfig;
import java.util.Objects;

/** One participant's instruction for a fit round: who trains, and how. */
public record FitInstruction(String participantId, TrainingConfig config) {
  public FitInstruction {
    Objects.requireNonNull(participantId, "participantId");
    Objects.requireNonNull(config, "config");
  }
}
