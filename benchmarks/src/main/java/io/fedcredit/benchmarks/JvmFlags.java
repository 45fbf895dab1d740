package io.fedcredit.benchmarks;

/** JVM options every Paillier benchmark fork runs with. */
final class JvmFlags {
  /**
   * Opens {@code java.math} so that fl-crypto reaches the JDK's Montgomery intrinsics
   * ({@code JdkMontgomery}), as {@code bin/fl} and the tests do. Without it fl-crypto falls back to
   * Barrett reduction; to measure that, replace the flag on the command line with any other, e.g.
   * {@code -jvmArgsAppend -Dbarrett}.
   */
  static final String OPEN_MATH = "--add-opens=java.base/java.math=ALL-UNNAMED";

  private JvmFlags() {}
}
