package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.PlaintextOverflowException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Fixed-point encoding of real numbers as integers: a value v is stored as the integer
 * {@code round(v * 2^f)}, where f is the number of fractional bits. Negative values are stored as
 * negative integers and enter the plaintext space modulo n (see {@link PaillierPublicKey}).
 *
 * <p><b>Precision.</b> Encoding rounds to the nearest multiple of {@code 2^-f} (ties to even), so
 * the absolute error is at most {@code 2^-(f+1)}: {@code 1.2e-10} for the default 32 bits.
 * Decoding converts the integer back with one correctly rounded {@code double} conversion, so an
 * encoded value whose magnitude is below {@code 2^(53 - f)} decodes exactly. Sums of encoded values
 * are exact integers until decoding.
 *
 * <p><b>Range.</b> An encoded integer must stay below {@code n / 3} in magnitude to be encrypted,
 * and every result must too (see {@link PaillierPrivateKey#decrypt}). Multiplying two encoded
 * values adds their fractional bits.
 *
 * <p>Immutable and thread-safe; equal when the fractional bits are equal.
 */
public final class FixedPointEncoding {
  /** 32 fractional bits: precision {@code 2^-32}. The default for real-valued data. */
  public static final FixedPointEncoding DEFAULT = new FixedPointEncoding(32);

  /** No fractional bits: plain integers. */
  public static final FixedPointEncoding INTEGER = new FixedPointEncoding(0);

  /** Largest accepted number of fractional bits. */
  public static final int MAX_FRACTIONAL_BITS = 1024;

  private final int fractionalBits;

  private FixedPointEncoding(int fractionalBits) {
    this.fractionalBits = fractionalBits;
  }

  /**
   * Returns the encoding with {@code fractionalBits} fractional bits.
   *
   * @throws InvalidParametersException when the value is outside {@code [0, 1024]}
   */
  public static FixedPointEncoding withFractionalBits(int fractionalBits) {
    if (fractionalBits < 0 || fractionalBits > MAX_FRACTIONAL_BITS) {
      throw new InvalidParametersException("fractionalBits is " + fractionalBits
          + "; use 0 to " + MAX_FRACTIONAL_BITS);
    }
    if (fractionalBits == 32) {
      return DEFAULT;
    }
    return fractionalBits == 0 ? INTEGER : new FixedPointEncoding(fractionalBits);
  }

  /** Number of fractional bits f. */
  public int fractionalBits() {
    return fractionalBits;
  }

  /** The spacing of representable values, {@code 2^-f}. */
  public double precision() {
    return Math.scalb(1.0, -fractionalBits);
  }

  /**
   * Encodes a real value, rounding to the nearest multiple of {@code 2^-f}.
   *
   * @throws IllegalArgumentException when {@code value} is NaN
   * @throws PlaintextOverflowException when {@code value} is infinite
   */
  public EncodedPlaintext encode(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("cannot encode NaN");
    }
    if (Double.isInfinite(value)) {
      throw new PlaintextOverflowException("cannot encode " + value
          + ": infinities have no fixed-point encoding");
    }
    double scaled = Math.scalb(value, fractionalBits);
    BigInteger integer;
    if (Math.abs(scaled) < 0x1p62) {
      integer = BigInteger.valueOf((long) Math.rint(scaled));
    } else if (Double.isInfinite(scaled)) {
      integer = new BigDecimal(value)
          .multiply(new BigDecimal(BigInteger.ONE.shiftLeft(fractionalBits)))
          .setScale(0, java.math.RoundingMode.HALF_EVEN).toBigIntegerExact();
    } else {
      integer = new BigDecimal(scaled).toBigIntegerExact(); // |scaled| >= 2^62: already integral
    }
    return new EncodedPlaintext(integer, this);
  }

  /** Encodes an integer exactly: the stored value is {@code value * 2^f}. */
  public EncodedPlaintext encode(long value) {
    return new EncodedPlaintext(BigInteger.valueOf(value).shiftLeft(fractionalBits), this);
  }

  /** Wraps an already scaled integer (the stored value itself) in this encoding. */
  public EncodedPlaintext fromScaled(BigInteger scaled) {
    return new EncodedPlaintext(scaled, this);
  }

  /** Decodes a stored integer to the nearest {@code double}. */
  public double decode(BigInteger scaled) {
    return Math.scalb(scaled.doubleValue(), -fractionalBits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FixedPointEncoding e && e.fractionalBits == fractionalBits;
  }

  @Override
  public int hashCode() {
    return fractionalBits;
  }

  @Override
  public String toString() {
    return "FixedPointEncoding{fractionalBits=" + fractionalBits + "}";
  }
}
