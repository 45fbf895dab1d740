package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.EncodingMismatchException;
import io.fedcredit.crypto.KeyMismatchException;
import java.math.BigInteger;
import java.util.stream.IntStream;

/**
 * Products of a plaintext integer matrix with an encrypted vector, computed by multi-exponentiation
 * (Pippenger's bucket method) rather than one scalar multiplication per element. This is the hot
 * loop of vertical logistic regression: the host's features {@code X} (rows x features, small
 * integers after quantization) times the guest's encrypted residuals {@code [[d]]} gives the
 * encrypted gradient {@code X^T [[d]]}.
 *
 * <p>Negative weights are handled by two multi-exponentiations (positive and negative parts) and
 * one modular inverse per output. Results keep the vector's encoding (integer weights add no
 * fractional bits) and are not {@linkplain Ciphertext#isSafeToShare() safe to share} until
 * re-randomized, because they are deterministic functions of the inputs.
 *
 * <p>Stateless and thread-safe. Inputs are not modified.
 */
public final class HomomorphicLinearAlgebra {
  private static final int MIN_ROWS_PER_TASK = 2048;

  private HomomorphicLinearAlgebra() {}

  /**
   * Returns an encryption of {@code sum_i weights[i] * plain(vector[i])}, on the calling thread.
   *
   * @throws IllegalArgumentException when the lengths differ, the vector is empty or a weight is
   *     {@link Long#MIN_VALUE}
   * @throws KeyMismatchException when the ciphertexts are under different keys
   * @throws EncodingMismatchException when the ciphertexts have different encodings
   */
  public static Ciphertext innerProduct(long[] weights, Ciphertext[] vector) {
    if (weights.length != vector.length) {
      throw new IllegalArgumentException("weights have length " + weights.length
          + " but the vector has " + vector.length);
    }
    BigInteger[] bases = bases(vector);
    checkWeights(weights, 0);
    PaillierPublicKey key = vector[0].publicKey();
    BigInteger positive = BucketMultiExponentiation.multiExp(key.modNSquared, bases, weights, 0,
        weights.length, 1);
    BigInteger negative = BucketMultiExponentiation.multiExp(key.modNSquared, bases, weights, 0,
        weights.length, -1);
    return combine(key, vector[0].encoding(), positive, negative);
  }

  /**
   * Returns {@code X^T [[d]]}: for each feature j, an encryption of
   * {@code sum_i matrix[i][j] * plain(vector[i])}. Uses all cores (features and blocks of rows run
   * as separate tasks on the common fork-join pool).
   *
   * @param matrix rows x features, every row of the same length
   * @param vector one ciphertext per row
   * @throws IllegalArgumentException when the shapes disagree or a weight is {@link Long#MIN_VALUE}
   * @throws KeyMismatchException when the ciphertexts are under different keys
   * @throws EncodingMismatchException when the ciphertexts have different encodings
   */
  public static Ciphertext[] transposeTimes(long[][] matrix, Ciphertext[] vector) {
    if (matrix.length != vector.length) {
      throw new IllegalArgumentException("matrix has " + matrix.length + " rows but the vector has "
          + vector.length + " entries");
    }
    BigInteger[] bases = bases(vector);
    int rows = matrix.length;
    int features = matrix[0].length;
    long[][] columns = new long[features][rows];
    for (int i = 0; i < rows; i++) {
      if (matrix[i].length != features) {
        throw new IllegalArgumentException("row " + i + " has " + matrix[i].length
            + " features; row 0 has " + features);
      }
      for (int j = 0; j < features; j++) {
        columns[j][i] = matrix[i][j];
      }
    }
    for (int j = 0; j < features; j++) {
      checkWeights(columns[j], j);
    }
    PaillierPublicKey key = vector[0].publicKey();
    int parallelism = Math.max(1, java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
    int blocks = Math.max(1, Math.min(parallelism, rows / MIN_ROWS_PER_TASK));
    int blockSize = (rows + blocks - 1) / blocks;
    BigInteger[][] partial = new BigInteger[features * blocks][2];
    IntStream.range(0, features * blocks * 2).parallel().forEach(task -> {
      int cell = task / 2;
      int sign = task % 2 == 0 ? 1 : -1;
      int j = cell / blocks;
      int from = (cell % blocks) * blockSize;
      int to = Math.min(rows, from + blockSize);
      partial[cell][task % 2] = from >= to ? BigInteger.ONE
          : BucketMultiExponentiation.multiExp(key.modNSquared, bases, columns[j], from, to, sign);
    });
    Ciphertext[] out = new Ciphertext[features];
    for (int j = 0; j < features; j++) {
      BigInteger positive = BigInteger.ONE;
      BigInteger negative = BigInteger.ONE;
      for (int b = 0; b < blocks; b++) {
        positive = key.modNSquared.multiply(positive, partial[j * blocks + b][0]);
        negative = key.modNSquared.multiply(negative, partial[j * blocks + b][1]);
      }
      out[j] = combine(key, vector[0].encoding(), positive, negative);
    }
    return out;
  }

  private static Ciphertext combine(PaillierPublicKey key, FixedPointEncoding encoding,
      BigInteger positive, BigInteger negative) {
    BigInteger value = negative.equals(BigInteger.ONE) ? positive
        : key.modNSquared.multiply(positive, key.inverse(negative));
    return new Ciphertext(key, value, encoding, false);
  }

  private static BigInteger[] bases(Ciphertext[] vector) {
    if (vector.length == 0) {
      throw new IllegalArgumentException("the encrypted vector is empty");
    }
    Ciphertext first = vector[0];
    BigInteger[] bases = new BigInteger[vector.length];
    for (int i = 0; i < vector.length; i++) {
      Ciphertext c = vector[i];
      first.publicKey().requireSame(c.publicKey(), "matrix product (row " + i + ")");
      if (!first.encoding().equals(c.encoding())) {
        throw new EncodingMismatchException("vector entry " + i + " uses " + c.encoding()
            + ", entry 0 uses " + first.encoding());
      }
      bases[i] = c.value();
    }
    return bases;
  }

  private static void checkWeights(long[] weights, int column) {
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] == Long.MIN_VALUE) {
        throw new IllegalArgumentException("weight at row " + i + ", column " + column
            + " is Long.MIN_VALUE, whose magnitude does not fit a long");
      }
    }
  }
}
