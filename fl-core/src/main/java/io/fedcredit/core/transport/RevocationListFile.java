package io.fedcredit.core.transport;

import io.fedcredit.crypto.pki.Pem;
import io.fedcredit.crypto.pki.PkiException;
import io.fedcredit.crypto.pki.RevocationList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA's revocation list as a file that an operator may replace at any time: every handshake
 * asks for {@link #current()}, which re-reads the file when its identity, size or modification
 * time changed. A list that cannot be read or does not verify against the CA fails closed: every
 * handshake is refused until a good list is back.
 */
final class RevocationListFile {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationListFile.class);

  private final Path path;
  private final X509Certificate ca;
  private List<Object> stamp;
  private RevocationList list;
  private String problem;

  RevocationListFile(Path path, X509Certificate ca) {
    this.path = path;
    this.ca = ca;
  }

  static RevocationList read(Path path, X509Certificate ca) throws IOException {
    return RevocationList.verified(Pem.decodeCrl(Files.readString(path), path.toString()), ca);
  }

  /**
   * The latest good list.
   *
   * @throws CertificateException when the file is missing, unreadable or does not verify
   */
  synchronized RevocationList current() throws CertificateException {
    List<Object> now;
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      now = List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime());
    } catch (IOException e) {
      throw new CertificateException("revocation list " + path + " is unreadable ("
          + e.getMessage() + "): refusing every peer until it is back");
    }
    if (!now.equals(stamp)) {
      stamp = now;
      try {
        RevocationList fresh = read(path, ca);
        if (list != null && fresh.number().compareTo(list.number()) < 0) {
          LOG.warn("revocation list {} went back from number {} to {}: using it anyway", path,
              list.number(), fresh.number());
        }
        list = fresh;
        problem = null;
        LOG.info("revocation list {} loaded: number {}, {} revoked", path, fresh.number(),
            fresh.revokedSerials().size());
      } catch (IOException | PkiException e) {
        list = null;
        problem = "revocation list " + path + " is invalid (" + e.getMessage()
            + "): refusing every peer until a list signed by the CA is back";
        LOG.error(problem);
      }
    }
    if (list == null) {
      throw new CertificateException(problem);
    }
    return list;
  }
}
