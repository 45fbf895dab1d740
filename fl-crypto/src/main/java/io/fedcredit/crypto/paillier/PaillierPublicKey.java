package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.KeyMismatchException;
import io.fedcredit.crypto.MalformedKeyException;
import io.fedcredit.crypto.PlaintextOverflowException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A Paillier public key with generator {@code g = n + 1} and Damgård–Jurik–Nielsen randomness
 * base {@code h_s}: encryption of an integer m is {@code (1 + m n) * h_s^x mod n^2} with x a fresh
 * random exponent of {@link PaillierParameters#randomnessExponentBits()} bits (see
 * {@link PaillierParameters} for the security argument and side-channel handling).
 *
 * <p><b>Plaintext space.</b> Signed integers of magnitude at most {@link #maxPlaintextMagnitude()}
 * (about {@code n / 3}); a negative m is encrypted as {@code m + n}. The middle third of
 * {@code Z_n} is left unused so that decryption can detect a result that wrapped around.
 *
 * <p><b>Performance.</b> The first encryption builds the fixed-base table (about 5.6 MB and well
 * under a second for a 2048-bit key with the default parameters, using all cores); call
 * {@link #precompute()} to pay that cost up front. After that, one encryption costs about
 * {@code randomnessExponentBits / windowBits} modular multiplications mod {@code n^2}.
 *
 * <p>Immutable apart from the lazily built table, and thread-safe. Identified by {@link #keyId()},
 * a fingerprint of {@code (modulusBits, randomnessExponentBits, n, h_s)}; two keys are equal when
 * their ids are equal.
 */
public final class PaillierPublicKey {
  private static final byte[] KEY_ID_DOMAIN =
      "fedcredit.paillier.public-key.v1".getBytes(StandardCharsets.US_ASCII);
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  private final BigInteger n;
  private final BigInteger nSquared;
  private final BigInteger hs;
  private final PaillierParameters parameters;
  private final byte[] keyIdBytes;
  private final String keyId;
  private final BigInteger maxMagnitude;
  final BarrettReducer modN;
  final BarrettReducer modNSquared;
  private volatile FixedBaseTable table;

  private PaillierPublicKey(BigInteger n, BigInteger hs, PaillierParameters parameters,
      byte[] keyIdBytes) {
    this.n = n;
    this.nSquared = n.multiply(n);
    this.hs = hs;
    this.parameters = parameters;
    this.keyIdBytes = keyIdBytes;
    this.keyId = HexFormat.of().formatHex(keyIdBytes);
    this.maxMagnitude = n.divide(BigInteger.valueOf(3));
    this.modN = new BarrettReducer(n);
    this.modNSquared = new BarrettReducer(nSquared);
  }

  /** Creates a key from trusted components (key generation, private-key loading). */
  static PaillierPublicKey create(BigInteger n, BigInteger hs, PaillierParameters parameters) {
    return new PaillierPublicKey(n, hs, parameters,
        computeKeyId(parameters.modulusBits(), parameters.randomnessExponentBits(), n, hs));
  }

  /**
   * Builds a public key from its components and checks them: n odd with exactly the declared bit
   * length (2048, 3072 or 4096), {@code 0 < h_s < n^2} with {@code gcd(h_s, n) = 1}, and the key id
   * recomputed from the components equal to {@code expectedKeyId}. Table settings are the defaults
   * for the modulus size; change them with {@link #withParameters}.
   *
   * @param expectedKeyId the 16-byte id that travelled with the key, or null to skip that check
   * @throws MalformedKeyException naming the check that failed
   */
  public static PaillierPublicKey fromComponents(BigInteger n, BigInteger hs,
      int randomnessExponentBits, byte[] expectedKeyId) {
    Objects.requireNonNull(n, "n");
    Objects.requireNonNull(hs, "hs");
    int bits = n.bitLength();
    PaillierParameters parameters;
    try {
      parameters = PaillierParameters.builder().modulusBits(bits)
          .randomnessExponentBits(randomnessExponentBits).build();
    } catch (io.fedcredit.crypto.InvalidParametersException e) {
      throw new MalformedKeyException("public key parameters rejected: " + e.getMessage());
    }
    if (!n.testBit(0) || n.signum() <= 0) {
      throw new MalformedKeyException("public key modulus n is not odd");
    }
    if (hs.signum() <= 0 || hs.compareTo(n.multiply(n)) >= 0) {
      throw new MalformedKeyException("public key randomness base h_s is outside (0, n^2)");
    }
    if (!hs.gcd(n).equals(BigInteger.ONE)) {
      throw new MalformedKeyException("public key randomness base h_s shares a factor with n");
    }
    byte[] id = computeKeyId(bits, randomnessExponentBits, n, hs);
    if (expectedKeyId != null && !MessageDigest.isEqual(id, expectedKeyId)) {
      throw new MalformedKeyException("public key id " + HexFormat.of().formatHex(expectedKeyId)
          + " does not match its components (which give " + HexFormat.of().formatHex(id)
          + "): corrupted or tampered key");
    }
    return new PaillierPublicKey(n, hs, parameters, id);
  }

  /**
   * Reads a public key written by {@link #toBytes()}, validating format, checksum, sizes, ranges
   * and key id.
   *
   * @throws MalformedKeyException naming the check that failed
   */
  public static PaillierPublicKey fromBytes(byte[] bytes) {
    BinaryFormat.Reader in = new BinaryFormat.Reader(bytes, BinaryFormat.KIND_PUBLIC_KEY,
        "public key", MalformedKeyException::new);
    int bits = in.u16("modulusBits");
    int exponentBits = in.u16("randomnessExponentBits");
    byte[] id = in.bytes(16, "keyId");
    if (!PaillierParameters.isSupportedModulusBits(bits)) {
      throw new MalformedKeyException("public key declares modulusBits " + bits);
    }
    BigInteger n = in.fixed(bits / 8, "n");
    BigInteger hs = in.fixed(bits / 4, "h_s");
    in.end();
    if (n.bitLength() != bits) {
      throw new MalformedKeyException("public key modulus has " + n.bitLength()
          + " bits but declares " + bits);
    }
    return fromComponents(n, hs, exponentBits, id);
  }

  /** Serializes this key in {@link BinaryFormat} version 1 (table settings are not included). */
  public byte[] toBytes() {
    int bits = parameters.modulusBits();
    return new BinaryFormat.Writer(BinaryFormat.KIND_PUBLIC_KEY)
        .u16(bits).u16(parameters.randomnessExponentBits()).bytes(keyIdBytes)
        .fixed(n, bits / 8).fixed(hs, bits / 4).finish();
  }

  /**
   * Returns this key with other local table settings (window, lookup), for example
   * {@link PaillierParameters.TableLookup#DIRECT}. The key itself is unchanged.
   *
   * @throws KeyMismatchException when {@code tuning} has another modulus size or exponent length
   */
  public PaillierPublicKey withParameters(PaillierParameters tuning) {
    if (tuning.modulusBits() != parameters.modulusBits()
        || tuning.randomnessExponentBits() != parameters.randomnessExponentBits()) {
      throw new KeyMismatchException("parameters " + tuning + " do not fit key " + keyId
          + " (" + parameters.modulusBits() + "-bit modulus, "
          + parameters.randomnessExponentBits() + "-bit exponent)");
    }
    if (tuning.equals(parameters)) {
      return this;
    }
    return new PaillierPublicKey(n, hs, tuning, keyIdBytes);
  }

  static byte[] computeKeyId(int bits, int exponentBits, BigInteger n, BigInteger hs) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(KEY_ID_DOMAIN);
      sha.update(new byte[] {(byte) (bits >>> 8), (byte) bits, (byte) (exponentBits >>> 8),
          (byte) exponentBits});
      byte[] nb = new byte[bits / 8];
      FixedBaseTable.writeFixed(n, nb, 0, nb.length);
      byte[] hb = new byte[bits / 4];
      FixedBaseTable.writeFixed(hs, hb, 0, hb.length);
      sha.update(nb);
      sha.update(hb);
      return Arrays.copyOf(sha.digest(), 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The key id: 32 hex characters, the first 128 bits of a SHA-256 fingerprint of the key. */
  public String keyId() {
    return keyId;
  }

  /** The key id as 16 bytes (a copy). */
  public byte[] keyIdBytes() {
    return keyIdBytes.clone();
  }

  /** The modulus n. */
  public BigInteger modulus() {
    return n;
  }

  /** {@code n^2}, the ciphertext modulus. */
  public BigInteger modulusSquared() {
    return nSquared;
  }

  /** The randomness base {@code h_s = h^n mod n^2}. */
  public BigInteger randomnessBase() {
    return hs;
  }

  /** The key's parameters, including the local table settings. */
  public PaillierParameters parameters() {
    return parameters;
  }

  /** The largest magnitude a plaintext (and every result) may have: {@code floor(n / 3)}. */
  public BigInteger maxPlaintextMagnitude() {
    return maxMagnitude;
  }

  /** Builds the fixed-base table now (using all cores) instead of at the first encryption. */
  public void precompute() {
    table();
  }

  /** Bytes held by the fixed-base table once built. */
  public long precomputedTableBytes() {
    return table().sizeInBytes();
  }

  /**
   * The fixed-base table, built at the first call. The build holds this key's lock and runs on
   * the common fork-join pool, so a bulk operation must call this before its own parallel loop:
   * a pool worker that reached the first build from inside such a loop would block on the lock
   * while the builder waits for the pool (a deadlock when the pool has one worker, as on 2 cores).
   */
  FixedBaseTable table() {
    FixedBaseTable t = table;
    if (t == null) {
      synchronized (this) {
        t = table;
        if (t == null) {
          t = new FixedBaseTable(hs, modNSquared, parameters.randomnessExponentBits(),
              parameters.windowBits(),
              parameters.tableLookup() == PaillierParameters.TableLookup.CONSTANT_TIME);
          table = t;
        }
      }
    }
    return t;
  }

  /**
   * Encrypts a plaintext. Does not mutate anything; the result is re-randomized (fresh).
   *
   * @throws PlaintextOverflowException when {@code |plaintext| > maxPlaintextMagnitude()}
   */
  public Ciphertext encrypt(EncodedPlaintext plaintext) {
    BigInteger m = residue(plaintext.scaledValue());
    return new Ciphertext(this, withPlaintext(randomness(), m), plaintext.encoding(), true);
  }

  /**
   * Encodes and encrypts a real value.
   *
   * @throws PlaintextOverflowException when the encoded value is out of range
   * @throws IllegalArgumentException when {@code value} is NaN
   */
  public Ciphertext encrypt(double value, FixedPointEncoding encoding) {
    return encrypt(encoding.encode(value));
  }

  /**
   * Encrypts every value, using all cores (the common fork-join pool). The array is not modified.
   *
   * @throws PlaintextOverflowException when any encoded value is out of range (none is encrypted)
   */
  public Ciphertext[] encryptAll(double[] values, FixedPointEncoding encoding) {
    table();
    return encryptEach(values, encoding, this::encrypt);
  }

  /**
   * Encodes and range-checks every value (so that nothing is encrypted if one is out of range),
   * then encrypts them on all cores with {@code encryptor}.
   */
  Ciphertext[] encryptEach(double[] values, FixedPointEncoding encoding,
      Function<EncodedPlaintext, Ciphertext> encryptor) {
    EncodedPlaintext[] plain = new EncodedPlaintext[values.length];
    for (int i = 0; i < values.length; i++) {
      plain[i] = encoding.encode(values[i]);
      residue(plain[i].scaledValue());
    }
    Ciphertext[] out = new Ciphertext[values.length];
    IntStream.range(0, values.length).parallel().forEach(i -> out[i] = encryptor.apply(plain[i]));
    return out;
  }

  /** Checks the magnitude bound and maps a signed plaintext to {@code [0, n)}. */
  BigInteger residue(BigInteger signed) {
    if (signed.abs().compareTo(maxMagnitude) > 0) {
      throw new PlaintextOverflowException("plaintext of " + signed.bitLength()
          + " bits exceeds the bound n/3 (" + maxMagnitude.bitLength() + " bits) of key " + keyId
          + "; scale values down or use fewer fractional bits");
    }
    return signed.signum() < 0 ? signed.add(n) : signed;
  }

  /** A fresh randomizer {@code h_s^(x + C) mod n^2}. */
  BigInteger randomness() {
    byte[] x = randomExponent();
    try {
      return table().pow(x);
    } finally {
      Arrays.fill(x, (byte) 0);
    }
  }

  /** A fresh uniform exponent x of {@code randomnessExponentBits} bits, little-endian. */
  byte[] randomExponent() {
    byte[] x = new byte[(parameters.randomnessExponentBits() + 7) / 8];
    RANDOM.get().nextBytes(x);
    return x;
  }

  /**
   * Returns {@code c * (1 + m n) mod n^2} for {@code 0 <= m < n}, computed as
   * {@code c + n * (m * c mod n)}: one multiplication mod n instead of one mod {@code n^2}.
   */
  BigInteger withPlaintext(BigInteger c, BigInteger m) {
    if (m.signum() == 0) {
      return c;
    }
    BigInteger t = modN.multiply(modN.reduce(c), m);
    BigInteger out = c.add(n.multiply(t));
    return out.compareTo(nSquared) >= 0 ? out.subtract(nSquared) : out;
  }

  /**
   * Returns {@code c^-1 mod n^2}: an inverse mod n (a quarter of the work of one mod {@code n^2})
   * lifted by one Newton step, {@code x (2 - c x)}, which doubles the precision to mod {@code n^2}.
   */
  BigInteger inverse(BigInteger c) {
    BigInteger x = modN.reduce(c).modInverse(n);
    BigInteger cx = modNSquared.multiply(c, x);
    BigInteger twoMinus = BigInteger.TWO.subtract(cx).mod(nSquared);
    return modNSquared.multiply(x, twoMinus);
  }

  void requireSame(PaillierPublicKey other, String operation) {
    if (other != this && !Arrays.equals(other.keyIdBytes, keyIdBytes)) {
      throw new KeyMismatchException(operation + " combines key " + keyId + " with key "
          + other.keyId);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PaillierPublicKey k && Arrays.equals(k.keyIdBytes, keyIdBytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(keyIdBytes);
  }

  @Override
  public String toString() {
    return "PaillierPublicKey{keyId=" + keyId + ", modulusBits=" + parameters.modulusBits() + "}";
  }
}
