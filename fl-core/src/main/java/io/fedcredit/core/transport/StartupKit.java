package io.fedcredit.core.transport;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.config.StrictYaml;
import io.fedcredit.crypto.pki.CertificateAuthority;
import io.fedcredit.crypto.pki.PartyCredential;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.crypto.pki.Pem;
import io.fedcredit.crypto.pki.PkiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;

/**
 * A party's startup kit, as {@code fl-server provision} writes it: a folder with the federation's
 * CA certificate, the party's certificate and private key, the CA's revocation list and a
 * {@code config.yaml} that names them and the coordinator's address:
 *
 * <pre>
 * federation: city-credit
 * party: bank-a
 * role: bank
 * coordinator: fl.city-credit.example:7443
 * ca: ca.pem
 * certificate: bank-a.pem
 * private_key: bank-a-key.pem
 * revocation_list: crl.pem
 * </pre>
 *
 * <p>{@link #load} checks everything a handshake would need, so a broken kit fails at start-up with
 * a message naming the field and the fix: relative paths resolve against the kit folder; the
 * certificate must chain to the CA and carry the configured party, role and federation; the key
 * must belong to the certificate and be readable by its owner alone. {@code toString()} never
 * shows the key.
 */
public final class StartupKit {
  /** The configuration file's name inside a kit folder. */
  public static final String CONFIG_FILE = "config.yaml";

  /** {@code config.yaml} as written; public fields for strict YAML binding. */
  public static final class Config {
    public String federation;
    public String party;
    public String role;
    public String coordinator;
    public String ca;
    public String certificate;
    @JsonProperty("private_key")
    public String privateKey;
    @JsonProperty("revocation_list")
    public String revocationList;
  }

  private final Path folder;
  private final PartyIdentity identity;
  private final String coordinator;
  private final X509Certificate caCertificate;
  private final PartyCredential credential;
  private final Path revocationList;

  private StartupKit(Path folder, PartyIdentity identity, String coordinator,
      X509Certificate caCertificate, PartyCredential credential, Path revocationList) {
    this.folder = folder;
    this.identity = identity;
    this.coordinator = coordinator;
    this.caCertificate = caCertificate;
    this.credential = credential;
    this.revocationList = revocationList;
  }

  /**
   * Loads and checks a kit.
   *
   * @param location the kit folder, or its {@code config.yaml}
   * @throws FedCreditException naming the file, the field and the fix
   */
  public static StartupKit load(Path location) {
    Path file = Files.isDirectory(location) ? location.resolve(CONFIG_FILE) : location;
    if (!Files.exists(file)) {
      throw new FedCreditException("startup kit " + location + " has no " + CONFIG_FILE
          + ": pass the folder that fl-server provision wrote for this party (kits/<party>)");
    }
    Path dir = file.toAbsolutePath().getParent();
    String src = file.toString();
    Config c = StrictYaml.read(file, Config.class, "startup kit configuration",
        "a kit configuration names federation, party, role, coordinator, ca, certificate, "
            + "private_key and revocation_list");
    StrictYaml.require(c.federation != null && PartyIdentity.isValidName(c.federation), src,
        "federation", "is missing or invalid: the federation's name, as in the project file");
    StrictYaml.require(c.party != null && PartyIdentity.isValidName(c.party), src, "party",
        "is missing or invalid: this party's id, e.g. 'party: bank-a'");
    PartyRole role;
    try {
      role = PartyRole.parse(c.role);
    } catch (IllegalArgumentException e) {
      throw new FedCreditException(src + ": field 'role' " + e.getMessage());
    }
    StrictYaml.require(c.coordinator != null && c.coordinator.matches("[^\\s:]+:\\d{1,5}"), src,
        "coordinator", "is missing or not HOST:PORT, e.g. 'coordinator: fl.example.org:7443'");
    PartyIdentity identity = new PartyIdentity(c.federation, c.party, role);

    X509Certificate ca = certificate(dir, c.ca, src, "ca");
    String caFederation;
    try {
      caFederation = CertificateAuthority.federationOf(ca);
    } catch (PkiException e) {
      throw new FedCreditException(src + ": field 'ca': " + e.getMessage());
    }
    StrictYaml.require(caFederation.equals(c.federation), src, "ca", "is the CA of federation '"
        + caFederation + "', not of '" + c.federation + "'");
    X509Certificate cert = certificate(dir, c.certificate, src, "certificate");
    try {
      cert.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new FedCreditException(src + ": field 'certificate': " + cert.getSubjectX500Principal()
          + " was not issued by the CA in " + c.ca + "; use the kit's own ca.pem, or re-provision");
    }
    PartyIdentity inCert;
    try {
      inCert = PartyIdentity.of(cert);
    } catch (PkiException e) {
      throw new FedCreditException(src + ": field 'certificate': " + e.getMessage());
    }
    StrictYaml.require(inCert.equals(identity), src, "certificate", "is for " + inCert
        + ", but the kit says " + identity + "; fix 'party'/'role' or use the right kit");

    Path keyPath = file(dir, c.privateKey, src, "private_key");
    requireOwnerOnly(keyPath, src);
    PartyCredential credential;
    try {
      credential = new PartyCredential(cert,
          Pem.decodePrivateKey(Files.readString(keyPath), keyPath.toString()));
    } catch (PkiException e) {
      throw new FedCreditException(src + ": field 'private_key': " + e.getMessage());
    } catch (IOException e) {
      throw new FedCreditException(src + ": field 'private_key': cannot read " + keyPath + ": "
          + e.getMessage());
    }
    Path crl = file(dir, c.revocationList, src, "revocation_list");
    // parse it now so a broken list fails at start-up, not at the first handshake
    try {
      RevocationListFile.read(crl, ca);
    } catch (PkiException | IOException e) {
      throw new FedCreditException(src + ": field 'revocation_list': " + e.getMessage()
          + "; copy the CA's latest crl.pem here");
    }
    return new StartupKit(dir, identity, c.coordinator, ca, credential, crl);
  }

