package io.fedcredit.benchmarks;

import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PackingScheme;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.paillier.PaillierPrivateKey;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packed encryption, single thread, 2048-bit key: one invocation packs and encrypts one full
 * ciphertext, and JMH reports values per second ({@code @OperationsPerInvocation} = slots per
 * ciphertext). Two layouts: 16-bit values and 8-bit values, both with headroom for 64 parties.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgsAppend = JvmFlags.OPEN_MATH)
@Threads(1)
@State(Scope.Benchmark)
public class PackedEncryptionBenchmark {
  /** 16-bit values (8 fractional bits), K = 64: 22-bit slots, 93 values per ciphertext. */
  static final PackingScheme SCHEME_16 = PackingScheme.builder().valueBits(16).fractionalBits(8)
      .maxSummands(64).build();
  /** 8-bit values (4 fractional bits), K = 64: 14-bit slots, 146 values per ciphertext. */
  static final PackingScheme SCHEME_8 = PackingScheme.builder().valueBits(8).fractionalBits(4)
      .maxSummands(64).build();

  PaillierPublicKey pub;
  PaillierPrivateKey priv;
  long[] values16;
  long[] values8;
  PackedCiphertext sum16;

  @Setup
  public void setUp() {
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    pub = keys.publicKey();
    priv = keys.privateKey();
    pub.precompute();
    Random random = new Random(7);
    values16 = new long[SCHEME_16.slotsPerCiphertext(pub)];
    values8 = new long[SCHEME_8.slotsPerCiphertext(pub)];
    if (values16.length != 93 || values8.length != 146) {
      throw new IllegalStateException("slot counts changed: update @OperationsPerInvocation");
    }
    for (int i = 0; i < values16.length; i++) {
      values16[i] = random.nextInt(65535) - 32767;
    }
    for (int i = 0; i < values8.length; i++) {
      values8[i] = random.nextInt(255) - 127;
    }
    sum16 = SCHEME_16.encryptQuantized(values16, pub);
    for (int k = 1; k < 64; k++) {
      sum16 = sum16.add(SCHEME_16.encryptQuantized(values16, pub));
    }
  }

  @Benchmark
  @OperationsPerInvocation(93)
  public PackedCiphertext packedEncrypt16BitValues() {
    return SCHEME_16.encryptQuantized(values16, pub);
  }

  @Benchmark
  @OperationsPerInvocation(146)
  public PackedCiphertext packedEncrypt8BitValues() {
    return SCHEME_8.encryptQuantized(values8, pub);
  }

  /** Decrypting and unpacking a sum of 64 packed vectors, values per second. */
  @Benchmark
  @OperationsPerInvocation(93)
  public long[] unpackSumOf64Vectors16BitValues() {
    return SCHEME_16.unpackQuantizedSums(sum16, priv);
  }
}
