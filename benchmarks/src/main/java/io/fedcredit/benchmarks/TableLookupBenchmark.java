package io.fedcredit.benchmarks;

import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.FixedPointEncoding;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.paillier.PaillierParameters.TableLookup;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
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
 * Cost of the constant-time table scan: encryption throughput (2048-bit key, 1024-bit exponent,
 * single thread) for each window width and lookup mode. A constant-time lookup reads the whole row,
 * so one encryption streams the whole table; a direct lookup reads one entry per row.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = JvmFlags.OPEN_MATH)
@Threads(1)
@State(Scope.Benchmark)
public class TableLookupBenchmark {
  @Param({"5", "6", "8"})
  int windowBits;

  @Param({"CONSTANT_TIME", "DIRECT"})
  String lookup;

  PaillierPublicKey pub;

  @Setup
  public void setUp() {
    PaillierParameters parameters = PaillierParameters.builder().windowBits(windowBits)
        .tableLookup(TableLookup.valueOf(lookup)).build();
    pub = PaillierKeyPair.generate(parameters).publicKey();
    pub.precompute();
    System.out.println("# table bytes: " + pub.precomputedTableBytes());
  }

  @Benchmark
  public Ciphertext encrypt() {
    return pub.encrypt(1.0, FixedPointEncoding.DEFAULT);
  }
}
