package io.fedcredit.core.privacy;

/**
 * What a participant must do to its model delta in a differentially private round, as decided
 * by {@link DifferentialPrivacy#configureFit}. It holds no secret; it travels with the fit task.
 *
 * <p>Under DP every participant's update counts once: the participant reports
 * {@code numExamples = 1} (a uniform weight) instead of its row count, since a weight that
 * depends on the data would itself leak, and unbounded weights would void the sensitivity bound.
 *
 * @param clipNorm L2 bound {@code C} of the delta, positive and finite
 * @param noiseStddev standard deviation of the Gaussian noise the participant adds to each
 *     coordinate: its share of the total noise in distributed mode, 0 in central mode
 * @param reportUnclipped whether to send the adaptive-clipping indicator
 *     {@code b = 1 if ||delta|| <= C else 0} as the auxiliary value {@link ClientDp#UNCLIPPED}
 * @param unclippedNoiseStddev noise share added to {@code b} (distributed adaptive mode), else 0
 */
public record ClientDpInstruction(
    double clipNorm, double noiseStddev, boolean reportUnclipped, double unclippedNoiseStddev) {

  /**
   * @throws IllegalArgumentException when {@code clipNorm} is not positive and finite, a stddev is
   *     negative or infinite, or {@code unclippedNoiseStddev > 0} without {@code reportUnclipped}
   */
  public ClientDpInstruction {
    if (!(clipNorm > 0) || clipNorm == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("clipNorm must be positive and finite: " + clipNorm);
    }
    GeneratorNoise.checkStddev(noiseStddev);
    GeneratorNoise.checkStddev(unclippedNoiseStddev);
    if (!reportUnclipped && unclippedNoiseStddev != 0) {
      throw new IllegalArgumentException(
          "unclippedNoiseStddev must be 0 when the unclipped indicator is not reported");
    }
  }

  /** Clip only (central mode, fixed clipping): the coordinator adds all the noise. */
  public static ClientDpInstruction clipOnly(double clipNorm) {
    return new ClientDpInstruction(clipNorm, 0, false, 0);
  }

  /** Whether the participant adds noise itself (distributed mode). */
  public boolean addsNoise() {
    return noiseStddev > 0 || unclippedNoiseStddev > 0;
  }
}
