package io.fedcredit.crypto.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A Paillier key pair and its generation. Keys are standard Paillier keys: n = p q for two random
 * primes of {@code modulusBits / 2} bits each (so {@code gcd(n, (p-1)(q-1)) = 1}), with generator
 * {@code g = n + 1} and the Damgård–Jurik–Nielsen randomness base
 * {@code h_s = (-y^2)^n mod n^2} for a random unit y. See {@link PaillierParameters} for the
 * security argument.
 *
 * <p>Immutable. {@link #toString()} prints the key id only.
 */
public final class PaillierKeyPair {
  private final PaillierPublicKey publicKey;
  private final PaillierPrivateKey privateKey;

  private PaillierKeyPair(PaillierPublicKey publicKey, PaillierPrivateKey privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  /**
   * Generates a key pair with a fresh {@link SecureRandom}. Takes from a fraction of a second to a
   * few seconds for 2048 bits (prime search).
   */
  public static PaillierKeyPair generate(PaillierParameters parameters) {
    return generate(parameters, new SecureRandom());
  }

  /** Generates a key pair using {@code random}, which must be a cryptographic generator. */
  public static PaillierKeyPair generate(PaillierParameters parameters, SecureRandom random) {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(random, "random");
    int half = parameters.modulusBits() / 2;
    while (true) {
      BigInteger p = BigInteger.probablePrime(half, random);
      BigInteger q = BigInteger.probablePrime(half, random);
      BigInteger n = p.multiply(q);
      if (p.equals(q) || n.bitLength() != parameters.modulusBits()) {
        continue;
      }
      BigInteger phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
      if (!n.gcd(phi).equals(BigInteger.ONE)) {
        continue;
      }
      BigInteger y;
      do {
        y = new BigInteger(parameters.modulusBits(), random);
      } while (y.signum() == 0 || y.compareTo(n) >= 0 || !y.gcd(n).equals(BigInteger.ONE));
      BigInteger h = n.subtract(y.multiply(y).mod(n));
      BigInteger hs = h.modPow(n, n.multiply(n));
      PaillierPublicKey publicKey = PaillierPublicKey.create(n, hs, parameters);
      return new PaillierKeyPair(publicKey, PaillierPrivateKey.ordered(publicKey, p, q));
    }
  }

  /** The public key. */
  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  /** The private key. */
  public PaillierPrivateKey privateKey() {
    return privateKey;
  }

  /** Prints the key id only. */
  @Override
  public String toString() {
    return "PaillierKeyPair{keyId=" + publicKey.keyId() + "}";
  }
}
