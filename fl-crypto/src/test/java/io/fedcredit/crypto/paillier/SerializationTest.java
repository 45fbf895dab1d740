package io.fedcredit.crypto.paillier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.crypto.CryptoException;
import io.fedcredit.crypto.InsecureSecretKeyAccess;
import io.fedcredit.crypto.InvalidCiphertextException;
import io.fedcredit.crypto.KeyMismatchException;
import io.fedcredit.crypto.MalformedKeyException;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SerializationTest {
  private final PaillierPublicKey pub = TestKeys.a().publicKey();
  private final PaillierPrivateKey priv = TestKeys.a().privateKey();

  @Test
  void keysAndCiphertextsRoundTrip() {
    PaillierPublicKey readPub = PaillierPublicKey.fromBytes(pub.toBytes());
    assertEquals(pub, readPub);
    assertEquals(pub.keyId(), readPub.keyId());
    PaillierPrivateKey readPriv = PaillierPrivateKey.fromBytes(
        priv.toBytes(InsecureSecretKeyAccess.get()), InsecureSecretKeyAccess.get());
    assertEquals(priv, readPriv);
    Ciphertext c = pub.encrypt(-3.75, FixedPointEncoding.DEFAULT);
    Ciphertext read = Ciphertext.fromBytes(c.toBytes(), readPub);
    assertEquals(c, read);
    assertEquals(-3.75, readPriv.decryptDouble(read));
    assertArrayEquals(c.toBytes(), read.toBytes());
  }

  @Test
  void ciphertextForAnotherKeyIsAKeyMismatch() {
    Ciphertext c = TestKeys.b().publicKey().encrypt(1.0, FixedPointEncoding.DEFAULT);
    assertThrows(KeyMismatchException.class, () -> Ciphertext.fromBytes(c.toBytes(), pub));
  }

  @Test
  void outOfRangeCiphertextsAreRejectedEvenWithAValidChecksum() {
    for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, pub.modulusSquared(),
        BigInteger.ONE.shiftLeft(4096).subtract(BigInteger.ONE)}) {
      byte[] bytes = new BinaryFormat.Writer(BinaryFormat.KIND_CIPHERTEXT)
          .bytes(pub.keyIdBytes()).u16(2048).i32(32).fixed(bad, 512).finish();
      assertThrows(InvalidCiphertextException.class, () -> Ciphertext.fromBytes(bytes, pub));
    }
  }

  @Test
  void forgedPublicKeyIsRejected() {
    // a key whose components were changed and whose checksum was recomputed
    BigInteger otherBase = pub.randomnessBase().add(BigInteger.ONE);
    byte[] bytes = new BinaryFormat.Writer(BinaryFormat.KIND_PUBLIC_KEY).u16(2048).u16(1024)
        .bytes(pub.keyIdBytes()).fixed(pub.modulus(), 256).fixed(otherBase, 512).finish();
    MalformedKeyException e = assertThrows(MalformedKeyException.class,
        () -> PaillierPublicKey.fromBytes(bytes));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }

  @Test
  void truncatedAndExtendedBytesAreRejected() {
    byte[] good = pub.toBytes();
    assertThrows(MalformedKeyException.class,
        () -> PaillierPublicKey.fromBytes(java.util.Arrays.copyOf(good, good.length - 1)));
    assertThrows(MalformedKeyException.class,
        () -> PaillierPublicKey.fromBytes(java.util.Arrays.copyOf(good, good.length + 1)));
    assertThrows(MalformedKeyException.class, () -> PaillierPublicKey.fromBytes(new byte[3]));
    assertThrows(MalformedKeyException.class, () -> PaillierPublicKey.fromBytes(null));
    assertThrows(InvalidCiphertextException.class, () -> Ciphertext.fromBytes(good, pub));
  }

  @Property(tries = 60)
  void anyFlippedBitIsRejected(@ForAll @IntRange(min = 0, max = 1_000_000) int position,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    byte[] c = pub.encrypt(0.5, FixedPointEncoding.DEFAULT).toBytes();
    byte[] k = pub.toBytes();
    byte[] s = priv.toBytes(InsecureSecretKeyAccess.get());
    flip(c, position, bit);
    flip(k, position, bit);
    flip(s, position, bit);
    assertThrows(CryptoException.class, () -> Ciphertext.fromBytes(c, pub));
    assertThrows(MalformedKeyException.class, () -> PaillierPublicKey.fromBytes(k));
    assertThrows(MalformedKeyException.class,
        () -> PaillierPrivateKey.fromBytes(s, InsecureSecretKeyAccess.get()));
  }

  private static void flip(byte[] b, int position, int bit) {
    b[position % b.length] ^= (byte) (1 << bit);
  }
}
