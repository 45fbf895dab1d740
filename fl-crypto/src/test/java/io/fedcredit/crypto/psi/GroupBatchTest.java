package io.fedcredit.crypto.psi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The batched operations agree with one X25519 at a time, zeros included. */
class GroupBatchTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Property(tries = 30)
  void batchInversionHandlesZerosAnywhere(@ForAll @IntRange(min = 1, max = 128) int m,
      @ForAll long seed) {
    java.util.Random r = new java.util.Random(seed);
    GroupBatch.Worker w = new GroupBatch.Worker(null);
    BigInteger[] expected = new BigInteger[m];
    for (int i = 0; i < m; i++) {
      long[] z = r.nextInt(5) == 0 ? Field25519.create() : Field25519Test.randomLimbs(r, 51);
      Field25519.copy(w.z[i], z);
      BigInteger v = Field25519Test.value(z);
      expected[i] = v.signum() == 0 ? BigInteger.ZERO : v.modInverse(Field25519Test.P);
    }
    w.batchInvert(m);
    for (int i = 0; i < m; i++) {
      assertEquals(expected[i], Field25519Test.value(w.z[i]), "element " + i);
    }
  }

  /** Blinding in batches over threads equals X25519 with the same (unclamped) scalar. */
  @Property(tries = 5)
  void batchedBlindingMatchesSingleLadders(@ForAll @IntRange(min = 1, max = 700) int n,
      @ForAll @IntRange(min = 1, max = 3) int threads) {
    BlindingKey key = BlindingKey.generate(RANDOM);
    byte[] scalar = key.toBytes(io.fedcredit.crypto.InsecureSecretKeyAccess.get());
    byte[] in = GroupBatch.hashOnly(n, i -> new byte[] {(byte) i, (byte) (i >>> 8)},
        EcdhPsiParty.DST);
    byte[] out = GroupBatch.blind(in, key.words(), threads, "test");
    for (int i = 0; i < n; i += 37) {
      byte[] u = java.util.Arrays.copyOfRange(in, 32 * i, 32 * i + 32);
      long[] x1 = Field25519.create();
      Field25519.decode(x1, u, 0);
      long[] x = Field25519.create();
      long[] z = Field25519.create();
      new X25519.Ladder().run(x1, X25519.scalarWords(scalar), x, z);
      Field25519.inv(z, z);
      Field25519.mul(x, x, z);
      byte[] expected = new byte[32];
      Field25519.encode(x, expected, 0);
      assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 32 * i, 32 * i + 32));
    }
    byte[] hashedAndBlinded = GroupBatch.hashAndBlind(n,
        i -> new byte[] {(byte) i, (byte) (i >>> 8)}, EcdhPsiParty.DST, key.words(), threads);
    assertArrayEquals(out, hashedAndBlinded);
  }
}
