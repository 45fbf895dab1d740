package io.fedcredit.crypto.paillier;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A plaintext ready for encryption or for use as a homomorphic operand: a signed integer together
 * with the {@link FixedPointEncoding} that gives it meaning. Obtain one from
 * {@link FixedPointEncoding#encode(double)} or {@link PaillierPrivateKey#decrypt}. It is a
 * different type from {@link Ciphertext}, so plaintext and ciphertext cannot be confused.
 *
 * <p>Immutable and thread-safe. {@link #toString()} does not print the value, so a plaintext that
 * ends up in a log line does not leak the record it came from.
 */
public final class EncodedPlaintext {
  private final BigInteger scaled;
  private final FixedPointEncoding encoding;

  EncodedPlaintext(BigInteger scaled, FixedPointEncoding encoding) {
    this.scaled = Objects.requireNonNull(scaled, "scaled");
    this.encoding = Objects.requireNonNull(encoding, "encoding");
  }

  /** The stored signed integer, {@code round(value * 2^f)}. */
  public BigInteger scaledValue() {
    return scaled;
  }

  /** The encoding this integer is expressed in. */
  public FixedPointEncoding encoding() {
    return encoding;
  }

  /** The value as the nearest {@code double} (see {@link FixedPointEncoding#decode}). */
  public double toDouble() {
    return encoding.decode(scaled);
  }

  /**
   * The value as a {@code long}, exact.
   *
   * @throws ArithmeticException when the value is not an integer or does not fit a long
   */
  public long toLongExact() {
    int f = encoding.fractionalBits();
    if (f > 0 && scaled.getLowestSetBit() < f && scaled.signum() != 0) {
      throw new ArithmeticException("value has a fractional part");
    }
    return scaled.shiftRight(f).longValueExact();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedPlaintext p && p.scaled.equals(scaled)
        && p.encoding.equals(encoding);
  }

  @Override
  public int hashCode() {
    return scaled.hashCode() * 31 + encoding.hashCode();
  }

  /** Prints the encoding only, never the value. */
  @Override
  public String toString() {
    return "EncodedPlaintext{fractionalBits=" + encoding.fractionalBits() + "}";
  }
}
