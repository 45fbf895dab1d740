package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.EncodingMismatchException;
import io.fedcredit.crypto.KeyMismatchException;
import java.util.stream.IntStream;

/**
 * Element-wise operations over arrays of ciphertexts, run on all cores (the common fork-join
 * pool). Encryption and decryption of arrays are {@link PaillierPublicKey#encryptAll} and
 * {@link PaillierPrivateKey#decryptAll}. Inputs are never modified; each method returns a new
 * array.
 */
public final class PaillierBatch {
  private PaillierBatch() {}

  /**
   * Returns {@code a[i] + b[i]} for every i.
   *
   * @throws IllegalArgumentException when the lengths differ
   * @throws KeyMismatchException when any pair is under different keys
   * @throws EncodingMismatchException when any pair has different encodings
   */
  public static Ciphertext[] addAll(Ciphertext[] a, Ciphertext[] b) {
    requireSameLength(a.length, b.length);
    Ciphertext[] out = new Ciphertext[a.length];
    IntStream.range(0, a.length).parallel().forEach(i -> out[i] = a[i].add(b[i]));
    return out;
  }

  /**
   * Returns {@code a[i] * scalars[i]} for every i.
   *
   * @throws IllegalArgumentException when the lengths differ
   */
  public static Ciphertext[] multiplyAll(Ciphertext[] a, long[] scalars) {
    requireSameLength(a.length, scalars.length);
    Ciphertext[] out = new Ciphertext[a.length];
    IntStream.range(0, a.length).parallel().forEach(i -> out[i] = a[i].multiply(scalars[i]));
    return out;
  }

  /**
   * Returns {@code a[i] + plaintexts[i]} for every i, encoding the plaintexts with each
   * ciphertext's encoding.
   *
   * @throws IllegalArgumentException when the lengths differ
   * @throws io.fedcredit.crypto.PlaintextOverflowException when a plaintext is out of range
   */
  public static Ciphertext[] addPlaintexts(Ciphertext[] a, double[] plaintexts) {
    requireSameLength(a.length, plaintexts.length);
    Ciphertext[] out = new Ciphertext[a.length];
    IntStream.range(0, a.length).parallel().forEach(i -> out[i] = a[i].add(plaintexts[i]));
    return out;
  }

  /** Returns a re-randomized copy of every ciphertext. */
  public static Ciphertext[] rerandomizeAll(Ciphertext[] a) {
    for (Ciphertext c : a) {
      c.publicKey().table(); // before the parallel loop, as in PackingScheme.encryptQuantized
    }
    Ciphertext[] out = new Ciphertext[a.length];
    IntStream.range(0, a.length).parallel().forEach(i -> out[i] = a[i].rerandomize());
    return out;
  }

  private static void requireSameLength(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException("arrays have lengths " + a + " and " + b);
    }
  }
}
