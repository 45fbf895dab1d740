package io.fedcredit.crypto.secagg;

import io.fedcredit.crypto.kex.Kdf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expands a 256-bit seed into a mask over the ring Z/2^64 with AES-128 in counter mode, keyed by
 * HKDF-SHA256 of the seed. A cryptographic PRG, never a statistical one: a mask is
 * indistinguishable from uniform to anyone without the seed. The JDK's AES-CTR uses the AES-NI
 * intrinsic (several GB/s per core here), so masking a million parameters costs milliseconds.
 */
public final class MaskGenerator {
  /** Seed length in bytes (256 bits; at least 128 are required). */
  public static final int SEED_BYTES = 32;
  private static final byte[] INFO = Kdf.info("fedcredit/secagg/prg/v1");
  private static final int BLOCK_LONGS = 8192;
  private static final VarHandle LE_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private MaskGenerator() {}

  /**
   * Adds ({@code add = true}) or subtracts the mask of {@code seed} to {@code target} in place,
   * modulo 2^64. Adding then subtracting the same seed restores {@code target} exactly.
   *
   * @throws SecureAggregationException if the seed is shorter than 16 bytes
   */
  public static void apply(byte[] seed, long[] target, boolean add) {
    if (seed.length < 16) {
      throw new SecureAggregationException("mask seeds need at least 128 bits, got "
          + seed.length * 8);
    }
    byte[] keyAndIv = Kdf.derive(seed, null, INFO, 32);
    Cipher aes;
    try {
      aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyAndIv, 0, 16, "AES"),
          new IvParameterSpec(keyAndIv, 16, 16));
    } catch (GeneralSecurityException e) {
      throw new SecureAggregationException("AES-CTR is not available in this JVM", e);
    }
    byte[] zeros = new byte[BLOCK_LONGS * 8];
    byte[] stream = new byte[BLOCK_LONGS * 8];
    for (int from = 0; from < target.length; from += BLOCK_LONGS) {
      int n = Math.min(BLOCK_LONGS, target.length - from);
      try {
        aes.update(zeros, 0, n * 8, stream, 0);
      } catch (GeneralSecurityException e) {
        throw new SecureAggregationException("AES-CTR failed", e);
      }
      if (add) {
        for (int i = 0; i < n; i++) {
          target[from + i] += (long) LE_LONGS.get(stream, i * 8);
        }
      } else {
        for (int i = 0; i < n; i++) {
          target[from + i] -= (long) LE_LONGS.get(stream, i * 8);
        }
      }
    }
  }

  /** The mask of a seed alone, {@code length} words. */
  public static long[] expand(byte[] seed, int length) {
    long[] out = new long[length];
    apply(seed, out, true);
    return out;
  }
}
