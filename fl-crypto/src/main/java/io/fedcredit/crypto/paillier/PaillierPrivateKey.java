package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.InsecureSecretKeyAccess;
import io.fedcredit.crypto.InvalidCiphertextException;
import io.fedcredit.crypto.KeyMismatchException;
import io.fedcredit.crypto.MalformedKeyException;
import io.fedcredit.crypto.PlaintextOverflowException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A Paillier private key: the factors p and q of n, with the values that make decryption fast.
 * Decryption uses the Chinese remainder theorem: {@code m_p = L_p(c^(p-1) mod p^2) * h_p mod p},
 * the same mod q, then recombination. Each half is an exponentiation with a {@code |n|/2}-bit
 * exponent mod a {@code |n|}-bit modulus, about a quarter of the work of one textbook decryption
 * each. The key holder can also encrypt faster than the public key can
 * ({@link #encrypt(EncodedPlaintext)}), computing the same randomizer mod {@code p^2} and
 * {@code q^2}.
 *
 * <p>Secret material is reachable only through methods that take {@link InsecureSecretKeyAccess};
 * {@link #toString()} prints the key id and nothing else. Immutable and thread-safe.
 */
public final class PaillierPrivateKey {
  private final PaillierPublicKey publicKey;
  private final BigInteger p;
  private final BigInteger q;
  private final BigInteger pSquared;
  private final BigInteger qSquared;
  private final BigInteger pMinusOne;
  private final BigInteger qMinusOne;
  private final BigInteger hp;
  private final BigInteger hq;
  private final BigInteger qInverseModP;
  private volatile CrtTables crtTables;

  /** Fixed-base tables of {@code h_s mod p^2} and {@code h_s mod q^2} for key-holder encryption. */
  private record CrtTables(FixedBaseTable modP, FixedBaseTable modQ, BigInteger qSquaredInverse) {}

  PaillierPrivateKey(PaillierPublicKey publicKey, BigInteger p, BigInteger q) {
    this.publicKey = publicKey;
    this.p = p;
    this.q = q;
    this.pSquared = p.multiply(p);
    this.qSquared = q.multiply(q);
    this.pMinusOne = p.subtract(BigInteger.ONE);
    this.qMinusOne = q.subtract(BigInteger.ONE);
    BigInteger g = publicKey.modulus().add(BigInteger.ONE);
    this.hp = lFunction(g.modPow(pMinusOne, pSquared), p).modInverse(p);
    this.hq = lFunction(g.modPow(qMinusOne, qSquared), q).modInverse(q);
    this.qInverseModP = q.modInverse(p);
  }

  private static BigInteger lFunction(BigInteger u, BigInteger prime) {
    return u.subtract(BigInteger.ONE).divide(prime);
  }

  /** The matching public key. */
  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  /** The key id of the matching public key. */
  public String keyId() {
    return publicKey.keyId();
  }

  /**
   * Decrypts a ciphertext to its encoded plaintext (signed).
   *
   * @throws KeyMismatchException when the ciphertext is under another key
   * @throws InvalidCiphertextException when the ciphertext shares a factor with n
   * @throws PlaintextOverflowException when the result lies in the unused middle third of
   *     {@code Z_n}: an addition or multiplication wrapped around; use fewer summands, smaller
   *     scalars or fewer fractional bits
   */
  public EncodedPlaintext decrypt(Ciphertext ciphertext) {
    publicKey.requireSame(ciphertext.publicKey(), "decrypt");
    BigInteger m = decryptResidue(ciphertext.value());
    return ciphertext.encoding().fromScaled(signed(m));
  }

  /**
   * Decrypts and decodes to the nearest double.
   *
   * @throws KeyMismatchException when the ciphertext is under another key
   * @throws PlaintextOverflowException when the result wrapped around (see {@link #decrypt})
   */
  public double decryptDouble(Ciphertext ciphertext) {
    return decrypt(ciphertext).toDouble();
  }

  /**
   * Decrypts every ciphertext using all cores. The array is not modified.
   *
   * @throws KeyMismatchException when any ciphertext is under another key
   * @throws PlaintextOverflowException when any result wrapped around
   */
  public double[] decryptAll(Ciphertext[] ciphertexts) {
    double[] out = new double[ciphertexts.length];
    IntStream.range(0, ciphertexts.length).parallel()
        .forEach(i -> out[i] = decryptDouble(ciphertexts[i]));
    return out;
  }

  /**
   * Decrypts a {@link CompressedCiphertext} to its values, in input order, one private-key
   * operation per {@link CompressedCiphertext#valuesPerCiphertext} values (on all cores when there
   * are several).
   *
   * @throws KeyMismatchException when the compressed ciphertext is under another key
   * @throws PlaintextOverflowException when a value was outside the declared range (non-zero
   *     guard bits or bits above the last slot)
   */
  public EncodedPlaintext[] decryptCompressed(CompressedCiphertext compressed) {
    publicKey.requireSame(compressed.publicKey(), "decrypt compressed");
    int valueBits = compressed.valueBits();
    int slotBits = valueBits + CompressedCiphertext.GUARD_BITS;
    int perPart = CompressedCiphertext.valuesPerCiphertext(publicKey, valueBits);
    BigInteger offset = BigInteger.ONE.shiftLeft(valueBits - 1);
    EncodedPlaintext[] out = new EncodedPlaintext[compressed.count()];
    BigInteger[] parts = compressed.parts();
    IntStream stream = IntStream.range(0, parts.length);
    (parts.length > 1 ? stream.parallel() : stream).forEach(p -> {
      BigInteger m = decryptResidue(parts[p]);
      int used = Math.min(perPart, out.length - p * perPart);
      if (m.bitLength() > used * slotBits) {
        throw new PlaintextOverflowException("compressed ciphertext " + p + " has bits above its "
            + used + " slots: a value was outside +-2^" + (valueBits - 1));
      }
      for (int j = 0; j < used; j++) {
        BigInteger slot = m.shiftRight(j * slotBits);
        if (j + 1 < used) {
          slot = slot.and(BigInteger.ONE.shiftLeft(slotBits).subtract(BigInteger.ONE));
        }
        if (slot.bitLength() > valueBits) {
          throw new PlaintextOverflowException("compressed value " + (p * perPart + j)
              + " was outside +-2^" + (valueBits - 1) + " (guard bits set)");
        }
        out[p * perPart + j] = compressed.encoding().fromScaled(slot.subtract(offset));
      }
    });
    return out;
  }

  /**
   * Encrypts with the factorization: the randomizer {@code h_s^x} (same x distribution as
   * {@link PaillierPublicKey#encrypt}) is computed mod {@code p^2} and mod {@code q^2} with two
   * half-size fixed-base tables and recombined by the Chinese remainder theorem, which is about a
   * third of the work of a public-key encryption. The result is indistinguishable from
   * {@code publicKey().encrypt(plaintext)}; use it where the key holder encrypts its own data (the
   * active party of SecureBoost). The first call builds the tables (secret, kept in this object,
   * read in constant time unless the key's parameters say {@code DIRECT}).
   *
   * @throws PlaintextOverflowException when {@code |plaintext| > n/3}
   */
  public Ciphertext encrypt(EncodedPlaintext plaintext) {
    BigInteger m = publicKey.residue(plaintext.scaledValue());
    return new Ciphertext(publicKey, publicKey.withPlaintext(crtRandomness(), m),
        plaintext.encoding(), true);
  }

  /**
   * Encodes and encrypts a real value with the factorization (see
   * {@link #encrypt(EncodedPlaintext)}).
   *
   * @throws PlaintextOverflowException when the encoded value is out of range
   * @throws IllegalArgumentException when {@code value} is NaN
   */
  public Ciphertext encrypt(double value, FixedPointEncoding encoding) {
    return encrypt(encoding.encode(value));
  }

  /**
   * Encrypts every value with the factorization, using all cores. The array is not modified.
   *
   * @throws PlaintextOverflowException when any encoded value is out of range (none is encrypted)
   */
  public Ciphertext[] encryptAll(double[] values, FixedPointEncoding encoding) {
    crtTables();
    return publicKey.encryptEach(values, encoding, this::encrypt);
  }

  /**
   * Encrypts every plaintext with the factorization (see {@link #encrypt(EncodedPlaintext)}),
   * using all cores. The array is not modified.
   *
   * @throws PlaintextOverflowException when any plaintext is out of range (none is encrypted)
   */
  public Ciphertext[] encryptAll(EncodedPlaintext[] plaintexts) {
    for (EncodedPlaintext p : plaintexts) {
      publicKey.residue(p.scaledValue());
    }
    crtTables(); // before the parallel loop, as in PackingScheme.encryptQuantized
    Ciphertext[] out = new Ciphertext[plaintexts.length];
    IntStream.range(0, plaintexts.length).parallel().forEach(i -> out[i] = encrypt(plaintexts[i]));
    return out;
  }

  private CrtTables crtTables() {
    CrtTables t = crtTables;
    if (t == null) {
      synchronized (this) {
        t = crtTables;
        if (t == null) {
          PaillierParameters parameters = publicKey.parameters();
          boolean constantTime =
              parameters.tableLookup() == PaillierParameters.TableLookup.CONSTANT_TIME;
          BigInteger hs = publicKey.randomnessBase();
          t = new CrtTables(
              new FixedBaseTable(hs.mod(pSquared), new BarrettReducer(pSquared),
                  parameters.randomnessExponentBits(), parameters.windowBits(), constantTime),
              new FixedBaseTable(hs.mod(qSquared), new BarrettReducer(qSquared),
                  parameters.randomnessExponentBits(), parameters.windowBits(), constantTime),
              qSquared.modInverse(pSquared));
          crtTables = t;
        }
      }
    }
    return t;
  }

  /** {@code h_s^(x + C) mod n^2} for a fresh x, computed mod p^2 and q^2. */
  BigInteger crtRandomness() {
    byte[] x = publicKey.randomExponent();
    try {
      return crtRandomness(x);
    } finally {
      Arrays.fill(x, (byte) 0);
    }
  }

  /** {@code h_s^(x + C) mod n^2} for the given little-endian x, computed mod p^2 and q^2. */
  BigInteger crtRandomness(byte[] x) {
    CrtTables t = crtTables();
    BigInteger rp = t.modP().pow(x);
    BigInteger rq = t.modQ().pow(x);
    BigInteger h = rp.subtract(rq).multiply(t.qSquaredInverse()).mod(pSquared);
    return rq.add(h.multiply(qSquared));
  }

  /** Returns the plaintext in {@code [0, n)} of a ciphertext value (no sign handling). */
  BigInteger decryptResidue(BigInteger c) {
    BigInteger cp = c.mod(pSquared);
    BigInteger cq = c.mod(qSquared);
    if (cp.mod(p).signum() == 0 || cq.mod(q).signum() == 0) {
      throw new InvalidCiphertextException("ciphertext for key " + keyId()
          + " shares a factor with n");
    }
    BigInteger mp = lFunction(cp.modPow(pMinusOne, pSquared), p).multiply(hp).mod(p);
    BigInteger mq = lFunction(cq.modPow(qMinusOne, qSquared), q).multiply(hq).mod(q);
    BigInteger h = mp.subtract(mq).multiply(qInverseModP).mod(p);
    return mq.add(h.multiply(q));
  }

  private BigInteger signed(BigInteger m) {
    BigInteger bound = publicKey.maxPlaintextMagnitude();
    if (m.compareTo(bound) <= 0) {
      return m;
    }
    BigInteger negative = m.subtract(publicKey.modulus());
    if (negative.negate().compareTo(bound) <= 0) {
      return negative;
    }
    throw new PlaintextOverflowException("decrypted value lies outside [-n/3, n/3] for key "
        + keyId() + ": a homomorphic sum or product wrapped around; use fewer summands, smaller "
        + "scalars or fewer fractional bits");
  }

  /** The prime p (the smaller factor). Secret. */
  public BigInteger primeP(InsecureSecretKeyAccess access) {
    InsecureSecretKeyAccess.require(access);
    return p;
  }

  /** The prime q (the larger factor). Secret. */
  public BigInteger primeQ(InsecureSecretKeyAccess access) {
    InsecureSecretKeyAccess.require(access);
    return q;
  }

  /**
   * Serializes the private key (format in {@link BinaryFormat}). The bytes are secret: store
   * them encrypted, never log them.
   */
  public byte[] toBytes(InsecureSecretKeyAccess access) {
    InsecureSecretKeyAccess.require(access);
    PaillierParameters parameters = publicKey.parameters();
    int bits = parameters.modulusBits();
    return new BinaryFormat.Writer(BinaryFormat.KIND_PRIVATE_KEY)
        .u16(bits).u16(parameters.randomnessExponentBits()).bytes(publicKey.keyIdBytes())
        .fixed(p, bits / 16).fixed(q, bits / 16).fixed(publicKey.randomnessBase(), bits / 4)
        .finish();
  }

  /**
   * Reads a private key written by {@link #toBytes}, checking format, checksum, that p and q are
   * distinct probable primes of half the modulus size whose product has the declared size, and that
   * the key id matches.
   *
   * @throws MalformedKeyException naming the check that failed (never the key material)
   */
  public static PaillierPrivateKey fromBytes(byte[] bytes, InsecureSecretKeyAccess access) {
    InsecureSecretKeyAccess.require(access);
    BinaryFormat.Reader in = new BinaryFormat.Reader(bytes, BinaryFormat.KIND_PRIVATE_KEY,
        "private key", MalformedKeyException::new);
    int bits = in.u16("modulusBits");
    int exponentBits = in.u16("randomnessExponentBits");
    byte[] id = in.bytes(16, "keyId");
    if (!PaillierParameters.isSupportedModulusBits(bits)) {
      throw new MalformedKeyException("private key declares modulusBits " + bits);
    }
    BigInteger p = in.fixed(bits / 16, "p");
    BigInteger q = in.fixed(bits / 16, "q");
    BigInteger hs = in.fixed(bits / 4, "h_s");
    in.end();
    if (p.bitLength() != bits / 2 || q.bitLength() != bits / 2 || p.equals(q)) {
      throw new MalformedKeyException("private key factors are not two distinct " + bits / 2
          + "-bit numbers");
    }
    BigInteger n = p.multiply(q);
    if (n.bitLength() != bits) {
      throw new MalformedKeyException("private key factors multiply to " + n.bitLength()
          + " bits, not " + bits);
    }
    if (!p.isProbablePrime(64) || !q.isProbablePrime(64)) {
      throw new MalformedKeyException("private key factors are not prime");
    }
    PaillierPublicKey publicKey = PaillierPublicKey.fromComponents(n, hs, exponentBits, id);
    return ordered(publicKey, p, q);
  }

  static PaillierPrivateKey ordered(PaillierPublicKey publicKey, BigInteger a, BigInteger b) {
    return a.compareTo(b) < 0 ? new PaillierPrivateKey(publicKey, a, b)
        : new PaillierPrivateKey(publicKey, b, a);
  }

  /** Prints the key id only. */
  @Override
  public String toString() {
    return "PaillierPrivateKey{keyId=" + keyId() + "}";
  }

  /** Equal when the factors are equal (compared without early exit on the first difference). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PaillierPrivateKey k)) {
      return false;
    }
    return java.security.MessageDigest.isEqual(p.toByteArray(), k.p.toByteArray())
        & java.security.MessageDigest.isEqual(q.toByteArray(), k.q.toByteArray());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey.keyIdBytes());
  }
}
