package io.fedcredit.core.wire;

import com.google.protobuf.ByteString;
import io.fedcredit.crypto.InvalidCiphertextException;
import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.KeyMismatchException;
import io.fedcredit.crypto.MalformedKeyException;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.CompressedCiphertext;
import io.fedcredit.crypto.paillier.FixedPointEncoding;
import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PackingScheme;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.proto.CompressedEncryptedVector;
import io.fedcredit.proto.EncryptedNumber;
import io.fedcredit.proto.EncryptedVector;
import io.fedcredit.proto.PackedEncryptedVector;
import io.fedcredit.proto.PaillierKey;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Maps fl-crypto's Paillier keys and ciphertexts to the messages of {@code paillier.proto} and
 * back. Outgoing ciphertexts that are not safe to share (results of operations with plaintexts)
 * are re-randomized first, as {@link Ciphertext#toBytes()} does. Incoming messages are validated
 * before any object is built: format version, sizes, key id against the expected key, and
 * {@code 0 < c < n^2} for every ciphertext.
 *
 * <p>Errors are fl-crypto's named exceptions (all {@link io.fedcredit.crypto.CryptoException}):
 * {@link MalformedKeyException} for a bad key, {@link KeyMismatchException} for a ciphertext under
 * another key, {@link InvalidCiphertextException} for a bad ciphertext. A protocol adapter that
 * answers with {@code Rejection} can map them in one place.
 */
public final class PaillierWire {
  /** Version written to and accepted from {@code PaillierKey.format_version}. */
  public static final int FORMAT_VERSION = 1;

  private PaillierWire() {}

  /** Converts a public key (table settings are local and not sent). */
  public static PaillierKey toProto(PaillierPublicKey key) {
    int bits = key.parameters().modulusBits();
    return PaillierKey.newBuilder()
        .setFormatVersion(FORMAT_VERSION)
        .setKeyId(ByteString.copyFrom(key.keyIdBytes()))
        .setModulusBits(bits)
        .setRandomnessExponentBits(key.parameters().randomnessExponentBits())
        .setModulus(fixed(key.modulus(), bits / 8))
        .setRandomnessBase(fixed(key.randomnessBase(), bits / 4))
        .build();
  }

  /**
   * Reads and validates a public key.
   *
   * @throws MalformedKeyException when the version, sizes, components or key id are wrong
   */
  public static PaillierPublicKey fromProto(PaillierKey message) {
    if (message.getFormatVersion() != FORMAT_VERSION) {
      throw new MalformedKeyException("PaillierKey.format_version is "
          + message.getFormatVersion() + "; this library reads " + FORMAT_VERSION);
    }
    int bits = message.getModulusBits();
    if (!PaillierParameters.isSupportedModulusBits(bits)) {
      throw new MalformedKeyException("PaillierKey.modulus_bits is " + bits
          + "; expected 2048, 3072 or 4096");
    }
    if (message.getModulus().size() != bits / 8
        || message.getRandomnessBase().size() != bits / 4) {
      throw new MalformedKeyException("PaillierKey.modulus has " + message.getModulus().size()
          + " bytes and randomness_base " + message.getRandomnessBase().size() + "; a " + bits
          + "-bit key needs " + bits / 8 + " and " + bits / 4);
    }
    BigInteger n = new BigInteger(1, message.getModulus().toByteArray());
    if (n.bitLength() != bits) {
      throw new MalformedKeyException("PaillierKey.modulus has " + n.bitLength()
          + " bits but modulus_bits says " + bits);
    }
    return PaillierPublicKey.fromComponents(n,
        new BigInteger(1, message.getRandomnessBase().toByteArray()),
        message.getRandomnessExponentBits(), message.getKeyId().toByteArray());
  }

  /** Converts one ciphertext, re-randomizing it first when it is not safe to share. */
  public static EncryptedNumber toProto(Ciphertext ciphertext) {
    Ciphertext shared = ciphertext.isSafeToShare() ? ciphertext : ciphertext.rerandomize();
    PaillierPublicKey key = shared.publicKey();
    return EncryptedNumber.newBuilder()
        .setKeyId(ByteString.copyFrom(key.keyIdBytes()))
        .setFractionalBits(shared.encoding().fractionalBits())
        .setValue(fixed(shared.value(), key.parameters().modulusBits() / 4))
        .build();
  }

  /**
   * Reads one ciphertext for {@code key}.
   *
   * @throws KeyMismatchException when the message carries another key id
   * @throws InvalidCiphertextException when the encoding, size or range is wrong
   */
  public static Ciphertext fromProto(EncryptedNumber message, PaillierPublicKey key) {
    requireKey(message.getKeyId(), key, "EncryptedNumber");
    FixedPointEncoding encoding = encoding(message.getFractionalBits(), "EncryptedNumber");
    return ciphertext(message.getValue(), key, encoding, "EncryptedNumber.value");
  }

  /**
   * Converts a vector of ciphertexts under one key and encoding, re-randomizing (on all cores)
   * those that are not safe to share.
   *
   * @throws IllegalArgumentException when the vector is empty
   * @throws KeyMismatchException when the entries are under different keys
   * @throws io.fedcredit.crypto.EncodingMismatchException when the entries' encodings differ
   */
  public static EncryptedVector toProto(Ciphertext[] vector) {
    if (vector.length == 0) {
      throw new IllegalArgumentException(
          "cannot send an empty encrypted vector: its key is unknown");
    }
    PaillierPublicKey key = vector[0].publicKey();
    FixedPointEncoding encoding = vector[0].encoding();
    for (int i = 1; i < vector.length; i++) {
      if (!vector[i].publicKey().equals(key)) {
        throw new KeyMismatchException("vector entry " + i + " is under key "
            + vector[i].publicKey().keyId() + ", entry 0 under " + key.keyId());
      }
      if (!vector[i].encoding().equals(encoding)) {
        throw new io.fedcredit.crypto.EncodingMismatchException("vector entry " + i + " uses "
            + vector[i].encoding() + ", entry 0 uses " + encoding);
      }
    }
    int length = key.parameters().modulusBits() / 4;
    ByteString[] values = new ByteString[vector.length];
    IntStream.range(0, vector.length).parallel().forEach(i -> {
      Ciphertext c = vector[i].isSafeToShare() ? vector[i] : vector[i].rerandomize();
      values[i] = fixed(c.value(), length);
    });
    return EncryptedVector.newBuilder()
        .setKeyId(ByteString.copyFrom(key.keyIdBytes()))
        .setFractionalBits(encoding.fractionalBits())
        .addAllValues(Arrays.asList(values))
        .build();
  }

  /**
   * Reads a vector of ciphertexts for {@code key}.
   *
   * @throws KeyMismatchException when the message carries another key id
   * @throws InvalidCiphertextException when the encoding or any entry's size or range is wrong
   *     (the message names the index)
   */
  public static Ciphertext[] fromProto(EncryptedVector message, PaillierPublicKey key) {
    requireKey(message.getKeyId(), key, "EncryptedVector");
    FixedPointEncoding encoding = encoding(message.getFractionalBits(), "EncryptedVector");
    Ciphertext[] out = new Ciphertext[message.getValuesCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ciphertext(message.getValues(i), key, encoding, "EncryptedVector.values[" + i + "]");
    }
    return out;
  }

  /** Converts a packed vector (sums of fresh encryptions need no re-randomization). */
  public static PackedEncryptedVector toProto(PackedCiphertext packed) {
    PaillierPublicKey key = packed.publicKey();
    int length = key.parameters().modulusBits() / 4;
    PackedEncryptedVector.Builder b = PackedEncryptedVector.newBuilder()
        .setKeyId(ByteString.copyFrom(key.keyIdBytes()))
        .setValueBits(packed.scheme().valueBits())
        .setFractionalBits(packed.scheme().fractionalBits())
        .setMaxSummands(packed.scheme().maxSummands())
        .setLength(packed.length())
        .setSummands(packed.summands());
    for (BigInteger value : packed.ciphertextValues()) {
      b.addValues(fixed(value, length));
    }
    return b.build();
  }

  /**
   * Reads a packed vector for {@code key}.
   *
   * @throws KeyMismatchException when the message carries another key id
   * @throws InvalidCiphertextException when the scheme, counts, sizes or ranges are wrong
   * @throws io.fedcredit.crypto.PlaintextOverflowException when {@code summands} exceeds the
   *     scheme's maximum
   */
  public static PackedCiphertext fromProto(PackedEncryptedVector message, PaillierPublicKey key) {
    requireKey(message.getKeyId(), key, "PackedEncryptedVector");
    PackingScheme scheme = scheme(message);
    int length = key.parameters().modulusBits() / 4;
    BigInteger[] values = new BigInteger[message.getValuesCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(message.getValues(i), length, "PackedEncryptedVector.values[" + i + "]");
    }
    return PackedCiphertext.of(scheme, key, message.getLength(), message.getSummands(), values);
  }

  /**
   * The number of ciphertexts a packed vector with this header holds under {@code key}, so that a
   * receiver can reassemble one streamed without its values.
   *
   * @throws KeyMismatchException when the header carries another key id
   * @throws InvalidCiphertextException when the scheme or length is invalid
   */
  public static int ciphertextCount(PackedEncryptedVector header, PaillierPublicKey key) {
    requireKey(header.getKeyId(), key, "PackedEncryptedVector");
    if (header.getLength() < 0) {
      throw new InvalidCiphertextException("PackedEncryptedVector.length is negative: "
          + header.getLength());
    }
    int slots = scheme(header).slotsPerCiphertext(key);
    return (int) ((header.getLength() + (long) slots - 1) / slots);
  }

  private static PackingScheme scheme(PackedEncryptedVector message) {
    try {
      return PackingScheme.builder().valueBits(message.getValueBits())
          .fractionalBits(message.getFractionalBits()).maxSummands(message.getMaxSummands())
          .build();
    } catch (InvalidParametersException e) {
      throw new InvalidCiphertextException("PackedEncryptedVector scheme rejected: "
          + e.getMessage());
    }
  }

  /** Converts a compressed vector (for the key holder). */
  public static CompressedEncryptedVector toProto(CompressedCiphertext compressed) {
    PaillierPublicKey key = compressed.publicKey();
    int length = key.parameters().modulusBits() / 4;
    CompressedEncryptedVector.Builder b = CompressedEncryptedVector.newBuilder()
        .setKeyId(ByteString.copyFrom(key.keyIdBytes()))
        .setFractionalBits(compressed.encoding().fractionalBits())
        .setValueBits(compressed.valueBits())
        .setCount(compressed.count());
    for (BigInteger value : compressed.ciphertextValues()) {
      b.addValues(fixed(value, length));
    }
    return b.build();
  }

  /**
   * Reads a compressed vector for {@code key}.
   *
   * @throws KeyMismatchException when the message carries another key id
   * @throws InvalidCiphertextException when the encoding, counts, sizes or ranges are wrong
   */
  public static CompressedCiphertext fromProto(CompressedEncryptedVector message,
      PaillierPublicKey key) {
    requireKey(message.getKeyId(), key, "CompressedEncryptedVector");
    FixedPointEncoding encoding = encoding(message.getFractionalBits(),
        "CompressedEncryptedVector");
    int length = key.parameters().modulusBits() / 4;
    BigInteger[] values = new BigInteger[message.getValuesCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(message.getValues(i), length, "CompressedEncryptedVector.values[" + i
          + "]");
    }
    return CompressedCiphertext.of(key, encoding, message.getValueBits(), message.getCount(),
        values);
  }

  private static void requireKey(ByteString keyId, PaillierPublicKey key, String message) {
    if (!Arrays.equals(keyId.toByteArray(), key.keyIdBytes())) {
      throw new KeyMismatchException(message + ".key_id is "
          + java.util.HexFormat.of().formatHex(keyId.toByteArray()) + ", expected key "
          + key.keyId());
    }
  }

  private static FixedPointEncoding encoding(int fractionalBits, String message) {
    if (fractionalBits < 0 || fractionalBits > FixedPointEncoding.MAX_FRACTIONAL_BITS) {
      throw new InvalidCiphertextException(message + ".fractional_bits is " + fractionalBits
          + "; expected 0 to " + FixedPointEncoding.MAX_FRACTIONAL_BITS);
    }
    return FixedPointEncoding.withFractionalBits(fractionalBits);
  }

  private static Ciphertext ciphertext(ByteString bytes, PaillierPublicKey key,
      FixedPointEncoding encoding, String field) {
    BigInteger value = value(bytes, key.parameters().modulusBits() / 4, field);
    try {
      return Ciphertext.of(key, value, encoding);
    } catch (InvalidCiphertextException e) {
      throw new InvalidCiphertextException(field + ": " + e.getMessage());
    }
  }

  private static BigInteger value(ByteString bytes, int length, String field) {
    if (bytes.size() != length) {
      throw new InvalidCiphertextException(field + " has " + bytes.size() + " bytes; expected "
          + length);
    }
    return new BigInteger(1, bytes.toByteArray());
  }

  private static ByteString fixed(BigInteger x, int length) {
    byte[] raw = x.toByteArray();
    byte[] out = new byte[length];
    int skip = raw.length > length ? raw.length - length : 0;
    System.arraycopy(raw, skip, out, length - (raw.length - skip), raw.length - skip);
    return ByteString.copyFrom(out);
  }
}
