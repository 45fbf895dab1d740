package io.fedcredit.core.horizontal;

import java.util.Map;

/**
 * Sums the banks' vectors so that whoever asked learns the sum and nothing else about any one
 * vector: in a deployment, a secure-aggregation round through the coordinator; in one process,
 * {@link SecAggSum}.
 */
@FunctionalInterface
public interface SecureSum {
  /**
   * The element-wise sum modulo 2^64 (exact for sums that fit a signed 64-bit integer).
   *
   * @param purpose a label for the round (logs, reports)
   * @param inputs each bank's vector, all of one length
   * @throws IllegalArgumentException when the lengths differ
   */
  long[] sum(String purpose, Map<String, long[]> inputs);
}
