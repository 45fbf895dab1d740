package io.fedcredit.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedcredit.crypto.EncodingMismatchException;
import io.fedcredit.crypto.KeyMismatchException;
import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HomomorphicLinearAlgebraTest {
  private final PaillierPublicKey pub = TestKeys.a().publicKey();
  private final PaillierPrivateKey priv = TestKeys.a().privateKey();

  @Test
  void windowChoiceMinimizesTheCount() {
    assertEquals(8, BucketMultiExponentiation.window(10_000, 15));
    assertEquals(1, BucketMultiExponentiation.window(1, 1));
  }

  @Property(tries = 12)
  void transposeTimesMatchesThePlainProduct(@ForAll @IntRange(min = 1, max = 40) int rows,
      @ForAll @IntRange(min = 1, max = 3) int features, @ForAll long seed) {
    Random random = new Random(seed);
    long[][] x = new long[rows][features];
    long[] d = new long[rows];
    for (int i = 0; i < rows; i++) {
      d[i] = random.nextInt(2_000_001) - 1_000_000;
      for (int j = 0; j < features; j++) {
        int kind = random.nextInt(5);
        x[i][j] = kind == 0 ? 0 : kind == 1 ? Short.MIN_VALUE : kind == 2 ? Short.MAX_VALUE
            : random.nextInt(65536) - 32768;
      }
    }
    Ciphertext[] encrypted = new Ciphertext[rows];
    for (int i = 0; i < rows; i++) {
      encrypted[i] = pub.encrypt(FixedPointEncoding.INTEGER.encode(d[i]));
    }
    Ciphertext[] product = HomomorphicLinearAlgebra.transposeTimes(x, encrypted);
    for (int j = 0; j < features; j++) {
      BigInteger expected = BigInteger.ZERO;
      long[] column = new long[rows];
      for (int i = 0; i < rows; i++) {
        expected = expected.add(BigInteger.valueOf(x[i][j]).multiply(BigInteger.valueOf(d[i])));
        column[i] = x[i][j];
      }
      assertEquals(expected, priv.decrypt(product[j]).scaledValue());
      assertEquals(expected, priv.decrypt(HomomorphicLinearAlgebra.innerProduct(column, encrypted))
          .scaledValue());
      assertFalse(product[j].isSafeToShare());
    }
  }

  @Test
  void largeWeightsAndManyRowsUseSeveralBlocks() {
    int rows = 5000;
    long[][] x = new long[rows][1];
    Ciphertext one = pub.encrypt(FixedPointEncoding.DEFAULT.encode(0.5));
    Ciphertext[] d = new Ciphertext[rows];
    BigInteger expected = BigInteger.ZERO;
    for (int i = 0; i < rows; i++) {
      x[i][0] = (i % 2 == 0 ? 1L : -1L) * (i * 1_000_003L + (1L << 40));
      d[i] = one;
      expected = expected.add(BigInteger.valueOf(x[i][0]));
    }
    Ciphertext[] out = HomomorphicLinearAlgebra.transposeTimes(x, d);
    assertEquals(expected.doubleValue() * 0.5, priv.decryptDouble(out[0]));
  }

  @Test
  void rejectsMixedKeysEncodingsAndShapes() {
    Ciphertext a = pub.encrypt(1.0, FixedPointEncoding.DEFAULT);
    Ciphertext b = TestKeys.b().publicKey().encrypt(1.0, FixedPointEncoding.DEFAULT);
    Ciphertext c = pub.encrypt(FixedPointEncoding.INTEGER.encode(1));
    assertThrows(KeyMismatchException.class,
        () -> HomomorphicLinearAlgebra.innerProduct(new long[] {1, 1}, new Ciphertext[] {a, b}));
    assertThrows(EncodingMismatchException.class,
        () -> HomomorphicLinearAlgebra.innerProduct(new long[] {1, 1}, new Ciphertext[] {a, c}));
    assertThrows(IllegalArgumentException.class,
        () -> HomomorphicLinearAlgebra.innerProduct(new long[] {1}, new Ciphertext[] {a, a}));
    assertThrows(IllegalArgumentException.class,
        () -> HomomorphicLinearAlgebra.transposeTimes(new long[][] {{1, 2}, {1}},
            new Ciphertext[] {a, a}));
    assertThrows(IllegalArgumentException.class,
        () -> HomomorphicLinearAlgebra.innerProduct(new long[] {Long.MIN_VALUE},
            new Ciphertext[] {a}));
  }
}
