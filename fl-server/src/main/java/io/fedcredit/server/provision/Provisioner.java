package io.fedcredit.server.provision;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.wire.GlobalModelFiles;
import io.fedcredit.crypto.InsecureSecretKeyAccess;
import io.fedcredit.crypto.pki.CertificateAuthority;
import io.fedcredit.crypto.pki.PartyCredential;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.crypto.pki.Pem;
import io.fedcredit.crypto.pki.PkiException;
import io.fedcredit.crypto.pki.RevocationList;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a federation's CA and its parties' startup kits, and revokes certificates. Layout under
 * the output folder:
 *
 * <pre>
 * ca/ca.pem, ca/ca-key.pem (0600), ca/crl.pem, ca/issued/&lt;party&gt;.pem   keep offline
 * kits/&lt;party&gt;/ca.pem, &lt;party&gt;.pem, &lt;party&gt;-key.pem (0600), crl.pem,
 *                config.yaml, client.yaml or server.yaml, README.txt one per party
 * </pre>
 *
 * <p>An existing CA is reused, so new parties can be added later. Existing kits are never
 * overwritten unless {@code force}; a reissued kit's old certificate is revoked as superseded.
 */
public final class Provisioner {
  private final Clock clock;
  private final SecureRandom random;

  public Provisioner(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /** What one run wrote. */
  public record Result(Path caFolder, boolean newCa, List<Path> kits, List<String> superseded) {}

  /**
   * Creates (or reuses) the CA and writes the kits of {@code only} (all parties when empty).
   *
   * @throws FedCreditException when a kit exists and {@code force} is off (nothing is written),
   *     when {@code only} names a party the project lacks, or the CA belongs to another
   *     federation
   */
  public Result provision(FederationProject project, Path out, boolean force, Set<String> only)
      throws IOException {
    for (String id : only) {
      if (project.party(id) == null) {
        throw new FedCreditException("--party " + id + ": the project has no such party");
      }
    }
    List<PartyIdentity> selected = project.identities().stream()
        .filter(p -> only.isEmpty() || only.contains(p.partyId())).toList();
    Path kitsDir = out.resolve("kits");
    List<String> existing = selected.stream().map(PartyIdentity::partyId)
        .filter(id -> Files.exists(kitsDir.resolve(id))).toList();
    if (!existing.isEmpty() && !force) {
      throw new FedCreditException("kits already exist for " + String.join(", ", existing)
          + " in " + kitsDir + "; nothing was written. Re-run with --force to reissue them "
          + "(their old certificates are revoked), or with --party ID to add only new parties");
    }
    Path caDir = out.resolve("ca");
    Instant now = clock.instant();
    boolean newCa = !Files.exists(caDir.resolve("ca.pem"));
    CertificateAuthority ca;
    RevocationList crl;
    if (newCa) {
      createPrivateDirectory(caDir);
      ca = CertificateAuthority.create(project.federation,
          Duration.ofDays(project.caValidityDays), now, random);
      write(caDir.resolve("ca.pem"), Pem.encode(ca.certificate()), false);
      write(caDir.resolve("ca-key.pem"), Pem.encodePrivateKey(
          ca.privateKey(InsecureSecretKeyAccess.get()), InsecureSecretKeyAccess.get()), true);
      crl = ca.emptyRevocationList(now);
    } else {
      ca = loadCa(caDir);
      if (!ca.federation().equals(project.federation)) {
        throw new FedCreditException(caDir + " holds the CA of federation '" + ca.federation()
            + "', but the project is '" + project.federation + "': use another output folder");
      }
      crl = loadCrl(caDir, ca);
    }
    List<String> superseded = new ArrayList<>();
    List<PartyCredential> issued = new ArrayList<>();
    for (PartyIdentity id : selected) {
      Path previous = caDir.resolve("issued").resolve(id.partyId() + ".pem");
      if (Files.exists(previous)) {
        BigInteger old = readCertificate(previous).getSerialNumber();
        if (!crl.isRevoked(old)) {
          crl = ca.revoke(crl, old, CRLReason.SUPERSEDED, now);
          superseded.add(id.partyId());
        }
      }
      List<String> names = new ArrayList<>();
      if (id.role() == PartyRole.COORDINATOR) {
        names.add(project.coordinatorHost());
      }
      project.party(id.partyId()).serverNames.stream().filter(n -> !names.contains(n))
          .forEach(names::add);
      issued.add(ca.issue(id, names, Duration.ofDays(project.validityDays), now));
    }
    // the CA's records first: a crash after this point leaves kits to reissue, never a
    // certificate the CA does not know about
    for (PartyCredential c : issued) {
      write(caDir.resolve("issued").resolve(c.identity().partyId() + ".pem"),
          Pem.encode(c.certificate()), false);
    }
    String crlPem = Pem.encode(crl.crl());
    write(caDir.resolve("crl.pem"), crlPem, false);
    List<Path> kits = new ArrayList<>();
    for (PartyCredential c : issued) {
      kits.add(writeKit(kitsDir, c, ca.certificate(), crlPem, project));
    }
    distributeCrl(kitsDir, crlPem);
    return new Result(caDir, newCa, kits, superseded);
  }

  /**
   * Revokes a party's current certificate: re-signs {@code ca/crl.pem} and copies it into every
   * kit beside the CA folder.
   *
   * @return the new list, or the current one when the certificate was already revoked
   * @throws FedCreditException when the CA folder or the party's certificate is missing
   */
  public RevocationList revoke(Path caDir, String party, CRLReason reason) throws IOException {
    CertificateAuthority ca = loadCa(caDir);
    Path issued = caDir.resolve("issued").resolve(party + ".pem");
    if (!PartyIdentity.isValidName(party) || !Files.exists(issued)) {
      throw new FedCreditException("no certificate was issued to '" + party + "' by the CA in "
          + caDir + " (no " + issued + "); check the party id");
    }
    RevocationList crl = loadCrl(caDir, ca);
    BigInteger serial = readCertificate(issued).getSerialNumber();
    if (crl.isRevoked(serial)) {
      return crl;
    }
    crl = ca.revoke(crl, serial, reason, clock.instant());
    String pem = Pem.encode(crl.crl());
    write(caDir.resolve("crl.pem"), pem, false);
    distributeCrl(caDir.toAbsolutePath().getParent().resolve("kits"), pem);
    return crl;
  }

  private Path writeKit(Path kitsDir, PartyCredential c, X509Certificate caCert, String crlPem,
      FederationProject project) throws IOException {
    PartyIdentity id = c.identity();
    Files.createDirectories(kitsDir);
    Path tmp = kitsDir.resolve("." + id.partyId() + ".tmp");
    deleteTree(tmp);
    createPrivateDirectory(tmp);
    String cert = id.partyId() + ".pem";
    String key = id.partyId() + "-key.pem";
    write(tmp.resolve("ca.pem"), Pem.encode(caCert), false);
    write(tmp.resolve(cert), Pem.encode(c.certificate()), false);
    write(tmp.resolve(key), Pem.encodePrivateKey(c.privateKey(InsecureSecretKeyAccess.get()),
        InsecureSecretKeyAccess.get()), true);
    write(tmp.resolve("crl.pem"), crlPem, false);
    write(tmp.resolve(StartupKit.CONFIG_FILE), String.join("\n",
        "# FedCredit startup kit of " + id + ", issued " + clock.instant(),
        "# Paths are relative to this folder. Keep " + key + " secret (mode 600).",
        "federation: " + id.federation(),
        "party: " + id.partyId(),
        "role: " + id.role().wireName(),
        "coordinator: \"" + project.coordinator + "\"",
        "ca: ca.pem",
        "certificate: " + cert,
        "private_key: " + key,
        "revocation_list: crl.pem",
        ""), false);
    write(tmp.resolve(commandConfigFile(id)), commandConfig(id, project), false);
    write(tmp.resolve("README.txt"), readme(id, project, c.certificate()), false);
    Path kit = kitsDir.resolve(id.partyId());
    deleteTree(kit);
    Files.move(tmp, kit);
    return kit;
  }

  /** {@code server.yaml} in the coordinator's kit, {@code client.yaml} in the others'. */
  public static String commandConfigFile(PartyIdentity id) {
    return id.role() == PartyRole.COORDINATOR ? "server.yaml" : "client.yaml";
  }

  /**
   * The kit's ready-to-use options file for {@code bin/fl server|client --config}: the kit
   * itself, and commented examples of what only the operator knows (jobs, data).
   */
  private static String commandConfig(PartyIdentity id, FederationProject project) {
    if (id.role() == PartyRole.COORDINATOR) {
      return String.join("\n",
          "# bin/fl server --config server.yaml [--job job.yaml ...]",
          "# Options of 'bin/fl server' by name ('--data-dir' is 'data_dir'); options given on",
          "# the command line win. Relative paths are relative to this folder.",
          "kit: .                 # mutual TLS as " + id.partyId() + "; listens on port "
              + project.coordinatorPort(),
          "host: 0.0.0.0",
          "data_dir: fl-data      # checkpoints and round logs",
          "log_format: json       # one JSON object per line; 'text' for people",
          "# job: [sme-credit-2026.yaml]   # job specs to serve (or --job FILE)",
          "# metrics_port: 9464           # /metrics, /healthz and /readyz over HTTP",
          "");
    }
    return String.join("\n",
        "# bin/fl client --config client.yaml [--job JOB --data loans.csv]",
        "# Options of 'bin/fl client' by name ('--label-column' is 'label_column'); options",
        "# given on the command line win. Relative paths are relative to this folder.",
        "kit: .                 # mutual TLS as " + id.partyId() + " to " + project.coordinator,
        "log_format: text       # or json: one JSON object per line",
        "# job: sme-credit-2026          # the job id the coordinator serves (or --job)",
        "# data: /srv/" + id.partyId() + "/loans.csv   # labelled training rows (or --data)",
        "# validation: holdout.csv       # default: 20% of data",
        "# id_column: id",
        "# label_column: y",
        "# output: global-model.pb",
        "");
  }

  private static String readme(PartyIdentity id, FederationProject project,
      X509Certificate cert) {
    String run = id.role() == PartyRole.COORDINATOR
        ? "  bin/fl server --config THIS_FOLDER/server.yaml --job job.yaml\n"
            + "  (server.yaml: this kit, host, data folder, JSON logs; listens on port "
            + project.coordinatorPort() + " unless --port is given)\n"
        : "  bin/fl client --config THIS_FOLDER/client.yaml --job JOB --data loans.csv\n"
            + "  (or set job and data in client.yaml; options on the command line win)\n"
            + "  or, embedded: BankClient.builder().startupKit(StartupKit.load(THIS_FOLDER))\n";
    return "FedCredit startup kit\n"
        + "=====================\n\n"
        + "Party:       " + id.partyId() + "\n"
        + "Role:        " + id.role().wireName() + "\n"
        + "Federation:  " + id.federation() + "\n"
        + "Coordinator: " + project.coordinator + "\n"
        + "Certificate: serial " + cert.getSerialNumber().toString(16) + ", valid until "
        + cert.getNotAfter().toInstant() + "\n\n"
        + "Files: ca.pem (the federation's CA, the only certificate this party trusts), "
        + id.partyId() + ".pem (this party's certificate), " + id.partyId()
        + "-key.pem (its private key: keep it secret, mode 600, never e-mail it), crl.pem (the "
        + "CA's revocation list), config.yaml (the kit: identity and files), "
        + commandConfigFile(id) + " (the options of bin/fl " + (id.role() == PartyRole.COORDINATOR
            ? "server" : "client") + " --config).\n\n"
        + "Run:\n" + run + "\n"
        + "Connections use mutual TLS 1.3: the coordinator knows this party by the certificate, "
        + "not by anything it says. When the operator revokes a certificate, copy the new "
        + "crl.pem from the CA folder over this kit's crl.pem; it is re-read at the next "
        + "handshake.\n";
  }

  private static void distributeCrl(Path kitsDir, String crlPem) throws IOException {
    if (!Files.isDirectory(kitsDir)) {
      return;
    }
    try (Stream<Path> kits = Files.list(kitsDir)) {
      for (Path kit : kits.filter(Files::isDirectory)
          .filter(k -> !k.getFileName().toString().startsWith(".")).toList()) {
        if (Files.exists(kit.resolve("crl.pem"))) {
          write(kit.resolve("crl.pem"), crlPem, false);
        }
      }
    }
  }

  private CertificateAuthority loadCa(Path caDir) throws IOException {
    Path cert = caDir.resolve("ca.pem");
    Path key = caDir.resolve("ca-key.pem");
    if (!Files.exists(cert) || !Files.exists(key)) {
      throw new FedCreditException(caDir + " is not a CA folder (needs ca.pem and ca-key.pem); "
          + "run fl-server provision first, or pass the folder it wrote (OUT/ca)");
    }
    try {
      return CertificateAuthority.of(readCertificate(cert),
          Pem.decodePrivateKey(Files.readString(key), key.toString()), random);
    } catch (PkiException e) {
      throw new FedCreditException(caDir + ": " + e.getMessage(), e);
    }
  }

  private static RevocationList loadCrl(Path caDir, CertificateAuthority ca) throws IOException {
    Path file = caDir.resolve("crl.pem");
    try {
      return RevocationList.verified(Pem.decodeCrl(Files.readString(file), file.toString()),
          ca.certificate());
    } catch (PkiException e) {
      throw new FedCreditException(file + ": " + e.getMessage(), e);
    }
  }

  private static X509Certificate readCertificate(Path file) throws IOException {
    return Pem.decodeCertificate(Files.readString(file), file.toString());
  }

  /**
   * Writes a file atomically. The temporary file is created owner-only, so a key is never
   * readable by others, not even for a moment; public files are then opened to 0644.
   */
  private static void write(Path file, String text, boolean secret) throws IOException {
    GlobalModelFiles.writeAtomically(text.getBytes(StandardCharsets.US_ASCII), file);
    setPermissions(file, secret ? "rw-------" : "rw-r--r--");
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    setPermissions(dir, "rwx------");
  }

  private static void setPermissions(Path p, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the operator protects the folder by other means
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
