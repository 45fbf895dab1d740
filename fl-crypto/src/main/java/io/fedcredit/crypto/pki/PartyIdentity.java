package io.fedcredit.crypto.pki;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who a party is: its federation, its id and its role. A certificate issued by
 * {@link CertificateAuthority} carries all three, as {@code CN = id} and a subject alternative name
 * URI {@code fedcredit://<federation>/<role>/<id>}; {@link #of} reads them back and refuses a
 * certificate in which they disagree.
 *
 * @param federation the federation's name
 * @param partyId the party's id, e.g. {@code bank-a}
 * @param role the party's role
 */
public record PartyIdentity(String federation, String partyId, PartyRole role) {
  /** URI scheme of the identity SAN. */
  public static final String URI_SCHEME = "fedcredit";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int SAN_URI = 6;

  /**
   * Validates the names.
   *
   * @throws IllegalArgumentException when a name is not 1-64 letters, digits, '.', '_' or '-'
   *     starting with a letter or digit, or the role is null
   */
  public PartyIdentity {
    checkName("federation", federation);
    checkName("party id", partyId);
    Objects.requireNonNull(role, "role");
  }

  /** True when {@code name} is a valid federation name or party id. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  private static void checkName(String what, String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(what + " '" + name + "' must be 1-64 letters, digits, "
          + "'.', '_' or '-', starting with a letter or digit");
    }
  }

  /** The identity URI, {@code fedcredit://<federation>/<role>/<id>}. */
  public URI uri() {
    return URI.create(URI_SCHEME + "://" + federation + "/" + role.wireName() + "/" + partyId);
  }

  /**
   * Reads the identity a certificate carries. Does not check the signature, the validity period
   * or revocation: that is the trust manager's job.
   *
   * @throws PkiException when the certificate has no identity URI, more than one, or one whose
   *     id disagrees with its common name
   */
  public static PartyIdentity of(X509Certificate certificate) {
    List<String> uris = new ArrayList<>();
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(SAN_URI).equals(san.get(0))
              && san.get(1) instanceof String s && s.startsWith(URI_SCHEME + "://")) {
            uris.add(s);
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new PkiException("certificate " + describe(certificate)
          + " has malformed subject alternative names", e);
    }
    if (uris.size() != 1) {
      throw new PkiException("certificate " + describe(certificate) + " carries "
          + uris.size() + " " + URI_SCHEME + ":// identity URIs, not one: it was not issued by "
          + "a FedCredit federation CA");
    }
    PartyIdentity id = parseUri(uris.get(0), certificate);
    String cn = commonName(certificate);
    if (!id.partyId().equals(cn)) {
      throw new PkiException("certificate " + describe(certificate) + " names party '"
          + id.partyId() + "' in its URI but '" + cn + "' in its common name");
    }
    return id;
  }

  private static PartyIdentity parseUri(String text, X509Certificate certificate) {
    try {
      URI uri = new URI(text);
      String[] path = uri.getPath() == null ? new String[0] : uri.getPath().split("/", -1);
      if (uri.getHost() == null || path.length != 3 || !path[0].isEmpty()) {
        throw new PkiException("certificate " + describe(certificate) + ": identity URI '"
            + text + "' is not " + URI_SCHEME + "://<federation>/<role>/<id>");
      }
      return new PartyIdentity(uri.getHost(), path[2], PartyRole.parse(path[1]));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new PkiException("certificate " + describe(certificate) + ": identity URI '"
          + text + "' is malformed: " + e.getMessage(), e);
    }
  }

  /** The subject's common name, or an empty string when there is none. */
  static String commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return "";
    } catch (InvalidNameException e) {
      throw new PkiException("certificate subject is malformed", e);
    }
  }

  /** Subject and serial of a certificate, for messages. */
  public static String describe(X509Certificate certificate) {
    return "'" + certificate.getSubjectX500Principal().getName() + "' (serial "
        + certificate.getSerialNumber().toString(16) + ")";
  }

  @Override
  public String toString() {
    return partyId + " (" + role.wireName() + " of " + federation + ")";
  }
}
