package io.fedcredit.core.privacy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Random;

/**
 * A {@link Random} whose bits all come from a {@link SecureRandom}, fetched in blocks: noise
 * samplers draw a few bits at a time, and a DRBG call per draw would dominate their cost. Every
 * method of {@code Random} goes through {@link #next(int)}, so none of them falls back to
 * {@code Random}'s own linear congruential generator. Consumed bytes are zeroed. Synchronized.
 */
final class BufferedSecureRandom extends Random {
  private static final long serialVersionUID = 1L;
  private static final int BLOCK = 8 * 1024;

  private final SecureRandom source;
  private final byte[] block = new byte[BLOCK];
  private int used = BLOCK;

  BufferedSecureRandom(SecureRandom source) {
    this.source = source;
  }

  /** Over the JDK's NIST SP 800-90A DRBG, or the platform default when it is missing. */
  static BufferedSecureRandom drbg() {
    try {
      return new BufferedSecureRandom(SecureRandom.getInstance("DRBG"));
    } catch (NoSuchAlgorithmException e) {
      return new BufferedSecureRandom(new SecureRandom());
    }
  }

  @Override
  protected synchronized int next(int bits) {
    if (used + 4 > BLOCK) {
      source.nextBytes(block);
      used = 0;
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (block[used] & 0xFF);
      block[used++] = 0; // noise is secret: do not keep its randomness around
    }
    return v >>> (32 - bits);
  }

  @Override
  public synchronized void setSeed(long seed) {
    // Random's constructor calls this before the source exists; reseeding is the source's job
  }

  String algorithm() {
    return source.getAlgorithm();
  }
}
