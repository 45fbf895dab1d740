package io.fedcredit.crypto.secagg;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * One Shamir share: the point {@code (x, y)} of a random polynomial over the field of
 * {@link ShamirSharing#PRIME}. {@code y} is secret: {@code toString()} prints only {@code x}.
 * Immutable.
 */
public final class Share {
  /** Bytes of the encoded form: 4 for x, 66 for y. */
  public static final int ENCODED_BYTES = 4 + 66;

  private final int x;
  private final BigInteger y;

  public Share(int x, BigInteger y) {
    if (x < 1) {
      throw new SecureAggregationException("share x must be >= 1, got " + x);
    }
    if (y.signum() < 0 || y.compareTo(ShamirSharing.PRIME) >= 0) {
      throw new SecureAggregationException("share y is outside the field");
    }
    this.x = x;
    this.y = y;
  }

  public int x() {
    return x;
  }

  /** The secret coordinate, for reconstruction. */
  BigInteger y() {
    return y;
  }

  /** {@code x} big-endian, then {@code y} as 66 big-endian bytes. */
  public byte[] toBytes() {
    byte[] out = new byte[ENCODED_BYTES];
    out[0] = (byte) (x >>> 24);
    out[1] = (byte) (x >>> 16);
    out[2] = (byte) (x >>> 8);
    out[3] = (byte) x;
    byte[] yb = y.toByteArray();
    int len = Math.min(yb.length, 66);
    System.arraycopy(yb, yb.length - len, out, ENCODED_BYTES - len, len);
    return out;
  }

  /**
   * @throws SecureAggregationException if the bytes are not a share
   */
  public static Share fromBytes(byte[] b) {
    if (b.length != ENCODED_BYTES) {
      throw new SecureAggregationException("a share has " + ENCODED_BYTES + " bytes, not "
          + b.length);
    }
    int x = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    return new Share(x, new BigInteger(1, Arrays.copyOfRange(b, 4, ENCODED_BYTES)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Share s && s.x == x && s.y.equals(y);
  }

  @Override
  public int hashCode() {
    return 31 * x + y.hashCode();
  }

  @Override
  public String toString() {
    return "Share[x=" + x + "]";
  }
}
