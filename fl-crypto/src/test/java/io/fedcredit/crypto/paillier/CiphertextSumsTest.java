package io.fedcredit.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.crypto.KeyMismatchException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Sums in many groupings: both arithmetics give the same ciphertexts, the same compressed parts as
 * {@link CompressedCiphertext#compress}, and the exact sums.
 */
class CiphertextSumsTest {
  private final PaillierPublicKey pub = TestKeys.a().publicKey();
  private final PaillierPrivateKey priv = TestKeys.a().privateKey();

  private List<CiphertextSums.Arithmetic> arithmetics() {
    List<CiphertextSums.Arithmetic> out = new ArrayList<>();
    for (CiphertextSums.Arithmetic a : CiphertextSums.Arithmetic.values()) {
      if (a.isAvailable()) {
        out.add(a);
      }
    }
    return out;
  }

  @Test
  void theBuildRunsTheAcceleratedPath() {
    // the build's argLine opens java.math; an IDE run without it only tests Barrett
    if (Boolean.getBoolean("fedcredit.expect.montgomery")) {
      assertTrue(CiphertextSums.Arithmetic.JDK_MONTGOMERY.isAvailable(),
          CiphertextSums.Arithmetic.whyNotMontgomery());
      assertEquals(CiphertextSums.Arithmetic.JDK_MONTGOMERY,
          CiphertextSums.Arithmetic.fastest());
    }
  }

  @Property(tries = 6)
  void groupSumsAreExactAndTheSameInEveryArithmetic(@ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 6) int groups, @ForAll long seed) {
    Random r = new Random(seed);
    Ciphertext[] values = new Ciphertext[n];
    long[] plain = new long[n];
    for (int i = 0; i < n; i++) {
      if (r.nextInt(5) == 0) {
        continue; // no value here
      }
      plain[i] = r.nextInt(2_000_001) - 1_000_000;
      values[i] = pub.encrypt(FixedPointEncoding.INTEGER.encode(plain[i]));
    }
    int[] group = r.ints(n, 0, groups).toArray();
    List<BigInteger[]> results = new ArrayList<>();
    List<BigInteger[]> compressed = new ArrayList<>();
    for (CiphertextSums.Arithmetic a : arithmetics()) {
      if (java.util.Arrays.stream(values).allMatch(v -> v == null)) {
        assertThrows(IllegalArgumentException.class, () -> CiphertextSums.of(values, a));
        return;
      }
      CiphertextSums sums = CiphertextSums.of(values, a);
      CiphertextSums.Sum[] s = new CiphertextSums.Sum[groups];
      long[] expected = new long[groups];
      for (int g = 0; g < groups; g++) {
        s[g] = sums.newSum();
      }
      for (int i = 0; i < n; i++) {
        if (sums.has(i)) {
          s[group[i]].add(i);
          expected[group[i]] += plain[i];
        }
      }
      // a sum of sums
      CiphertextSums.Sum total = sums.newSum();
      List<CiphertextSums.Sum> present = new ArrayList<>();
      BigInteger[] out = new BigInteger[groups + 1];
      for (int g = 0; g < groups; g++) {
        total.add(s[g]);
        if (!s[g].isEmpty()) {
          present.add(s[g]);
          Ciphertext c = s[g].toCiphertext();
          assertEquals(expected[g], priv.decrypt(c).toLongExact(), a + " group " + g);
          out[g] = c.value();
        }
      }
      out[groups] = total.toCiphertext().value();
      results.add(out);
      CompressedCiphertext cc = sums.compress(present, 40);
      compressed.add(cc.ciphertextValues());
      Ciphertext[] asCiphertexts = present.stream().map(CiphertextSums.Sum::toCiphertext)
          .toArray(Ciphertext[]::new);
      assertArrayEquals(CompressedCiphertext.compress(asCiphertexts, 40).ciphertextValues(),
          cc.ciphertextValues(), a.toString());
      EncodedPlaintext[] dec = priv.decryptCompressed(cc.rerandomize());
      int k = 0;
      for (int g = 0; g < groups; g++) {
        if (!s[g].isEmpty()) {
          assertEquals(expected[g], dec[k++].toLongExact());
        }
      }
    }
    for (int i = 1; i < results.size(); i++) {
      assertArrayEquals(results.get(0), results.get(i));
      assertArrayEquals(compressed.get(0), compressed.get(i));
    }
  }

  @Test
  void mixingKeysOrSumsIsRefused() {
    Ciphertext a = pub.encrypt(1.0, FixedPointEncoding.DEFAULT);
    Ciphertext b = TestKeys.b().publicKey().encrypt(1.0, FixedPointEncoding.DEFAULT);
    assertThrows(KeyMismatchException.class, () -> CiphertextSums.of(new Ciphertext[] {a, b},
        CiphertextSums.Arithmetic.BARRETT));
    CiphertextSums one = CiphertextSums.of(new Ciphertext[] {a}, CiphertextSums.Arithmetic.fastest());
    CiphertextSums two = CiphertextSums.of(new Ciphertext[] {a}, CiphertextSums.Arithmetic.fastest());
    CiphertextSums.Sum s = one.newSum().add(0);
    assertThrows(IllegalArgumentException.class, () -> s.add(s));
    assertThrows(IllegalArgumentException.class, () -> s.add(two.newSum().add(0)));
    assertThrows(IllegalArgumentException.class, () -> one.newSum().add(1 - 1).add(5));
    assertThrows(IllegalStateException.class, () -> one.newSum().toCiphertext());
  }
}
