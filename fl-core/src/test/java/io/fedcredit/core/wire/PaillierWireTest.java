package io.fedcredit.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.fedcredit.crypto.InvalidCiphertextException;
import io.fedcredit.crypto.KeyMismatchException;
import io.fedcredit.crypto.MalformedKeyException;
import io.fedcredit.crypto.PlaintextOverflowException;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.CompressedCiphertext;
import io.fedcredit.crypto.paillier.FixedPointEncoding;
import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PackingScheme;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.proto.CompressedEncryptedVector;
import io.fedcredit.proto.EncryptedNumber;
import io.fedcredit.proto.EncryptedVector;
import io.fedcredit.proto.PackedEncryptedVector;
import io.fedcredit.proto.PaillierKey;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PaillierWireTest {
  private static final PaillierKeyPair KEYS =
      PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
  private static final PaillierKeyPair OTHER =
      PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
  private final PaillierPublicKey pub = KEYS.publicKey();
  private final FixedPointEncoding enc = FixedPointEncoding.DEFAULT;

  private static PaillierKey parse(byte[] bytes) throws Exception {
    return PaillierKey.parseFrom(bytes);
  }

  @Test
  void keysAndCiphertextsRoundTripThroughProtobufBytes() throws Exception {
    PaillierPublicKey read = PaillierWire.fromProto(parse(PaillierWire.toProto(pub).toByteArray()));
    assertEquals(pub, read);
    Ciphertext c = pub.encrypt(-2.5, enc);
    Ciphertext back = PaillierWire.fromProto(
        EncryptedNumber.parseFrom(PaillierWire.toProto(c).toByteArray()), read);
    assertEquals(c.value(), back.value());
    assertEquals(-2.5, KEYS.privateKey().decryptDouble(back));

    Ciphertext[] vector = pub.encryptAll(new double[] {1, -2, 3.5}, enc);
    Ciphertext[] vectorBack = PaillierWire.fromProto(
        EncryptedVector.parseFrom(PaillierWire.toProto(vector).toByteArray()), read);
    assertArrayEquals(new double[] {1, -2, 3.5}, KEYS.privateKey().decryptAll(vectorBack));

    PackingScheme scheme = PackingScheme.builder().build();
    PackedCiphertext packed = scheme.encrypt(new double[] {1.5, -0.25, 7}, pub);
    PackedCiphertext packedBack = PaillierWire.fromProto(
        PackedEncryptedVector.parseFrom(PaillierWire.toProto(packed.add(packed)).toByteArray()),
        read);
    assertArrayEquals(new double[] {3, -0.5, 14}, scheme.unpackDoubles(packedBack,
        KEYS.privateKey()));

    CompressedCiphertext compressed = CompressedCiphertext.compress(vector, 48);
    CompressedCiphertext compressedBack = PaillierWire.fromProto(CompressedEncryptedVector
        .parseFrom(PaillierWire.toProto(compressed).toByteArray()), read);
    assertEquals(-2.0, KEYS.privateKey().decryptCompressed(compressedBack)[1].toDouble());
    assertThrows(InvalidCiphertextException.class, () -> PaillierWire.fromProto(
        PaillierWire.toProto(compressed).toBuilder().setCount(0).build(), read));
    assertThrows(KeyMismatchException.class, () -> PaillierWire.fromProto(
        PaillierWire.toProto(compressed), OTHER.publicKey()));
  }

  @Test
  void derivedCiphertextsAreRerandomizedOnTheWayOut() {
    Ciphertext scaled = pub.encrypt(2.0, enc).multiply(3);
    EncryptedNumber sent = PaillierWire.toProto(scaled);
    assertNotEquals(scaled.value(), new BigInteger(1, sent.getValue().toByteArray()));
    assertEquals(6.0, KEYS.privateKey().decryptDouble(PaillierWire.fromProto(sent, pub)));
  }

  @Test
  void tamperedKeysAreRejected() {
    PaillierKey good = PaillierWire.toProto(pub);
    byte[] base = good.getRandomnessBase().toByteArray();
    base[100] ^= 1;
    assertThrows(MalformedKeyException.class, () -> PaillierWire.fromProto(
        good.toBuilder().setRandomnessBase(ByteString.copyFrom(base)).build()));
    assertThrows(MalformedKeyException.class,
        () -> PaillierWire.fromProto(good.toBuilder().setFormatVersion(2).build()));
    assertThrows(MalformedKeyException.class,
        () -> PaillierWire.fromProto(good.toBuilder().setModulusBits(1024).build()));
    assertThrows(MalformedKeyException.class,
        () -> PaillierWire.fromProto(good.toBuilder().setRandomnessExponentBits(448).build()));
    assertThrows(MalformedKeyException.class, () -> PaillierWire.fromProto(
        good.toBuilder().setKeyId(ByteString.copyFrom(new byte[16])).build()));
  }

  @Test
  void ciphertextsForOtherKeysOrOutOfRangeAreRejected() {
    EncryptedNumber good = PaillierWire.toProto(pub.encrypt(1.0, enc));
    assertThrows(KeyMismatchException.class,
        () -> PaillierWire.fromProto(good, OTHER.publicKey()));
    byte[] zero = new byte[512];
    assertThrows(InvalidCiphertextException.class, () -> PaillierWire.fromProto(
        good.toBuilder().setValue(ByteString.copyFrom(zero)).build(), pub));
    byte[] tooBig = new byte[512];
    java.util.Arrays.fill(tooBig, (byte) 0xff);
    assertThrows(InvalidCiphertextException.class, () -> PaillierWire.fromProto(
        good.toBuilder().setValue(ByteString.copyFrom(tooBig)).build(), pub));
    assertThrows(InvalidCiphertextException.class, () -> PaillierWire.fromProto(
        good.toBuilder().setValue(ByteString.copyFrom(new byte[511])).build(), pub));
    assertThrows(InvalidCiphertextException.class,
        () -> PaillierWire.fromProto(good.toBuilder().setFractionalBits(-1).build(), pub));
    EncryptedVector vector = PaillierWire.toProto(new Ciphertext[] {pub.encrypt(1.0, enc)});
    assertThrows(InvalidCiphertextException.class, () -> PaillierWire.fromProto(
        vector.toBuilder().addValues(ByteString.copyFrom(zero)).build(), pub));
    assertThrows(KeyMismatchException.class, () -> PaillierWire.toProto(
        new Ciphertext[] {pub.encrypt(1.0, enc), OTHER.publicKey().encrypt(1.0, enc)}));
  }

  @Test
  void packedVectorsClaimingTooManySummandsAreRejected() {
    PackingScheme scheme = PackingScheme.builder().maxSummands(2).build();
    PackedEncryptedVector good = PaillierWire.toProto(scheme.encrypt(new double[] {1}, pub));
    assertThrows(PlaintextOverflowException.class,
        () -> PaillierWire.fromProto(good.toBuilder().setSummands(3).build(), pub));
    assertThrows(InvalidCiphertextException.class,
        () -> PaillierWire.fromProto(good.toBuilder().setLength(1000).build(), pub));
    assertThrows(InvalidCiphertextException.class,
        () -> PaillierWire.fromProto(good.toBuilder().setValueBits(99).build(), pub));
  }
}
