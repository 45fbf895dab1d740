package io.fedcredit.core.privacy;

import java.util.Objects;

/**
 * The privacy figures of one differentially private round, for the log and the job's record.
 *
 * @param round the round
 * @param spent the guarantee after this round, all rounds so far composed
 * @param samplingRate the rate charged for this round: participants asked over participants
 *     available
 * @param noiseMultiplier the multiplier charged for this round (in distributed mode smaller than
 *     configured when fewer participants than needed contributed)
 * @param clipNorm the clip norm the participants applied
 * @param nextClipNorm the clip norm of the next round (equal under fixed clipping)
 * @param unclippedFraction the noised share of unclipped updates (adaptive clipping), else NaN
 * @param contributors participants whose updates were in the sum
 * @param instructed participants asked to train; the sum is divided by this fixed number
 * @param applied whether the noised mean changed the model
 */
public record PrivacyReport(
    long round,
    PrivacySpent spent,
    double samplingRate,
    double noiseMultiplier,
    double clipNorm,
    double nextClipNorm,
    double unclippedFraction,
    int contributors,
    int instructed,
    boolean applied) {

  public PrivacyReport {
    Objects.requireNonNull(spent, "spent");
  }

  @Override
  public String toString() {
    return "round " + round + ": " + spent + ", q=" + PrivacyBudget.format(samplingRate) + " z="
        + PrivacyBudget.format(noiseMultiplier) + " C=" + PrivacyBudget.format(clipNorm)
        + (nextClipNorm != clipNorm ? "->" + PrivacyBudget.format(nextClipNorm) : "")
        + (Double.isNaN(unclippedFraction) ? ""
            : " unclipped~" + PrivacyBudget.format(unclippedFraction))
        + ", " + contributors + "/" + instructed + " contributed"
        + (applied ? "" : ", update discarded");
  }
}
