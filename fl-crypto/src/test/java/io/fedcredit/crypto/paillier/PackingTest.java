package io.fedcredit.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedcredit.crypto.EncodingMismatchException;
import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.KeyMismatchException;
import io.fedcredit.crypto.PlaintextOverflowException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PackingTest {
  private final PaillierPublicKey pub = TestKeys.a().publicKey();
  private final PaillierPrivateKey priv = TestKeys.a().privateKey();

  record Case(PackingScheme scheme, List<long[]> vectors) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> valueBits = Arbitraries.integers().between(2, 40);
    Arbitrary<Integer> summands = Arbitraries.integers().between(1, 6);
    Arbitrary<Integer> maxSummands = Arbitraries.of(6, 8, 64, 1000, 65536);
    Arbitrary<Integer> length = Arbitraries.integers().between(0, 250);
    return Combinators.combine(valueBits, summands, maxSummands, length).flatAs((v, k, max, n) -> {
      PackingScheme scheme = PackingScheme.builder().valueBits(v).fractionalBits(v / 2)
          .maxSummands(max).build();
      long bound = (1L << (v - 1)) - 1;
      Arbitrary<Long> value = Arbitraries.oneOf(Arbitraries.longs().between(-bound, bound),
          Arbitraries.of(0L, bound, -bound));
      Arbitrary<long[]> vector = value.array(long[].class).ofSize(n);
      return vector.list().ofSize(k).map(list -> new Case(scheme, list));
    });
  }

  @Property(tries = 25)
  void sumsOfPackedVectorsRoundTripExactly(@ForAll("cases") Case c) {
    PackedCiphertext sum = null;
    long[] expected = new long[c.vectors().get(0).length];
    for (long[] v : c.vectors()) {
      PackedCiphertext packed = c.scheme().encryptQuantized(v, pub);
      sum = sum == null ? packed : sum.add(packed);
      for (int i = 0; i < v.length; i++) {
        expected[i] += v[i];
      }
    }
    assertEquals(c.vectors().size(), sum.summands());
    assertArrayEquals(expected, c.scheme().unpackQuantizedSums(sum, priv));
  }

  /**
   * Banks in one process (the demo, simulations, benchmarks) each hold their own copy of the job's
   * key and encrypt at the same time, so each first encryption builds a table while other threads'
   * parallel loops run on the common pool. Built lazily inside the loop, this deadlocked on two
   * cores (one pool worker blocked on a key's lock, its builder waiting for that worker).
   */
  @Test
  @Timeout(120)
  void concurrentFirstEncryptionsWithFreshKeyCopiesFinishAndSumExactly() throws Exception {
    PackingScheme scheme = PackingScheme.builder().valueBits(40).fractionalBits(15)
        .maxSummands(8).build();
    int parties = 8;
    long[][] inputs = new long[parties][];
    long[] expected = new long[500]; // 12 ciphertexts each with 2048-bit keys
    for (int p = 0; p < parties; p++) {
      inputs[p] = new long[expected.length];
      for (int i = 0; i < expected.length; i++) {
        inputs[p][i] = (i * 7919L + p * 104729L) % 1_000_003L - 500_000L;
        expected[i] += inputs[p][i];
      }
    }
    byte[] keyBytes = pub.toBytes();
    ExecutorService pool = Executors.newFixedThreadPool(parties);
    try {
      List<Future<PackedCiphertext>> sent = new ArrayList<>();
      for (int p = 0; p < parties; p++) {
        long[] mine = inputs[p];
        // a fresh copy of the key, as each bank deserializes it: no table built yet
        sent.add(pool.submit(() -> scheme.encryptQuantized(mine,
            PaillierPublicKey.fromBytes(keyBytes))));
      }
      PackedCiphertext sum = sent.get(0).get(100, TimeUnit.SECONDS);
      for (int p = 1; p < parties; p++) {
        sum = sum.add(sent.get(p).get(100, TimeUnit.SECONDS));
      }
      assertArrayEquals(expected, scheme.unpackQuantizedSums(sum, priv));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void doublesAreQuantizedAndSummedExactly() {
    PackingScheme scheme = PackingScheme.builder().valueBits(16).fractionalBits(8)
        .maxSummands(64).build();
    assertEquals(22, scheme.slotBits());
    assertEquals(93, scheme.slotsPerCiphertext(pub));
    double[] a = new double[200];
    double[] b = new double[200];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i - 100) * 1.2;
      b[i] = -i * 0.5;
    }
    PackedCiphertext sum = scheme.encrypt(a, pub).add(scheme.encrypt(b, pub));
    assertEquals(3, sum.ciphertextCount());
    double[] out = scheme.unpackDoubles(sum, priv);
    for (int i = 0; i < a.length; i++) {
      double qa = scheme.quantize(a[i]) / 256.0;
      double qb = scheme.quantize(b[i]) / 256.0;
      assertEquals(qa + qb, out[i], 0.0);
    }
  }

  @Test
  void overflowIsDetected() {
    PackingScheme scheme = PackingScheme.builder().valueBits(8).fractionalBits(0)
        .maxSummands(2).build();
    assertThrows(PlaintextOverflowException.class, () -> scheme.quantize(128));
    assertThrows(PlaintextOverflowException.class, () -> scheme.quantize(Double.NaN));
    assertThrows(PlaintextOverflowException.class,
        () -> scheme.encryptQuantized(new long[] {1, -128}, pub));
    PackedCiphertext one = scheme.encryptQuantized(new long[] {127, -127}, pub);
    PackedCiphertext two = one.add(one);
    assertArrayEquals(new long[] {254, -254}, scheme.unpackQuantizedSums(two, priv));
    assertThrows(PlaintextOverflowException.class, () -> two.add(one));
    // a malicious contribution with a slot above its range is caught when unpacking
    BigInteger bad = pub.withPlaintext(pub.randomness(), BigInteger.valueOf(255 + 1));
    PackedCiphertext forged = PackedCiphertext.of(scheme, pub, 2, 1, new BigInteger[] {bad});
    assertThrows(PlaintextOverflowException.class,
        () -> scheme.unpackQuantizedSums(forged, priv));
    assertThrows(PlaintextOverflowException.class,
        () -> PackedCiphertext.of(scheme, pub, 2, 3, new BigInteger[] {bad}));
  }

  @Test
  void mixingSchemesOrKeysThrows() {
    PackingScheme s1 = PackingScheme.builder().build();
    PackingScheme s2 = PackingScheme.builder().valueBits(20).build();
    PackedCiphertext a = s1.encrypt(new double[] {1, 2}, pub);
    assertThrows(EncodingMismatchException.class,
        () -> a.add(s2.encrypt(new double[] {1, 2}, pub)));
    assertThrows(KeyMismatchException.class,
        () -> a.add(s1.encrypt(new double[] {1, 2}, TestKeys.b().publicKey())));
    assertThrows(InvalidParametersException.class, () -> a.add(s1.encrypt(new double[] {1}, pub)));
    assertThrows(EncodingMismatchException.class, () -> s2.unpackDoubles(a, priv));
    assertThrows(InvalidParametersException.class,
        () -> PackingScheme.builder().maxSummands(0).build());
  }

  @Test
  void keyHolderEncryptionFromInsideParallelLoopsWithAFreshKeyFinishes() throws Exception {
    // a fresh copy of the private key builds its CRT tables lazily, under its lock, on the first
    // encryption; here that first encryption happens inside common-pool workers
    PaillierPrivateKey fresh = PaillierPrivateKey.fromBytes(
        priv.toBytes(io.fedcredit.crypto.InsecureSecretKeyAccess.get()),
        io.fedcredit.crypto.InsecureSecretKeyAccess.get());
    double[] out = new double[64];
    java.util.concurrent.ForkJoinTask<?> task = java.util.concurrent.ForkJoinPool.commonPool()
        .submit(() -> java.util.stream.IntStream.range(0, out.length).parallel().forEach(i ->
            out[i] = priv.decryptDouble(fresh.encrypt(i * 0.5, FixedPointEncoding.DEFAULT))));
    task.get(100, TimeUnit.SECONDS);
    for (int i = 0; i < out.length; i++) {
      assertEquals(i * 0.5, out[i], 1e-9, "value " + i);
    }
  }
}
