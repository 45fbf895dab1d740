package io.fedcredit.crypto.psi;

import java.util.function.IntFunction;

/**
 * Batched group operations for PSI: hash to curve25519 and blind, or blind received elements, over
 * both cores. Points stay projective through the ladder; each chunk of {@value #CHUNK} results is
 * made affine with one field inversion (Montgomery's trick: three multiplications per element
 * instead of an inversion each). Constant time per element in the secrets (ids, scalars); the only
 * data-dependent decision is the rejection of a received element whose blinded value is the
 * identity, which is public.
 */
final class GroupBatch {
  static final int CHUNK = 128;
  private static final int B = X25519.BYTES;

  private GroupBatch() {}

  /** One thread's temporaries. */
  static final class Worker {
    final X25519.Ladder ladder = new X25519.Ladder();
    final HashToCurve25519.Hasher hasher;
    final long[][] x = new long[CHUNK][];
    final long[][] z = new long[CHUNK][];
    final long[][] u = new long[CHUNK][];
    final long[][] prefix = new long[CHUNK][];
    final long[] flags = new long[CHUNK];
    final long[] inv = Field25519.create();
    final long[] t = Field25519.create();
    final long[] one = Field25519.of(1);
    final long[] zero = Field25519.create();

    Worker(byte[] dst) {
      hasher = dst == null ? null : new HashToCurve25519.Hasher(dst);
      for (int i = 0; i < CHUNK; i++) {
        x[i] = Field25519.create();
        z[i] = Field25519.create();
        u[i] = Field25519.create();
        prefix[i] = Field25519.create();
      }
    }

    /** z[i] = 1 / z[i] for i < m, with 1/0 = 0. */
    void batchInvert(int m) {
      for (int i = 0; i < m; i++) {
        flags[i] = Field25519.isZero(z[i]);
        Field25519.cmov(z[i], one, flags[i]);
      }
      Field25519.copy(prefix[0], z[0]);
      for (int i = 1; i < m; i++) {
        Field25519.mul(prefix[i], prefix[i - 1], z[i]);
      }
      Field25519.inv(inv, prefix[m - 1]);
      for (int i = m - 1; i > 0; i--) {
        Field25519.mul(t, inv, prefix[i - 1]);
        Field25519.mul(inv, inv, z[i]);
        Field25519.copy(z[i], t);
      }
      Field25519.copy(z[0], inv);
      for (int i = 0; i < m; i++) {
        Field25519.cmov(z[i], zero, flags[i]);
      }
    }
  }

  /**
   * u-coordinates of [k] H(message(i)) for i in [0, n), concatenated.
   *
   * @param messages the i-th message to hash (called once per i, from several threads)
   * @param dst the hash-to-curve domain separation tag
   * @param k the scalar as four little-endian words, below 2^255
   */
  static byte[] hashAndBlind(int n, IntFunction<byte[]> messages, byte[] dst, long[] k,
      int parallelism) {
    byte[] out = new byte[n * B];
    Parallel.forRange(n, parallelism, () -> new Worker(dst), (w, from, to) -> {
      for (int c0 = from; c0 < to; c0 += CHUNK) {
        int m = Math.min(CHUNK, to - c0);
        for (int i = 0; i < m; i++) {
          w.hasher.hash(messages.apply(c0 + i), w.x[i], w.z[i]);
        }
        w.batchInvert(m);
        for (int i = 0; i < m; i++) {
          Field25519.mul(w.u[i], w.x[i], w.z[i]);
          w.ladder.run(w.u[i], k, w.x[i], w.z[i]);
        }
        w.batchInvert(m);
        for (int i = 0; i < m; i++) {
          Field25519.mul(w.x[i], w.x[i], w.z[i]);
          Field25519.encode(w.x[i], out, (c0 + i) * B);
        }
      }
    });
    return out;
  }

  /** u-coordinates of H(message(i)), unblinded: for tests that look for plain hashes. */
  static byte[] hashOnly(int n, IntFunction<byte[]> messages, byte[] dst) {
    byte[] out = new byte[n * B];
    Worker w = new Worker(dst);
    for (int i = 0; i < n; i++) {
      w.hasher.hash(messages.apply(i), w.x[0], w.z[0]);
      Field25519.inv(w.z[0], w.z[0]);
      Field25519.mul(w.x[0], w.x[0], w.z[0]);
      Field25519.encode(w.x[0], out, i * B);
    }
    return out;
  }

  /**
   * The elements raised to k, concatenated, in the same order.
   *
   * @param elements canonical u-coordinates, 32 bytes each (not modified)
   * @param k the scalar as four little-endian words: a multiple of 8, so small-order inputs
   *     become the identity
   * @param what names the message in an exception
   * @throws MalformedPointException at the first element whose result is the identity (an input
   *     of small order)
   */
  static byte[] blind(byte[] elements, long[] k, int parallelism, String what) {
    int n = elements.length / B;
    byte[] out = new byte[n * B];
    Parallel.forRange(n, parallelism, () -> new Worker(null), (w, from, to) -> {
      for (int c0 = from; c0 < to; c0 += CHUNK) {
        int m = Math.min(CHUNK, to - c0);
        for (int i = 0; i < m; i++) {
          Field25519.decode(w.u[i], elements, (c0 + i) * B);
          w.ladder.run(w.u[i], k, w.x[i], w.z[i]);
        }
        w.batchInvert(m);
        for (int i = 0; i < m; i++) {
          Field25519.mul(w.x[i], w.x[i], w.z[i]);
          Field25519.encode(w.x[i], out, (c0 + i) * B);
        }
      }
    });
    int zero = firstZero(out);
    if (zero >= 0) {
      throw new MalformedPointException(zero, what + ": element " + zero
          + " has small order (it blinds to the identity)");
    }
    return out;
  }

  /** Position of the first all-zero element (the identity's u), or -1. Public data. */
  static int firstZero(byte[] elements) {
    for (int i = 0; i < elements.length / B; i++) {
      int acc = 0;
      for (int j = 0; j < B; j++) {
        acc |= elements[i * B + j];
      }
      if (acc == 0) {
        return i;
      }
    }
    return -1;
  }
}
