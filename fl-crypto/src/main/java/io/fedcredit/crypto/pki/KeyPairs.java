package io.fedcredit.crypto.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;

/** ECDSA P-256 keys: generation and the check that a private key belongs to a public one. */
final class KeyPairs {
  static final String SIGNATURE = "SHA256withECDSA";

  private KeyPairs() {}

  static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new PkiException("this JVM cannot generate EC P-256 keys", e);
    }
  }

  /** Signs a test message with the private key and verifies it with the certificate's key. */
  static void requireMatch(X509Certificate certificate, PrivateKey privateKey) {
    if (!matches(certificate.getPublicKey(), privateKey)) {
      throw new PkiException("the private key does not belong to certificate "
          + PartyIdentity.describe(certificate));
    }
  }

  static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
      return false;
    }
    try {
      byte[] probe = "fedcredit key match probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(SIGNATURE);
      s.initSign(privateKey);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(SIGNATURE);
      v.initVerify(publicKey);
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
