package io.fedcredit.crypto.psi;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable list of blinded group elements: u-coordinates on curve25519, 32 bytes each,
 * little-endian and canonical (bit 255 clear, value below 2^255 - 19). Every element is a hashed
 * id raised to one or two secret scalars, so it reveals nothing about the id to whoever lacks the
 * scalars (under the decisional Diffie-Hellman assumption).
 *
 * <p>Elements read from outside go through {@link #fromBytes}, which checks the encoding; whether
 * an element has small order is checked when a party blinds it (it then becomes the identity).
 */
public final class BlindedElements {
  /** Bytes per element. */
  public static final int ELEMENT_BYTES = X25519.BYTES;

  private final byte[] data;

  private BlindedElements(byte[] data) {
    this.data = data;
  }

  /** Wraps bytes this package produced (canonical by construction); no copy. */
  static BlindedElements wrap(byte[] data) {
    return new BlindedElements(data);
  }

  /**
   * Reads elements from their concatenated encodings, as {@link #toBytes()} writes them.
   *
   * @param encoded n * 32 bytes (not modified; copied)
   * @throws MalformedPointException if the length is not a multiple of 32 or an element is not a
   *     canonical encoding (the exception names its position)
   */
  public static BlindedElements fromBytes(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length % ELEMENT_BYTES != 0) {
      throw new MalformedPointException(-1, "blinded elements take 32 bytes each; "
          + encoded.length + " bytes is not a multiple of 32");
    }
    for (int i = 0; i < encoded.length / ELEMENT_BYTES; i++) {
      if (!Field25519.isCanonical(encoded, i * ELEMENT_BYTES)) {
        throw new MalformedPointException(i, "element " + i + " is not a canonical "
            + "u-coordinate (bit 255 set, or value at least 2^255 - 19)");
      }
    }
    return new BlindedElements(encoded.clone());
  }

  /** Number of elements. */
  public int size() {
    return data.length / ELEMENT_BYTES;
  }

  /** A copy of element {@code i}. */
  public byte[] element(int i) {
    Objects.checkIndex(i, size());
    return Arrays.copyOfRange(data, i * ELEMENT_BYTES, (i + 1) * ELEMENT_BYTES);
  }

  /** A copy of all elements, concatenated (the wire form). */
  public byte[] toBytes() {
    return data.clone();
  }

  /** The backing array, for this package; never modified. */
  byte[] raw() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlindedElements b && Arrays.equals(data, b.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "BlindedElements[" + size() + " elements]";
  }
}
