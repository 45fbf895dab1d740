package io.fedcredit.core;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent, reproducible seeds for statistical randomness (shuffling, sampling,
 * initialization) from a base seed and labels such as a round number or a party id. Never use
 * these for cryptography: keys and masks come from {@code SecureRandom} in {@code fl-crypto}.
 */
public final class Seeds {
  private Seeds() {}

  /** A seed mixed from a base seed and numeric parts (SplitMix64 finalizer per step). */
  public static long derive(long base, long... parts) {
    long h = mix(base ^ 0x9E3779B97F4A7C15L);
    for (long p : parts) {
      h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
    }
    return h;
  }

  /** A seed mixed from a base seed, a label (e.g. a party id) and numeric parts. */
  public static long derive(long base, String label, long... parts) {
    long h = derive(base, parts);
    for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xFF));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
