package io.fedcredit.core.strategy;

import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.privacy.ClientDpInstruction;
import java.util.Objects;
import java.util.Optional;

/**
 * One participant's instruction for a fit round: who trains, how, and, under differential
 * privacy, how to clip (and noise) the delta before sending it.
 */
public record FitInstruction(String participantId, TrainingConfig config,
    Optional<ClientDpInstruction> dp) {
  public FitInstruction {
    Objects.requireNonNull(participantId, "participantId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dp, "dp");
  }

  /** An instruction without differential privacy. */
  public FitInstruction(String participantId, TrainingConfig config) {
    this(participantId, config, Optional.empty());
  }

  /** The same instruction with a DP instruction for the participant. */
  public FitInstruction withDp(ClientDpInstruction instruction) {
    return new FitInstruction(participantId, config, Optional.of(instruction));
  }
}
