/**
 * JMH benchmarks of {@code fl-crypto} with their baselines (javallier 0.6.0, textbook
 * {@code BigInteger} Paillier, one scalar multiplication per row) measured in the same run, so that
 * results are read as ratios. Commands and results are in {@code BENCHMARKS.md} at the repository
 * root.
 */
package io.fedcredit.benchmarks;
