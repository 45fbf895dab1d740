package io.fedcredit.core.privacy;

import java.util.Map;
import java.util.Objects;

/**
 * The participant's side of client-level DP-FedAvg (McMahan et al., ICLR 2018): clip the model
 * delta to the L2 norm the coordinator chose, add this participant's share of the noise when the
 * noise is distributed, and compute the adaptive-clipping indicator (Andrew et al., NeurIPS
 * 2021). A pure function of its inputs and the noise source: no I/O, the delta is not modified.
 *
 * <p>The result goes into the update as is: its {@link ClientDpUpdate#delta()} as the values,
 * {@link ClientDpUpdate#NUM_EXAMPLES} as the weight, its {@link ClientDpUpdate#auxiliary()}
 * values next to the metrics, all aggregated (under secure aggregation: masked) with the update.
 */
public final class ClientDp {

  /**
   * Auxiliary value holding the adaptive-clipping indicator {@code b} (1 when the delta needed no
   * clipping, else 0), plus the participant's noise share in distributed mode. The coordinator
   * reads only its sum, through {@code FitResults.auxiliarySum(UNCLIPPED)}.
   */
  public static final String UNCLIPPED = "dp.unclipped";

  private ClientDp() {}

  /**
   * A participant's update after clipping (and noising).
   *
   * @param delta the clipped (and noised) delta to send; owned by the caller
   * @param auxiliary auxiliary scalars to send with it (empty unless adaptive clipping is on)
   * @param normBeforeClipping the L2 norm of the raw delta, for the participant's own logs only:
   *     never send it, it is not private
   */
  public record ClientDpUpdate(
      double[] delta, Map<String, Double> auxiliary, double normBeforeClipping) {

    /** The weight every update carries under DP: one per participant. */
    public static final long NUM_EXAMPLES = 1;

    /** Copies the auxiliary map; the delta array is taken as is. */
    public ClientDpUpdate {
      Objects.requireNonNull(delta, "delta");
      auxiliary = Map.copyOf(auxiliary);
    }
  }

  /**
   * Clips {@code delta} to {@code instruction.clipNorm()}, adds {@code N(0, noiseStddev^2)} to
   * each coordinate, and reports the indicator when asked.
   *
   * @param noise where the noise comes from: {@link GaussianNoise#secure()} in real use
   * @throws IllegalArgumentException when a delta value is NaN or infinite
   */
  public static ClientDpUpdate apply(
      double[] delta, ClientDpInstruction instruction, GaussianNoise noise) {
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(noise, "noise");
    L2Clipping.Clipped c = L2Clipping.clip(delta, instruction.clipNorm());
    double[] out = c.values();
    noise.addTo(out, instruction.noiseStddev());
    Map<String, Double> aux = Map.of();
    if (instruction.reportUnclipped()) {
      double b = c.unclipped() ? 1 : 0;
      aux = Map.of(UNCLIPPED, b + noise.sample(instruction.unclippedNoiseStddev()));
    }
    return new ClientDpUpdate(out, aux, c.norm());
  }
}
