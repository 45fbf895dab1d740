package io.fedcredit.crypto.kex;

import io.fedcredit.crypto.InsecureSecretKeyAccess;
import io.fedcredit.crypto.MalformedKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * An X25519 key pair (RFC 7748), for secure aggregation's per-round keys and for sealed
 * party-to-party channels. The private key never leaves this object except through
 * {@link #privateKeyForSharing}, which secure aggregation needs to Shamir-share it;
 * {@code toString()} prints only a fingerprint of the public key.
 */
public final class AgreementKeyPair {
  /** Length of public keys, private keys and agreement outputs, in bytes. */
  public static final int KEY_BYTES = 32;

  private final X25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;

  private AgreementKeyPair(X25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
  }

  /** A fresh key pair. */
  public static AgreementKeyPair generate(SecureRandom random) {
    return new AgreementKeyPair(new X25519PrivateKeyParameters(random));
  }

  /** The key pair of a private key reconstructed from shares. */
  public static AgreementKeyPair fromPrivateKey(byte[] privateKey) {
    if (privateKey.length != KEY_BYTES) {
      throw new MalformedKeyException("an X25519 private key has 32 bytes, not "
          + privateKey.length);
    }
    return new AgreementKeyPair(new X25519PrivateKeyParameters(privateKey, 0));
  }

  /** A copy of the 32-byte public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * The raw private key, for Shamir sharing only. Callers must not log or store it.
   *
   * @param access the token that marks a place reading secret key material
   */
  public byte[] privateKeyForSharing(InsecureSecretKeyAccess access) {
    InsecureSecretKeyAccess.require(access);
    return privateKey.getEncoded();
  }

  /**
   * The X25519 shared secret with a peer's public key.
   *
   * @throws MalformedKeyException if the public key is malformed or of small order (the
   *     agreement would be all zeros)
   */
  public byte[] agree(byte[] peerPublicKey) {
    if (peerPublicKey.length != KEY_BYTES) {
      throw new MalformedKeyException("an X25519 public key has 32 bytes, not "
          + peerPublicKey.length);
    }
    X25519Agreement ka = new X25519Agreement();
    ka.init(privateKey);
    byte[] out = new byte[KEY_BYTES];
    try {
      ka.calculateAgreement(new X25519PublicKeyParameters(peerPublicKey, 0), out, 0);
    } catch (IllegalStateException e) {
      throw new MalformedKeyException("X25519 agreement failed: the peer's public key is "
          + "of small order");
    }
    return out;
  }

  /**
   * Checks that a received public key is usable: 32 bytes and not of small order (agreement with
   * it would not be all zeros). Costs one scalar multiplication with a throw-away key.
   *
   * @throws MalformedKeyException if it is not
   */
  public static void requireUsable(byte[] publicKey, SecureRandom random) {
    generate(random).agree(publicKey);
  }

  /** First 8 bytes of the public key in hex, to tell keys apart in logs. */
  public static String fingerprint(byte[] publicKey) {
    return HexFormat.of().formatHex(Arrays.copyOf(publicKey, 8));
  }

  @Override
  public String toString() {
    return "AgreementKeyPair[public " + fingerprint(publicKey) + "...]";
  }
}
