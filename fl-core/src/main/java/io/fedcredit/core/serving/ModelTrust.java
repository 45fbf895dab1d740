package io.fedcredit.core.serving;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.crypto.pki.CertificateAuthority;
import io.fedcredit.crypto.pki.Pem;
import io.fedcredit.crypto.pki.PkiException;
import io.fedcredit.crypto.pki.RevocationList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * What a loader trusts to have signed a served model: the federation's CA certificate and,
 * optionally, the CA's revocation list (a model signed with a revoked certificate is refused).
 *
 * @param ca the federation's CA certificate
 * @param revocations the CA's verified revocation list, or {@code null} to check none
 */
public record ModelTrust(X509Certificate ca, RevocationList revocations) {

  public ModelTrust {
    Objects.requireNonNull(ca, "ca");
  }

  /** The federation of the CA. */
  public String federation() {
    return CertificateAuthority.federationOf(ca);
  }

  /** The revocation list, when one is checked. */
  public Optional<RevocationList> revocationList() {
    return Optional.ofNullable(revocations);
  }

  /** Trust the CA and the revocation list of a party's startup kit. */
  public static ModelTrust of(StartupKit kit) {
    try {
      RevocationList crl = RevocationList.verified(Pem.decodeCrl(
          Files.readString(kit.revocationList()), kit.revocationList().toString()),
          kit.caCertificate());
      return new ModelTrust(kit.caCertificate(), crl);
    } catch (IOException | PkiException e) {
      throw new FedCreditException("cannot read the revocation list " + kit.revocationList()
          + " of " + kit + ": " + e.getMessage(), e);
    }
  }

  /**
   * Trust the CA certificate in a PEM file, without a revocation list.
   *
   * @throws FedCreditException naming the file when it is not a certificate
   */
  public static ModelTrust ofCaFile(Path caPem) {
    try {
      return new ModelTrust(Pem.decodeCertificate(Files.readString(caPem), caPem.toString()),
          null);
    } catch (IOException | PkiException e) {
      throw new FedCreditException("cannot read the CA certificate " + caPem + ": "
          + e.getMessage(), e);
    }
  }
}
