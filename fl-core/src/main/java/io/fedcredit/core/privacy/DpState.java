package io.fedcredit.core.privacy;

import java.util.List;

/**
 * What a {@link DifferentialPrivacy} wrapper must remember across a coordinator restart: the
 * accountant's ledger and the clip norm of the next round. Without it a resumed job would
 * silently start its privacy spending from zero.
 *
 * @param ledger the composed mechanisms, in order
 * @param clipNorm the clip norm the next round will use
 * @param lastRound the last round charged, 0 when none
 */
public record DpState(List<SampledGaussian> ledger, double clipNorm, long lastRound) {
  public DpState {
    ledger = List.copyOf(ledger);
    if (!(clipNorm > 0) || clipNorm == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("clipNorm must be positive and finite: " + clipNorm);
    }
    if (lastRound < 0) {
      throw new IllegalArgumentException("lastRound must be >= 0: " + lastRound);
    }
  }
}
