package io.fedcredit.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.crypto.CryptoException;
import io.fedcredit.crypto.EncodingMismatchException;
import io.fedcredit.crypto.InvalidCiphertextException;
import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.KeyMismatchException;
import io.fedcredit.crypto.PlaintextOverflowException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PaillierTest {
  private final PaillierPublicKey pub = TestKeys.a().publicKey();
  private final PaillierPrivateKey priv = TestKeys.a().privateKey();
  private final FixedPointEncoding enc = FixedPointEncoding.DEFAULT;

  @Test
  void encryptsAndDecryptsRealsIntegersAndExtremes() {
    for (double v : new double[] {0.0, -0.0, 1.5, -1.5, 1e-9, -123456.789, 1e15, -1e15}) {
      assertEquals(enc.decode(enc.encode(v).scaledValue()), priv.decryptDouble(pub.encrypt(v, enc)),
          "value " + v);
    }
    BigInteger max = pub.maxPlaintextMagnitude();
    for (BigInteger m : new BigInteger[] {max, max.negate(), BigInteger.ZERO, BigInteger.ONE}) {
      EncodedPlaintext p = FixedPointEncoding.INTEGER.fromScaled(m);
      assertEquals(p, priv.decrypt(pub.encrypt(p)));
    }
  }

  @Test
  void fixedBaseTableComputesTheOffsetPower() {
    BarrettReducer reducer = new BarrettReducer(pub.modulusSquared());
    for (boolean constantTime : new boolean[] {true, false}) {
      FixedBaseTable table = new FixedBaseTable(pub.randomnessBase(), reducer, 1024, 7,
          constantTime);
      byte[] x = new byte[128];
      new SecureRandom().nextBytes(x);
      BigInteger exponent = new BigInteger(1, reverse(x)).add(table.exponentOffset());
      assertEquals(pub.randomnessBase().modPow(exponent, pub.modulusSquared()), table.pow(x));
    }
  }

  private static byte[] reverse(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }

  @Test
  void barrettMatchesMod() {
    BarrettReducer reducer = new BarrettReducer(pub.modulusSquared());
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 200; i++) {
      BigInteger a = new BigInteger(4096, random).mod(pub.modulusSquared());
      BigInteger b = new BigInteger(4096, random).mod(pub.modulusSquared());
      assertEquals(a.multiply(b).mod(pub.modulusSquared()), reducer.multiply(a, b));
    }
    assertEquals(BigInteger.ZERO, reducer.multiply(BigInteger.ZERO, BigInteger.TEN));
  }

  @Test
  void keyHolderEncryptionUsesTheSameRandomizerComputedByCrt() {
    for (int i = 0; i < 5; i++) {
      byte[] x = pub.randomExponent();
      assertEquals(pub.table().pow(x), priv.crtRandomness(x));
    }
    assertEquals(-7.125, priv.decryptDouble(priv.encrypt(-7.125, enc)));
    double[] values = {0.0, 1e6, -3.5};
    assertArrayEquals(values, priv.decryptAll(priv.encryptAll(values, enc)));
    assertThrows(PlaintextOverflowException.class, () -> priv.encrypt(
        FixedPointEncoding.INTEGER.fromScaled(pub.maxPlaintextMagnitude().add(BigInteger.ONE))));
  }

  @Test
  void directTableLookupGivesTheSamePlaintexts() {
    PaillierPublicKey direct = pub.withParameters(PaillierParameters.DEFAULT_2048.toBuilder()
        .tableLookup(PaillierParameters.TableLookup.DIRECT).build());
    assertEquals(pub, direct);
    assertEquals(-42.25, priv.decryptDouble(direct.encrypt(-42.25, enc)));
    // repeated encryptions leave the shared table entries intact (nothing writes into them)
    for (int i = 0; i < 20; i++) {
      assertEquals(i - 7.5, priv.decryptDouble(direct.encrypt(i - 7.5, enc)), "encryption " + i);
    }
  }

  @Test
  void homomorphicOperations() {
    Ciphertext a = pub.encrypt(2.5, enc);
    Ciphertext b = pub.encrypt(-4.0, enc);
    assertEquals(-1.5, priv.decryptDouble(a.add(b)));
    assertEquals(6.5, priv.decryptDouble(a.subtract(b)));
    assertEquals(-2.5, priv.decryptDouble(a.negate()));
    assertEquals(3.0, priv.decryptDouble(a.add(0.5)));
    assertEquals(-7.5, priv.decryptDouble(a.multiply(-3)));
    assertEquals(0.0, priv.decryptDouble(a.multiply(0)));
    Ciphertext product = a.multiply(enc.encode(-0.5));
    assertEquals(64, product.encoding().fractionalBits());
    assertEquals(-1.25, priv.decryptDouble(product));
    Ciphertext rescaled = a.rescale(FixedPointEncoding.withFractionalBits(40));
    assertEquals(2.5, priv.decryptDouble(rescaled));
    assertEquals(2.5, priv.decryptDouble(rescaled.add(pub.encrypt(0.0,
        FixedPointEncoding.withFractionalBits(40)))));
  }

  @Test
  void rerandomizationChangesTheValueNotThePlaintext() {
    Ciphertext a = pub.encrypt(7.0, enc);
    Ciphertext r = a.rerandomize();
    assertNotEquals(a.value(), r.value());
    assertEquals(7.0, priv.decryptDouble(r));
    assertNotEquals(pub.encrypt(7.0, enc).value(), pub.encrypt(7.0, enc).value());
  }

  @Test
  void derivedCiphertextsAreRerandomizedBeforeTheyAreShared() {
    Ciphertext a = pub.encrypt(3.0, enc);
    assertTrue(a.isSafeToShare());
    assertTrue(a.add(pub.encrypt(1.0, enc)).isSafeToShare());
    Ciphertext scaled = a.multiply(5);
    assertFalse(scaled.isSafeToShare());
    assertFalse(a.add(1.0).isSafeToShare());
    Ciphertext sent = Ciphertext.fromBytes(scaled.toBytes(), pub);
    assertNotEquals(scaled.value(), sent.value());
    assertEquals(15.0, priv.decryptDouble(sent));
  }

  @Test
  void mixingKeysOrEncodingsThrowsNamedExceptions() {
    PaillierPublicKey other = TestKeys.b().publicKey();
    Ciphertext a = pub.encrypt(1.0, enc);
    Ciphertext b = other.encrypt(1.0, enc);
    assertThrows(KeyMismatchException.class, () -> a.add(b));
    assertThrows(KeyMismatchException.class, () -> priv.decrypt(b));
    Ciphertext integer = pub.encrypt(FixedPointEncoding.INTEGER.encode(1));
    CryptoException e = assertThrows(EncodingMismatchException.class, () -> a.add(integer));
    assertTrue(e.getMessage().contains("fractionalBits=0"), e.getMessage());
    assertThrows(EncodingMismatchException.class,
        () -> a.add(FixedPointEncoding.INTEGER.encode(1)));
    assertThrows(EncodingMismatchException.class, () -> a.rescale(FixedPointEncoding.INTEGER));
  }

  @Test
  void overflowFailsLoudly() {
    BigInteger max = pub.maxPlaintextMagnitude();
    assertThrows(PlaintextOverflowException.class,
        () -> pub.encrypt(FixedPointEncoding.INTEGER.fromScaled(max.add(BigInteger.ONE))));
    assertThrows(PlaintextOverflowException.class,
        () -> pub.encrypt(Double.POSITIVE_INFINITY, enc));
    assertThrows(IllegalArgumentException.class, () -> pub.encrypt(Double.NaN, enc));
    Ciphertext big = pub.encrypt(FixedPointEncoding.INTEGER.fromScaled(max));
    // max + max lies in the unused middle third: decryption must refuse it
    assertThrows(PlaintextOverflowException.class, () -> priv.decrypt(big.add(big)));
    assertThrows(PlaintextOverflowException.class, () -> priv.decrypt(big.multiply(2)));
  }

  @Test
  void privateKeyPrintsOnlyItsId() {
    String text = priv.toString() + TestKeys.a() + pub;
    assertTrue(text.contains(pub.keyId()));
    BigInteger p = priv.primeP(io.fedcredit.crypto.InsecureSecretKeyAccess.get());
    assertFalse(text.contains(p.toString()) || text.contains(p.toString(16)));
    assertEquals(32, pub.keyId().length());
    assertThrows(NullPointerException.class, () -> priv.primeQ(null));
    assertFalse(enc.encode(12345.0).toString().contains("12345"));
  }

  @Test
  void threeThousandBitKeysWork() {
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_3072);
    PaillierPublicKey key = PaillierPublicKey.fromBytes(keys.publicKey().toBytes());
    assertEquals(3072, key.modulus().bitLength());
    Ciphertext c = key.encrypt(-12.5, enc).add(key.encrypt(2.0, enc));
    assertEquals(-10.5, keys.privateKey().decryptDouble(Ciphertext.fromBytes(c.toBytes(), key)));
  }

  @Test
  void parametersAreValidated() {
    assertEquals(3072, PaillierParameters.builder().modulusBits(3072).build().modulusBits());
    assertEquals(1536, PaillierParameters.DEFAULT_3072.randomnessExponentBits());
    InvalidParametersException e = assertThrows(InvalidParametersException.class,
        () -> PaillierParameters.builder().modulusBits(1024).build());
    assertTrue(e.getMessage().contains("modulusBits"), e.getMessage());
    assertThrows(InvalidParametersException.class,
        () -> PaillierParameters.builder().randomnessExponentBits(448).build());
    assertThrows(InvalidParametersException.class,
        () -> PaillierParameters.builder().windowBits(11).build());
    assertThrows(InvalidParametersException.class,
        () -> FixedPointEncoding.withFractionalBits(-1));
    assertThrows(KeyMismatchException.class,
        () -> pub.withParameters(PaillierParameters.DEFAULT_3072));
  }

  @Test
  void ciphertextsAreValidatedOnTheWayIn() {
    assertThrows(InvalidCiphertextException.class,
        () -> Ciphertext.of(pub, BigInteger.ZERO, enc));
    assertThrows(InvalidCiphertextException.class,
        () -> Ciphertext.of(pub, pub.modulusSquared(), enc));
    // a multiple of a factor of n passes the range check and is caught by the key holder
    Ciphertext shared = Ciphertext.of(pub, pub.modulus().add(pub.modulus()), enc);
    assertThrows(InvalidCiphertextException.class, () -> priv.decrypt(shared));
    BigInteger p = priv.primeP(io.fedcredit.crypto.InsecureSecretKeyAccess.get());
    assertThrows(InvalidCiphertextException.class,
        () -> priv.decrypt(Ciphertext.of(pub, p.multiply(BigInteger.valueOf(3)), enc)));
  }

  @Test
  void batchesMatchOneByOne() {
    double[] values = {1.0, -2.0, 3.25, 0.0, -1e6, 1e-3};
    Ciphertext[] c = pub.encryptAll(values, enc);
    double[] twice = priv.decryptAll(PaillierBatch.addAll(c, c));
    double[] scaled = priv.decryptAll(PaillierBatch.multiplyAll(c, new long[] {1, 2, 3, 4, 5, 6}));
    double[] shifted = priv.decryptAll(PaillierBatch.addPlaintexts(c, values));
    double[] same = priv.decryptAll(PaillierBatch.rerandomizeAll(c));
    for (int i = 0; i < values.length; i++) {
      double v = enc.decode(enc.encode(values[i]).scaledValue());
      assertEquals(2 * v, twice[i]);
      assertEquals((i + 1) * v, scaled[i]);
      assertEquals(2 * v, shifted[i]);
      assertEquals(v, same[i]);
    }
  }
}
