package io.fedcredit.benchmarks;

import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.FixedPointEncoding;
import io.fedcredit.crypto.paillier.HomomorphicLinearAlgebra;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code X^T [[d]]} for 10,000 rows x 1 feature of signed 16-bit integers, 2048-bit key, single
 * thread: Pippenger's bucket method ({@link HomomorphicLinearAlgebra#innerProduct}) against one
 * scalar multiplication and one addition per row. {@code SIGNED} weights are the case of the
 * issue; for them the per-row baseline also pays one modular inverse per negative weight, so
 * {@code NON_NEGATIVE} (the absolute values) is measured too, where neither side inverts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = JvmFlags.OPEN_MATH)
@Threads(1)
@State(Scope.Benchmark)
public class MatrixProductBenchmark {
  static final int ROWS = 10_000;

  @Param({"SIGNED", "NON_NEGATIVE"})
  String weights;

  long[] column;
  Ciphertext[] residuals;

  @Setup
  public void setUp() {
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    PaillierPublicKey pub = keys.publicKey();
    Random random = new Random(11);
    column = new long[ROWS];
    double[] d = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      column[i] = random.nextInt(65536) - 32768;
      if (weights.equals("NON_NEGATIVE")) {
        column[i] = Math.abs(column[i]);
      }
      d[i] = random.nextGaussian();
    }
    residuals = pub.encryptAll(d, FixedPointEncoding.DEFAULT);
  }

  @Benchmark
  public Ciphertext multiExponentiation() {
    return HomomorphicLinearAlgebra.innerProduct(column, residuals);
  }

  @Benchmark
  public Ciphertext scalarMultiplicationPerRow() {
    Ciphertext sum = residuals[0].multiply(column[0]);
    for (int i = 1; i < ROWS; i++) {
      sum = sum.add(residuals[i].multiply(column[i]));
    }
    return sum;
  }
}
