package io.fedcredit.crypto.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A party's signature over a {@link KeyBinding}, with the certificate chain that vouches for the
 * signing key: the signer's certificate first, then any intermediate certificates (none in a
 * FedCredit federation, whose CA issues party certificates directly), never the CA itself, which
 * every verifier already holds. Holds nothing secret. Immutable.
 *
 * @param chain the signer's certificate first; 1 to {@link #MAX_CHAIN} certificates
 * @param signature the {@link #ALGORITHM} signature, at most {@link #MAX_SIGNATURE_BYTES} bytes
 */
public record KeyAttestation(List<X509Certificate> chain, byte[] signature) {
  /** The signature algorithm (the party keys a FedCredit CA issues are ECDSA P-256). */
  public static final String ALGORITHM = "SHA256withECDSA";
  /** Most certificates in a chain. */
  public static final int MAX_CHAIN = 4;
  /** Longest signature accepted (DER ECDSA P-256 signatures have at most 72 bytes). */
  public static final int MAX_SIGNATURE_BYTES = 512;

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException for an empty or too long chain, or a too long signature
   */
  public KeyAttestation {
    chain = List.copyOf(chain);
    if (chain.isEmpty() || chain.size() > MAX_CHAIN) {
      throw new IllegalArgumentException("a key attestation carries 1 to " + MAX_CHAIN
          + " certificates, not " + chain.size());
    }
    Objects.requireNonNull(signature, "signature");
    if (signature.length == 0 || signature.length > MAX_SIGNATURE_BYTES) {
      throw new IllegalArgumentException("a key attestation's signature has 1 to "
          + MAX_SIGNATURE_BYTES + " bytes, not " + signature.length);
    }
    signature = signature.clone();
  }

  /** The signer's certificate. */
  public X509Certificate signer() {
    return chain.get(0);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyAttestation a && chain.equals(a.chain)
        && java.util.Arrays.equals(signature, a.signature);
  }

  @Override
  public int hashCode() {
    return chain.hashCode() * 31 + java.util.Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "KeyAttestation[signed by " + PartyIdentity.describe(signer()) + "]";
  }
}
