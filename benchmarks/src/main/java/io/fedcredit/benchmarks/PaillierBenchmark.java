package io.fedcredit.benchmarks;

import com.n1analytics.paillier.EncryptedNumber;
import com.n1analytics.paillier.PaillierContext;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.CompressedCiphertext;
import io.fedcredit.crypto.paillier.EncodedPlaintext;
import io.fedcredit.crypto.paillier.FixedPointEncoding;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.paillier.PaillierPrivateKey;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import java.math.BigInteger;
import java.security.SecureRandom;
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
 * Single-thread throughput of the Paillier primitives, 2048-bit keys, FedCredit against javallier
 * 0.6.0 and a textbook {@code BigInteger} implementation. javallier's {@code encrypt(double)} is
 * lazy (it skips {@code r^n}), so its encryption is measured with {@code obfuscate()} included.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgsAppend = JvmFlags.OPEN_MATH)
@Threads(1)
@State(Scope.Benchmark)
public class PaillierBenchmark {
  static final double VALUE = 3.14159;
  static final long SCALAR = 31_337;

  PaillierPublicKey pub;
  PaillierPublicKey pubDirect;
  PaillierPrivateKey priv;
  Ciphertext c1;
  Ciphertext c2;

  com.n1analytics.paillier.PaillierPrivateKey jPriv;
  PaillierContext jContext;
  EncryptedNumber j1;
  EncryptedNumber j2;

  /** 25 ciphertexts of signed 64-bit values: what one compressed 2048-bit ciphertext holds. */
  Ciphertext[] small64;
  CompressedCiphertext compressed64;

  BigInteger textbookN;
  BigInteger textbookNSquared;
  SecureRandom random;

  @Setup
  public void setUp() {
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    pub = keys.publicKey();
    priv = keys.privateKey();
    pub.precompute();
    pubDirect = pub.withParameters(PaillierParameters.DEFAULT_2048.toBuilder()
        .tableLookup(PaillierParameters.TableLookup.DIRECT).build());
    pubDirect.precompute();
    priv.encrypt(VALUE, FixedPointEncoding.DEFAULT); // builds the key holder's CRT tables
    c1 = pub.encrypt(VALUE, FixedPointEncoding.DEFAULT);
    c2 = pub.encrypt(-VALUE / 3, FixedPointEncoding.DEFAULT);

    jPriv = com.n1analytics.paillier.PaillierPrivateKey.create(2048);
    jContext = jPriv.getPublicKey().createSignedContext();
    j1 = jContext.encrypt(VALUE).obfuscate();
    j2 = jContext.encrypt(-VALUE / 3).obfuscate();
    System.out.println("# javallier uses GMP: "
        + com.n1analytics.paillier.util.BigIntegerUtil.USE_GMP);

    small64 = new Ciphertext[CompressedCiphertext.valuesPerCiphertext(pub, 64)];
    if (small64.length != 25) {
      throw new IllegalStateException("values per compressed ciphertext changed: update "
          + "@OperationsPerInvocation");
    }
    java.util.Random values = new java.util.Random(5);
    for (int i = 0; i < small64.length; i++) {
      small64[i] = pub.encrypt(FixedPointEncoding.INTEGER.encode(values.nextLong()));
    }
    compressed64 = CompressedCiphertext.compress(small64, 64);

    textbookN = pub.modulus();
    textbookNSquared = pub.modulusSquared();
    random = new SecureRandom();
  }

  @Benchmark
  public Ciphertext encryptFedCredit() {
    return pub.encrypt(VALUE, FixedPointEncoding.DEFAULT);
  }

  @Benchmark
  public Ciphertext encryptFedCreditDirectLookup() {
    return pubDirect.encrypt(VALUE, FixedPointEncoding.DEFAULT);
  }

  /** Encryption by the key holder, with the factorization (CRT), constant-time tables. */
  @Benchmark
  public Ciphertext encryptFedCreditKeyHolder() {
    return priv.encrypt(VALUE, FixedPointEncoding.DEFAULT);
  }

  @Benchmark
  public BigInteger encryptJavallierObfuscated() {
    return jContext.encrypt(VALUE).obfuscate().calculateCiphertext();
  }

  /** {@code (1 + m n) r^n mod n^2} with r uniform below n and {@code BigInteger.modPow}. */
  @Benchmark
  public BigInteger encryptTextbook() {
    BigInteger m = BigInteger.valueOf(Math.round(Math.scalb(VALUE, 32)));
    BigInteger r = new BigInteger(textbookN.bitLength() - 1, random).add(BigInteger.ONE);
    BigInteger gm = BigInteger.ONE.add(m.multiply(textbookN));
    return gm.multiply(r.modPow(textbookN, textbookNSquared)).mod(textbookNSquared);
  }

  @Benchmark
  public Object decryptFedCredit() {
    return priv.decrypt(c1);
  }

  @Benchmark
  public Object decryptJavallier() {
    return jPriv.decrypt(j1);
  }

  /** Key-holder side of compressed decryption: values per second (64-bit values, 25 per op). */
  @Benchmark
  @OperationsPerInvocation(25)
  public EncodedPlaintext[] decryptCompressedFedCredit() {
    return priv.decryptCompressed(compressed64);
  }

  /** Compression by the ciphertext holder plus decryption: values per second, end to end. */
  @Benchmark
  @OperationsPerInvocation(25)
  public EncodedPlaintext[] compressAndDecryptFedCredit() {
    return priv.decryptCompressed(CompressedCiphertext.compress(small64, 64));
  }

  @Benchmark
  public Ciphertext addFedCredit() {
    return c1.add(c2);
  }

  @Benchmark
  public EncryptedNumber addJavallier() {
    return j1.add(j2);
  }

  @Benchmark
  public Ciphertext scalarMultiplyFedCredit() {
    return c1.multiply(SCALAR);
  }

  @Benchmark
  public BigInteger scalarMultiplyJavallier() {
    return j1.multiply(SCALAR).calculateCiphertext();
  }

  @Benchmark
  public Ciphertext rerandomizeFedCredit() {
    return c1.rerandomize();
  }
}
