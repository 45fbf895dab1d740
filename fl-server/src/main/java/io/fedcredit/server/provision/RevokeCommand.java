package io.fedcredit.server.provision;

import io.fedcredit.crypto.pki.RevocationList;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fl-server revoke PARTY}: adds a party's certificate to the CA's signed CRL. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = {"Revoke a party's certificate: re-sign the CA's revocation list (CA/crl.pem)",
        "and copy it into the kits beside the CA folder. A running coordinator re-reads its",
        "kit's crl.pem at every handshake: copy the new list there, no restart needed."})
public final class RevokeCommand implements Callable<Integer> {

  /** Why a certificate is revoked (RFC 5280 reason codes). */
  enum Reason {
    UNSPECIFIED(CRLReason.UNSPECIFIED),
    KEY_COMPROMISE(CRLReason.KEY_COMPROMISE),
    AFFILIATION_CHANGED(CRLReason.AFFILIATION_CHANGED),
    CESSATION_OF_OPERATION(CRLReason.CESSATION_OF_OPERATION);

    final CRLReason code;

    Reason(CRLReason code) {
      this.code = code;
    }
  }

  @Parameters(index = "0", paramLabel = "PARTY", description = "The party id to revoke.")
  String party;

  @Option(names = "--ca", defaultValue = "fl-kits/ca", paramLabel = "DIR",
      description = "The CA folder that provision wrote (default: ${DEFAULT-VALUE}).")
  Path caDir;

  @Option(names = "--reason", defaultValue = "UNSPECIFIED",
      description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Reason reason;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    RevocationList crl = new Provisioner(Clock.systemUTC(), new SecureRandom())
        .revoke(caDir, party, reason.code);
    console.printf("%s is revoked (%s); revocation list number %s in %s lists %d "
            + "certificate(s).%nCopy it to the coordinator's kit (crl.pem) if the coordinator runs "
            + "elsewhere.%n", party, reason.name().toLowerCase(Locale.ROOT).replace('_', ' '),
        crl.number(), caDir.resolve("crl.pem"), crl.revokedSerials().size());
    return 0;
  }
}
