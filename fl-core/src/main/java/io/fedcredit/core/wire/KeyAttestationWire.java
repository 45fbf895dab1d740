package io.fedcredit.core.wire;

import com.google.protobuf.ByteString;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.crypto.pki.KeyAttestation;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link KeyAttestation}s on the wire ({@code fedcredit.v1.KeyAttestation}): DER certificates and
 * the signature, with size limits checked before anything is parsed. An absent message is an
 * unauthenticated announcement ({@code null}); whether that is acceptable is the receiver's
 * {@link io.fedcredit.crypto.pki.KeyAuthentication}'s call, not the codec's.
 */
public final class KeyAttestationWire {
  /** Format version written and accepted. */
  public static final int FORMAT_VERSION = 1;
  /** Largest DER certificate accepted in a chain (FedCredit's are under 1 KiB). */
  public static final int MAX_CERTIFICATE_BYTES = 8 * 1024;

  private KeyAttestationWire() {}

  /** The message of an attestation; the default (empty) message for null. */
  public static io.fedcredit.proto.KeyAttestation toProto(KeyAttestation a) {
    if (a == null) {
      return io.fedcredit.proto.KeyAttestation.getDefaultInstance();
    }
    io.fedcredit.proto.KeyAttestation.Builder b = io.fedcredit.proto.KeyAttestation.newBuilder()
        .setFormatVersion(FORMAT_VERSION).setAlgorithm(KeyAttestation.ALGORITHM)
        .setSignature(ByteString.copyFrom(a.signature()));
    for (X509Certificate c : a.chain()) {
      try {
        b.addCertificateChain(ByteString.copyFrom(c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("cannot encode certificate " + c.getSubjectX500Principal(),
            e);
      }
    }
    return b.build();
  }

  /**
   * Checks the sizes of an attestation's fields.
   *
   * @param field the message field, for the message, e.g. {@code keys.attestation}
   * @throws Rejection TOO_LARGE naming the field
   */
  public static void limits(String field, io.fedcredit.proto.KeyAttestation m) {
    WireLimits.count(field + ".certificate_chain", m.getCertificateChainCount(),
        KeyAttestation.MAX_CHAIN);
    for (ByteString c : m.getCertificateChainList()) {
      WireLimits.bytes(field + ".certificate_chain[]", c.size(), MAX_CERTIFICATE_BYTES);
    }
    WireLimits.id(field + ".algorithm", m.getAlgorithm());
    WireLimits.bytes(field + ".signature", m.getSignature().size(),
        KeyAttestation.MAX_SIGNATURE_BYTES);
  }

  /**
   * Reads an attestation.
   *
   * @param present whether the message carried the field (proto3 {@code hasX()})
   * @return the attestation, or null when absent
   * @throws Rejection TOO_LARGE or INVALID_VALUE naming the field at fault
   */
  public static KeyAttestation fromProto(String field, boolean present,
      io.fedcredit.proto.KeyAttestation m) {
    if (!present) {
      return null;
    }
    limits(field, m);
    if (m.getFormatVersion() != FORMAT_VERSION) {
      throw new Rejection(Reason.INVALID_VALUE, field + ".format_version is "
          + m.getFormatVersion() + "; this library reads version " + FORMAT_VERSION);
    }
    if (!KeyAttestation.ALGORITHM.equals(m.getAlgorithm())) {
      throw new Rejection(Reason.INVALID_VALUE, field + ".algorithm is '" + m.getAlgorithm()
          + "'; only " + KeyAttestation.ALGORITHM + " is accepted");
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (ByteString der : m.getCertificateChainList()) {
        chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(
            der.toByteArray())));
      }
    } catch (CertificateException | ClassCastException e) {
      throw new Rejection(Reason.INVALID_VALUE, field + ".certificate_chain holds a malformed "
          + "certificate: " + e.getMessage());
    }
    try {
      return new KeyAttestation(chain, m.getSignature().toByteArray());
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, field + ": " + e.getMessage());
    }
  }
}
