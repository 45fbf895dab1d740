package io.fedcredit.crypto.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.crypto.kex.AgreementKeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SecAggPrimitivesTest {
  private final SecureRandom random = new SecureRandom();

  @Property(tries = 50)
  void anyThresholdSubsetReconstructs(@ForAll @IntRange(min = 2, max = 12) int n,
      @ForAll @IntRange(min = 1, max = 12) int t0, @ForAll long salt) {
    int t = Math.min(t0, n);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    secret[0] = (byte) (salt & 0x7F);
    List<Share> shares = new ArrayList<>(ShamirSharing.split(secret, n, t, random));
    Collections.shuffle(shares, new java.util.Random(salt));
    assertArrayEquals(secret, ShamirSharing.reconstruct(shares.subList(0, t), t, 32));
  }

  @Test
  void fewerThanThresholdSharesFail() {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    List<Share> shares = ShamirSharing.split(secret, 5, 3, random);
    BelowThresholdException e = assertThrows(BelowThresholdException.class,
        () -> ShamirSharing.reconstruct(shares.subList(0, 2), 3, 32));
    assertEquals(2, e.remaining());
    // and interpolating t-1 shares as if they were enough gives an unrelated value
    byte[] wrong = lagrangeOfTwo(shares);
    assertFalse(Arrays.equals(secret, wrong));
  }

  private static byte[] lagrangeOfTwo(List<Share> shares) {
    try {
      return ShamirSharing.reconstruct(shares.subList(0, 2), 2, 66);
    } catch (SecureAggregationException e) {
      return new byte[0];
    }
  }

  @Test
  void shareToStringHidesTheSecret() {
    Share s = ShamirSharing.split(new byte[] {1, 2, 3}, 3, 2, random).get(0);
    assertEquals("Share[x=1]", s.toString());
    assertEquals(s, Share.fromBytes(s.toBytes()));
    assertThrows(SecureAggregationException.class, () -> Share.fromBytes(new byte[3]));
  }

  @Test
  void masksCancelAndDiffer() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    long[] v = {1, 2, 3, Long.MAX_VALUE, Long.MIN_VALUE};
    long[] w = v.clone();
    MaskGenerator.apply(seed, w, true);
    assertFalse(Arrays.equals(v, w));
    MaskGenerator.apply(seed, w, false);
    assertArrayEquals(v, w);
    byte[] other = seed.clone();
    other[0] ^= 1;
    assertFalse(Arrays.equals(MaskGenerator.expand(seed, 4), MaskGenerator.expand(other, 4)));
    assertThrows(SecureAggregationException.class,
        () -> MaskGenerator.apply(new byte[8], new long[1], true));
  }

  @Test
  void agreementIsSymmetricAndRejectsSmallOrderKeys() {
    AgreementKeyPair a = AgreementKeyPair.generate(random);
    AgreementKeyPair b = AgreementKeyPair.generate(random);
    assertArrayEquals(a.agree(b.publicKey()), b.agree(a.publicKey()));
    assertThrows(io.fedcredit.crypto.MalformedKeyException.class, () -> a.agree(new byte[32]));
    assertThrows(io.fedcredit.crypto.MalformedKeyException.class,
        () -> AgreementKeyPair.requireUsable(new byte[32], random));
    assertTrue(a.toString().startsWith("AgreementKeyPair[public "));
    assertArrayEquals(a.publicKey(),
        AgreementKeyPair.fromPrivateKey(
            a.privateKeyForSharing(io.fedcredit.crypto.InsecureSecretKeyAccess.get())).publicKey());
  }

  @Test
  void fixedPointRingRefusesWhatCouldWrap() {
    FixedPointRing ring = new FixedPointRing(24, 1 << 20, 1000);
    assertEquals(-1.5, ring.decode(ring.encode(-1.5)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FixedPointRing(40, 1 << 20, 1000));
    assertTrue(e.getMessage().contains("could wrap"), e.getMessage());
    IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
        () -> ring.encode(new double[] {0, Double.NaN}));
    assertTrue(v.getMessage().startsWith("value 1 is NaN"), v.getMessage());
  }

  @Test
  void envelopesBindTheirContext() {
    AgreementKeyPair a = AgreementKeyPair.generate(random);
    AgreementKeyPair b = AgreementKeyPair.generate(random);
    byte[] ctx = ShareEnvelope.context("job", 1, "a", "b");
    byte[] sealed = ShareEnvelope.seal(a.agree(b.publicKey()), ctx, new byte[] {9, 8, 7}, random);
    assertArrayEquals(new byte[] {9, 8, 7}, ShareEnvelope.open(b.agree(a.publicKey()), ctx,
        sealed));
    byte[] otherRound = ShareEnvelope.context("job", 2, "a", "b");
    assertThrows(SecureAggregationException.class,
        () -> ShareEnvelope.open(b.agree(a.publicKey()), otherRound, sealed));
  }
}
