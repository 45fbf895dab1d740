package io.fedcredit.client.scoring;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.serving.ModelTrust;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.transport.TransportTuning;
import io.fedcredit.crypto.pki.PartyRole;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every scoring command shares: mutual TLS with a startup kit (the default) or
 * explicit plaintext, the CA that signed the served models, and the transport tuning. A picocli
 * mixin.
 */
public final class TransportOptions {
  @Option(names = "--kit", paramLabel = "DIR",
      description = "This party's startup kit (from provision): mutual TLS, and the kit's CA "
          + "verifies the model files.")
  Path kit;

  @Option(names = "--plaintext",
      description = "No TLS and no client certificates instead: loopback and tests only.")
  boolean plaintext;

  @Option(names = "--ca", paramLabel = "CA.pem",
      description = "With --plaintext: the federation CA certificate that verifies the model "
          + "files' signatures.")
  Path ca;

  @Option(names = "--tls-provider", defaultValue = "default", paramLabel = "PROVIDER",
      description = "default | openssl (BoringSSL bundled with gRPC) | jdk (default: gRPC's "
          + "choice, BoringSSL when it loads).")
  String tlsProvider;

  @Option(names = "--event-loop-threads", defaultValue = "0", paramLabel = "N",
      description = "0: gRPC's shared event loops; N: one dedicated group of N threads for "
          + "every server and channel of this process (default: ${DEFAULT-VALUE}).")
  int eventLoopThreads;

  @Option(names = "--direct-executor",
      description = "Run calls on the event loop instead of gRPC's thread pool.")
  boolean directExecutor;

  private Optional<StartupKit> loaded;

  /**
   * The kit, if any, checked to be in {@code role}.
   *
   * @throws FedCreditException when neither or both of --kit and --plaintext are given, or the
   *     kit is another role's
   */
  public Optional<StartupKit> kit(String verb, PartyRole role) {
    if (loaded == null) {
      loaded = StartupKit.chosen(kit, plaintext, verb);
      if (loaded.isPresent() && role != null && loaded.get().identity().role() != role) {
        throw new FedCreditException("--kit " + kit + " is the kit of "
            + loaded.get().identity() + "; this command needs the kit of a " + role);
      }
    }
    return loaded;
  }

  /** Mutual TLS with the kit, or plaintext. */
  public TransportSecurity security(String verb, PartyRole role) {
    Optional<StartupKit> k = kit(verb, role);
    return k.isPresent() ? TransportSecurity.mutualTls(k.get())
        : TransportSecurity.plaintextForTesting();
  }

  /**
   * What verifies the model files: the kit's CA and revocation list, or {@code --ca}.
   *
   * @throws FedCreditException when plaintext is chosen without --ca
   */
  public ModelTrust trust(String verb, PartyRole role) {
    Optional<StartupKit> k = kit(verb, role);
    if (k.isPresent()) {
      return ModelTrust.of(k.get());
    }
    if (ca == null) {
      throw new FedCreditException("model files are signed: with --plaintext, give --ca CA.pem "
          + "(the federation's CA certificate, e.g. kits/<party>/ca.pem) to verify them");
    }
    return ModelTrust.ofCaFile(ca);
  }

  /** The tuning these options ask for (the caller closes it). */
  public TransportTuning tuning() {
    return TransportTuning.of(TransportTuning.Tls.parse(tlsProvider), eventLoopThreads,
        directExecutor);
  }
}
