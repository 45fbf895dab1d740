package io.fedcredit.crypto.pki;

import io.fedcredit.crypto.InsecureSecretKeyAccess;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM text for certificates, revocation lists and PKCS#8 private keys (unencrypted
 * {@code -----BEGIN PRIVATE KEY-----}, the form OpenSSL, Netty and gRPC read). Pure text: writing
 * files, and their permissions, is the caller's business.
 */
public final class Pem {
  private Pem() {}

  /** PEM text of one or more certificates, in order. */
  public static String encode(X509Certificate... certificates) {
    return write(certificates);
  }

  /** PEM text of a revocation list. */
  public static String encode(X509CRL crl) {
    return write(crl);
  }

  /**
   * PEM text of a private key in unencrypted PKCS#8. The result is secret: never log it, and
   * write it only to a file readable by its owner alone.
   *
   * @param access the token that marks a place exporting secret key material
   */
  public static String encodePrivateKey(PrivateKey key, InsecureSecretKeyAccess access) {
    InsecureSecretKeyAccess.require(access);
    try {
      return write(new JcaPKCS8Generator(key, null));
    } catch (org.bouncycastle.util.io.pem.PemGenerationException | RuntimeException e) {
      throw new PkiException("cannot encode a " + key.getAlgorithm() + " private key as PKCS#8");
    }
  }

  private static String write(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        w.writeObject(o);
      }
    } catch (IOException e) {
      throw new PkiException("cannot encode PEM: " + e.getMessage(), e);
    }
    return out.toString();
  }

  /**
   * Every certificate in PEM text, in order.
   *
   * @param source names the text in error messages, e.g. a file name
   * @throws PkiException when the text holds something else, or no certificate
   */
  public static List<X509Certificate> decodeCertificates(String pem, String source) {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object o : objects(pem, source)) {
      if (!(o instanceof X509CertificateHolder h)) {
        throw new PkiException(source + " holds a " + o.getClass().getSimpleName()
            + " where a certificate was expected");
      }
      try {
        out.add(converter.getCertificate(h));
      } catch (CertificateException e) {
        throw new PkiException(source + " holds a malformed certificate", e);
      }
    }
    if (out.isEmpty()) {
      throw new PkiException(source + " holds no PEM certificate");
    }
    return out;
  }

  /**
   * The one certificate in PEM text.
   *
   * @throws PkiException when there is not exactly one
   */
  public static X509Certificate decodeCertificate(String pem, String source) {
    List<X509Certificate> all = decodeCertificates(pem, source);
    if (all.size() != 1) {
      throw new PkiException(source + " holds " + all.size() + " certificates, expected one");
    }
    return all.get(0);
  }

  /**
   * The revocation list in PEM text. Does not verify its signature: see
   * {@link RevocationList#verified}.
   *
   * @throws PkiException when the text holds no CRL
   */
  public static X509CRL decodeCrl(String pem, String source) {
    List<Object> objects = objects(pem, source);
    if (objects.size() != 1 || !(objects.get(0) instanceof X509CRLHolder h)) {
      throw new PkiException(source + " does not hold exactly one PEM revocation list (X509 CRL)");
    }
    try {
      return new JcaX509CRLConverter().getCRL(h);
    } catch (CRLException e) {
      throw new PkiException(source + " holds a malformed revocation list", e);
    }
  }

  /**
   * The private key in PEM text (PKCS#8, {@code BEGIN PRIVATE KEY}).
   *
   * @throws PkiException when the text holds no unencrypted PKCS#8 key; the message never quotes
   *     the text
   */
  public static PrivateKey decodePrivateKey(String pem, String source) {
    List<Object> objects = objects(pem, source);
    if (objects.size() != 1 || !(objects.get(0) instanceof PrivateKeyInfo info)) {
      throw new PkiException(source + " does not hold exactly one unencrypted PKCS#8 private "
          + "key (-----BEGIN PRIVATE KEY-----)");
    }
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException e) {
      throw new PkiException(source + " holds a private key of an unsupported algorithm");
    }
  }

  private static List<Object> objects(String pem, String source) {
    List<Object> out = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o;
      while ((o = parser.readObject()) != null) {
        out.add(o);
      }
    } catch (IOException | RuntimeException e) {
      // never include the parser's message: it may quote the (secret) text
      throw new PkiException(source + " is not valid PEM");
    }
    return out;
  }
}
