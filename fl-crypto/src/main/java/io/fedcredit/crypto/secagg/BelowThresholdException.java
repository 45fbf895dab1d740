package io.fedcredit.crypto.secagg;

/**
 * Fewer parties than the threshold remain in a phase: the round cannot complete without
 * revealing something, so it aborts and the previous global model stands.
 */
public final class BelowThresholdException extends SecureAggregationException {
  private static final long serialVersionUID = 1L;
  private final int remaining;
  private final int threshold;

  public BelowThresholdException(String phase, int remaining, int threshold) {
    super(phase + ": only " + remaining + " parties remain, the threshold is " + threshold);
    this.remaining = remaining;
    this.threshold = threshold;
  }

  public int remaining() {
    return remaining;
  }

  public int threshold() {
    return threshold;
  }
}