  /**
   * The transport a command line chose: a kit for mutual TLS (the default), or an explicit
   * plaintext opt-out. Neither or both is an error that explains the choice.
   *
   * @param verb what the command does over the transport, for the message ("serve", "connect")
   * @return the loaded kit, or empty for plaintext
   * @throws FedCreditException when not exactly one of {@code kit} and {@code plaintext} is given,
   *     or the kit is broken
   */
  public static Optional<StartupKit> chosen(Path kit, boolean plaintext, String verb) {
    return chosen(kit, plaintext, verb, "--kit");
  }

  /**
   * Like {@link #chosen(Path, boolean, String)}, for a kit named by {@code where} (an option, or
   * a field of a configuration file), which every error about the kit then names first.
   *
   * @throws FedCreditException naming {@code where} when the kit folder does not exist or is
   *     broken
   */
  public static Optional<StartupKit> chosen(Path kit, boolean plaintext, String verb,
      String where) {
    if (kit != null && !plaintext && !Files.exists(kit)) {
      throw new FedCreditException(where + " names " + kit.toAbsolutePath() + ", which does "
          + "not exist: give the folder that 'fl-server provision' wrote for this party "
          + "(OUT/kits/<party>)");
    }
    try {
      return chosenKit(kit, plaintext, verb);
    } catch (FedCreditException e) {
      if (kit == null || where.equals("--kit")) {
        throw e;
      }
      throw new FedCreditException(where + ": " + e.getMessage(), e);
    }
  }

  private static Optional<StartupKit> chosenKit(Path kit, boolean plaintext, String verb) {
    if (kit != null && plaintext) {
      throw new FedCreditException("--kit and --plaintext exclude each other: give --kit DIR to "
          + verb + " over mutual TLS, or --plaintext alone for a loopback test");
    }
    if (kit == null && !plaintext) {
      throw new FedCreditException("mutual TLS is the default, so a startup kit is needed: "
          + "--kit DIR (a folder written by 'fl-server provision', with config.yaml, the "
          + "certificates and the key). To " + verb + " without TLS on loopback or in a test, "
          + "pass --plaintext instead.");
    }
    return kit == null ? Optional.empty() : Optional.of(load(kit));
  }

  private static Path file(Path dir, String value, String src, String field) {
    StrictYaml.require(value != null && !value.isBlank(), src, field,
        "is missing: the path of the file (relative to the kit folder)");
    Path p = dir.resolve(value);
    StrictYaml.require(Files.isRegularFile(p), src, field, "names " + p + ", which does not "
        + "exist: copy the whole kit folder, or fix the path");
    return p;
  }

  private static X509Certificate certificate(Path dir, String value, String src, String field) {
    Path p = file(dir, value, src, field);
    try {
      return Pem.decodeCertificate(Files.readString(p), p.toString());
    } catch (PkiException e) {
      throw new FedCreditException(src + ": field '" + field + "': " + e.getMessage());
    } catch (IOException e) {
      throw new FedCreditException(src + ": field '" + field + "': cannot read " + p + ": "
          + e.getMessage());
    }
  }

  private static void requireOwnerOnly(Path key, String src) {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(key);
    } catch (UnsupportedOperationException | IOException e) {
      return; // not a POSIX file system: nothing to check here
    }
    boolean shared = perms.stream().anyMatch(p -> p.name().startsWith("GROUP_")
        || p.name().startsWith("OTHERS_"));
    StrictYaml.require(!shared, src, "private_key", "names " + key + ", which others can read "
        + "or write: run 'chmod 600 " + key + "'");
  }

  /** The kit folder. */
  public Path folder() {
    return folder;
  }

  /** Who this kit makes its holder. */
  public PartyIdentity identity() {
    return identity;
  }

  /** The coordinator's {@code host:port}. */
  public String coordinator() {
    return coordinator;
  }

  /** The federation's CA certificate, the only trust anchor. */
  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** The party's certificate and private key. */
  public PartyCredential credential() {
    return credential;
  }

  /** The revocation list file; re-read when it changes. */
  public Path revocationList() {
    return revocationList;
  }

  @Override
  public String toString() {
    return "StartupKit[" + identity + ", " + folder + "]";
  }
}
