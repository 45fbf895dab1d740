package io.fedcredit.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedcredit.crypto.PlaintextOverflowException;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Homomorphic identities over random values, negatives, zero and the extremes of the range. */
class PaillierPropertiesTest {
  private final PaillierPublicKey pub = TestKeys.a().publicKey();
  private final PaillierPrivateKey priv = TestKeys.a().privateKey();

  @Provide
  Arbitrary<Long> longs() {
    return Arbitraries.oneOf(Arbitraries.longs(),
        Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE + 1, 1L << 62, -(1L << 62)));
  }

  @Provide
  Arbitrary<BigInteger> plaintexts() {
    BigInteger max = pub.maxPlaintextMagnitude();
    return Arbitraries.oneOf(
        Arbitraries.bigIntegers().between(max.negate(), max),
        Arbitraries.of(BigInteger.ZERO, max, max.negate(), BigInteger.ONE.negate()));
  }

  @Provide
  Arbitrary<Double> reals() {
    return Arbitraries.oneOf(Arbitraries.doubles().between(-1e9, 1e9),
        Arbitraries.of(0.0, -0.0, 1e-12, -1e-12, 4.9e-324, Double.MIN_NORMAL, 1e15, -1e15));
  }

  private Ciphertext encryptInteger(BigInteger m) {
    return pub.encrypt(FixedPointEncoding.INTEGER.fromScaled(m));
  }

  @Property(tries = 40)
  void sumOfEncryptionsDecryptsToTheSum(@ForAll("longs") long a, @ForAll("longs") long b) {
    Ciphertext sum =
        encryptInteger(BigInteger.valueOf(a)).add(encryptInteger(BigInteger.valueOf(b)));
    assertEquals(BigInteger.valueOf(a).add(BigInteger.valueOf(b)),
        priv.decrypt(sum).scaledValue());
  }

  @Property(tries = 30)
  void sumsNearTheBoundDecryptOrFailLoudly(@ForAll("plaintexts") BigInteger a,
      @ForAll("plaintexts") BigInteger b) {
    Ciphertext sum = encryptInteger(a).add(encryptInteger(b));
    BigInteger expected = a.add(b);
    if (expected.abs().compareTo(pub.maxPlaintextMagnitude()) <= 0) {
      assertEquals(expected, priv.decrypt(sum).scaledValue());
    } else {
      assertThrows(PlaintextOverflowException.class, () -> priv.decrypt(sum));
    }
  }

  @Property(tries = 30)
  void scalarProductDecryptsToTheProduct(@ForAll("longs") long a, @ForAll("longs") long k) {
    Ciphertext product = encryptInteger(BigInteger.valueOf(a)).multiply(k);
    assertEquals(BigInteger.valueOf(a).multiply(BigInteger.valueOf(k)),
        priv.decrypt(product).scaledValue());
  }

  @Property(tries = 30)
  void plaintextAdditionAndRealEncoding(@ForAll("reals") double a, @ForAll("reals") double b) {
    FixedPointEncoding enc = FixedPointEncoding.DEFAULT;
    BigInteger ea = enc.encode(a).scaledValue();
    BigInteger eb = enc.encode(b).scaledValue();
    assertEquals(ea.add(eb), priv.decrypt(pub.encrypt(a, enc).add(b)).scaledValue());
    // the encoding error is at most half a unit in the last fractional place
    assertEquals(a, enc.decode(ea), enc.precision() / 2 + Math.ulp(a));
  }

  @Property(tries = 20)
  void realScalarProductAddsFractionalBits(@ForAll("reals") double a, @ForAll("reals") double s) {
    FixedPointEncoding enc = FixedPointEncoding.DEFAULT;
    Ciphertext product = pub.encrypt(a, enc).multiply(enc.encode(s));
    assertEquals(enc.encode(a).scaledValue().multiply(enc.encode(s).scaledValue()),
        priv.decrypt(product).scaledValue());
    assertEquals(64, product.encoding().fractionalBits());
  }
}
