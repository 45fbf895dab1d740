package io.fedcredit.core.protocol;

/** What the values of an {@link Update} mean. */
public enum UpdateKind {
  /** Local parameters minus the global parameters the round started from. */
  MODEL_DELTA,
  /** {@code [count, sum_1..d, sumOfSquares_1..d]} of the local training table. */
  FEATURE_MOMENTS,
  /** A securely aggregated input: fixed-point words over Z/2^64, masked. */
  MASKED_INPUT,
  /**
   * A Paillier-encrypted input: {@link WeightedInput} quantized and packed under the job's key;
   * the coordinator only adds it to the round's encrypted sum.
   */
  ENCRYPTED_INPUT,
  /** The key holder's decryption of the round's encrypted sum: exact quantized sums. */
  DECRYPTED_SUM
}
