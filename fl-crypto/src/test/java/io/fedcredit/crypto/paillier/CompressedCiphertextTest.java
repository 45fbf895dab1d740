package io.fedcredit.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedcredit.crypto.EncodingMismatchException;
import io.fedcredit.crypto.InvalidCiphertextException;
import io.fedcredit.crypto.KeyMismatchException;
import io.fedcredit.crypto.PlaintextOverflowException;
import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CompressedCiphertextTest {
  private final PaillierPublicKey pub = TestKeys.a().publicKey();
  private final PaillierPrivateKey priv = TestKeys.a().privateKey();

  private Ciphertext encrypt(BigInteger m) {
    return pub.encrypt(FixedPointEncoding.INTEGER.fromScaled(m));
  }

  @Property(tries = 10)
  void compressedValuesDecryptExactly(@ForAll @IntRange(min = 1, max = 120) int valueBits,
      @ForAll @IntRange(min = 1, max = 70) int count, @ForAll long seed) {
    Random random = new Random(seed);
    BigInteger half = BigInteger.ONE.shiftLeft(valueBits - 1);
    BigInteger[] values = new BigInteger[count];
    Ciphertext[] c = new Ciphertext[count];
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(4);
      values[i] = kind == 0 ? half.negate() : kind == 1 ? half.subtract(BigInteger.ONE)
          : new BigInteger(valueBits, random).subtract(half);
      c[i] = encrypt(values[i]);
    }
    CompressedCiphertext compressed = CompressedCiphertext.compress(c, valueBits);
    EncodedPlaintext[] out = priv.decryptCompressed(compressed);
    for (int i = 0; i < count; i++) {
      assertEquals(values[i], out[i].scaledValue(), "value " + i);
    }
    CompressedCiphertext copy = CompressedCiphertext.of(pub, FixedPointEncoding.INTEGER,
        valueBits, count, compressed.ciphertextValues());
    assertEquals(values[count - 1], priv.decryptCompressed(copy)[count - 1].scaledValue());
  }

  @Test
  void rerandomizedCompressionHidesWhichCiphertextsWereCombinedButKeepsTheValues() {
    BigInteger[] values = {BigInteger.valueOf(-7), BigInteger.valueOf(1L << 40),
        BigInteger.valueOf(3)};
    Ciphertext[] c = new Ciphertext[values.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = encrypt(values[i]);
    }
    CompressedCiphertext compressed = CompressedCiphertext.compress(c, 64);
    CompressedCiphertext fresh = compressed.rerandomize();
    // the same inputs compress to the same value; the re-randomized one differs
    assertEquals(compressed.ciphertextValues()[0],
        CompressedCiphertext.compress(c, 64).ciphertextValues()[0]);
    org.junit.jupiter.api.Assertions.assertNotEquals(compressed.ciphertextValues()[0],
        fresh.ciphertextValues()[0]);
    EncodedPlaintext[] out = priv.decryptCompressed(fresh);
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], out[i].scaledValue());
    }
  }

  @Test
  void keyHolderEncryptsIntegerPlaintextsInBulk() {
    EncodedPlaintext[] p = {FixedPointEncoding.INTEGER.fromScaled(BigInteger.ONE.shiftLeft(100)),
        FixedPointEncoding.INTEGER.fromScaled(BigInteger.valueOf(-5))};
    Ciphertext[] c = priv.encryptAll(p);
    assertEquals(p[0], priv.decrypt(c[0]));
    assertEquals(p[1], priv.decrypt(c[1]));
    EncodedPlaintext tooLarge = FixedPointEncoding.INTEGER.fromScaled(pub.modulus());
    assertThrows(PlaintextOverflowException.class,
        () -> priv.encryptAll(new EncodedPlaintext[] {p[0], tooLarge}));
  }

  @Test
  void realValuesKeepTheirEncoding() {
    Ciphertext[] c = pub.encryptAll(new double[] {1.5, -2.25, 0}, FixedPointEncoding.DEFAULT);
    EncodedPlaintext[] out = priv.decryptCompressed(CompressedCiphertext.compress(c, 48));
    assertEquals(-2.25, out[1].toDouble());
    assertEquals(FixedPointEncoding.DEFAULT, out[0].encoding());
  }

  @Test
  void valuesOutsideTheDeclaredRangeAreDetected() {
    CompressedCiphertext high = CompressedCiphertext.compress(new Ciphertext[] {
        encrypt(BigInteger.ONE), encrypt(BigInteger.valueOf(128)), encrypt(BigInteger.ONE)}, 8);
    assertThrows(PlaintextOverflowException.class, () -> priv.decryptCompressed(high));
    CompressedCiphertext low = CompressedCiphertext.compress(new Ciphertext[] {
        encrypt(BigInteger.ONE), encrypt(BigInteger.valueOf(-1000))}, 8);
    assertThrows(PlaintextOverflowException.class, () -> priv.decryptCompressed(low));
    CompressedCiphertext last = CompressedCiphertext.compress(new Ciphertext[] {
        encrypt(BigInteger.ONE), encrypt(BigInteger.valueOf(1L << 40))}, 8);
    assertThrows(PlaintextOverflowException.class, () -> priv.decryptCompressed(last));
  }

  @Test
  void mixingKeysEncodingsOrCountsThrows() {
    Ciphertext a = pub.encrypt(1.0, FixedPointEncoding.DEFAULT);
    assertThrows(KeyMismatchException.class, () -> CompressedCiphertext.compress(
        new Ciphertext[] {a, TestKeys.b().publicKey().encrypt(1.0, FixedPointEncoding.DEFAULT)},
        40));
    assertThrows(EncodingMismatchException.class, () -> CompressedCiphertext.compress(
        new Ciphertext[] {a, encrypt(BigInteger.ONE)}, 40));
    CompressedCiphertext compressed = CompressedCiphertext.compress(new Ciphertext[] {a}, 40);
    assertThrows(KeyMismatchException.class,
        () -> TestKeys.b().privateKey().decryptCompressed(compressed));
    assertThrows(InvalidCiphertextException.class, () -> CompressedCiphertext.of(pub,
        FixedPointEncoding.DEFAULT, 40, 1000, compressed.ciphertextValues()));
  }
}
