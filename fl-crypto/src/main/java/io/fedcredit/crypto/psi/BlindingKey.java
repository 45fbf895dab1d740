package io.fedcredit.crypto.psi;

import io.fedcredit.crypto.InsecureSecretKeyAccess;
import io.fedcredit.crypto.MalformedKeyException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A party's secret exponent for Diffie-Hellman blinding on curve25519: k = 8 t with t uniform in
 * [1, 2^252), so k clears the cofactor (any small-order component of a received point vanishes)
 * and k mod l is uniform up to a statistical distance of 2^-127 (l = 2^252 + 2774...493 is the
 * order of the prime-order subgroup).
 *
 * <p>The scalar never leaves this object except through {@link #toBytes}, which needs
 * {@link InsecureSecretKeyAccess}; {@code toString()} prints only a fingerprint id. Immutable
 * until {@link #destroy()}, which zeroes the scalar. Thread-safe for reading.
 */
public final class BlindingKey {
  static final BigInteger ORDER = BigInteger.ONE.shiftLeft(252).add(
      new BigInteger("27742317777372353535851937790883648493"));
  private static final HexFormat HEX = HexFormat.of();

  private final long[] words;
  private final String id;
  private volatile boolean destroyed;

  private BlindingKey(long[] words, String id) {
    this.words = words;
    this.id = id;
  }

  /**
   * A fresh key.
   *
   * @param random the randomness source (a {@code SecureRandom})
   */
  public static BlindingKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] b = new byte[X25519.BYTES];
    long[] w;
    do {
      random.nextBytes(b);
      w = X25519.scalarWords(b);
      w[3] &= (1L << 60) - 1; // t < 2^252
    } while ((w[0] | w[1] | w[2] | w[3]) == 0);
    Arrays.fill(b, (byte) 0);
    // k = 8 t
    long[] k = {w[0] << 3, w[1] << 3 | w[0] >>> 61, w[2] << 3 | w[1] >>> 61,
        w[3] << 3 | w[2] >>> 61};
    Arrays.fill(w, 0);
    return new BlindingKey(k, fingerprint(k));
  }

  /**
   * A key from its 32 bytes, as written by {@link #toBytes}.
   *
   * @param bytes 32 bytes, little-endian (not modified)
   * @param access the token that marks a place handling secret key material
   * @throws MalformedKeyException if the bytes are not 32, the scalar is not a multiple of 8, has
   *     bit 255 set, or is 0 mod l
   */
  public static BlindingKey fromBytes(byte[] bytes, InsecureSecretKeyAccess access) {
    InsecureSecretKeyAccess.require(access);
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != X25519.BYTES) {
      throw new MalformedKeyException("a blinding key has 32 bytes, not " + bytes.length);
    }
    long[] k = X25519.scalarWords(bytes);
    if ((k[0] & 7) != 0 || k[3] < 0) {
      throw new MalformedKeyException("a blinding key is a multiple of 8 below 2^255");
    }
    byte[] be = new byte[X25519.BYTES];
    for (int i = 0; i < X25519.BYTES; i++) {
      be[i] = bytes[X25519.BYTES - 1 - i];
    }
    if (new BigInteger(1, be).mod(ORDER).signum() == 0) {
      throw new MalformedKeyException("a blinding key must not be 0 mod the group order");
    }
    Arrays.fill(be, (byte) 0);
    return new BlindingKey(k, fingerprint(k));
  }

  /**
   * The scalar's 32 little-endian bytes, to persist a precomputed key (the unbalanced PSI's
   * server key, for one). Callers must not log or send them.
   *
   * @param access the token that marks a place reading secret key material
   * @throws PsiProtocolException if the key was destroyed
   */
  public byte[] toBytes(InsecureSecretKeyAccess access) {
    InsecureSecretKeyAccess.require(access);
    long[] k = words();
    byte[] out = new byte[X25519.BYTES];
    for (int i = 0; i < 32; i++) {
      out[i] = (byte) (k[i >>> 3] >>> (8 * (i & 7)));
    }
    return out;
  }

  /**
   * A public id that tells keys apart in logs and messages: a one-way fingerprint of the scalar
   * (the same key always has the same id), which reveals nothing usable about it.
   */
  public String id() {
    return id;
  }

  /** Zeroes the scalar; every later use throws {@link PsiProtocolException}. */
  public void destroy() {
    destroyed = true;
    Arrays.fill(words, 0);
  }

  /** The scalar's words, for this package's ladder. */
  long[] words() {
    if (destroyed) {
      throw new PsiProtocolException("blinding key " + id + " was destroyed");
    }
    return words;
  }

  /** First 8 bytes of SHA-256 over a label and the scalar: stable, and one-way. */
  private static String fingerprint(long[] k) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("fedcredit/psi/blinding-key-id/v1".getBytes(StandardCharsets.US_ASCII));
      for (long w : k) {
        for (int i = 0; i < 8; i++) {
          sha.update((byte) (w >>> (8 * i)));
        }
      }
      return HEX.formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "BlindingKey[id=" + id + (destroyed ? ", destroyed" : "") + "]";
  }
}
