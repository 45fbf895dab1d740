package io.fedcredit.server;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.server.provision.ProvisionCommand;
import io.fedcredit.server.provision.RevokeCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fl-server}: serves jobs from YAML job specs until stopped, over mutual TLS with the
 * coordinator's startup kit ({@code --kit}) or, explicitly, plaintext; {@code fl-server provision}
 * and {@code fl-server revoke} manage the federation's CA and kits.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run the coordinator for one or more horizontal jobs.",
    subcommands = {ProvisionCommand.class, RevokeCommand.class})
public final class ServerCli implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCli.class);

  @Option(names = "--job", paramLabel = "FILE",
      description = "Job spec (YAML). Repeat for several jobs.")
  List<Path> jobs;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port",
      description = "Port (default: the port of the kit's coordinator address, else 7443).")
  Integer port;

  @Option(names = "--data-dir", defaultValue = "fl-data",
      description = "Checkpoints and round logs go here (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--kit", paramLabel = "DIR",
      description = "The coordinator's startup kit (from provision): serve over mutual TLS.")
  Path kit;

  @Option(names = "--plaintext",
      description = "Serve without TLS or client certificates instead: loopback and tests only.")
  boolean plaintext;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve /metrics (Prometheus), /healthz and /readyz over HTTP on --host at "
          + "this port (0 = a free port; default: off).")
  Integer metricsPort;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (jobs == null || jobs.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--job=FILE'");
    }
    Optional<StartupKit> k = StartupKit.chosen(kit, plaintext, "serve");
    int listenPort = port != null ? port : 7443;
    TransportSecurity security = TransportSecurity.plaintextForTesting();
    if (k.isPresent()) {
      if (k.get().identity().role() != PartyRole.COORDINATOR) {
        throw new FedCreditException("--kit " + kit + " is the kit of " + k.get().identity()
            + "; the coordinator needs the kit of the party with role coordinator");
      }
      if (port == null) {
        listenPort = Integer.parseInt(k.get().coordinator().substring(
            k.get().coordinator().lastIndexOf(':') + 1));
      }
      security = TransportSecurity.mutualTls(k.get());
    }
    FileJobStore store = new FileJobStore(dataDir);
    CoordinatorMetrics metrics = new CoordinatorMetrics(System::nanoTime);
    Coordinator coordinator = new Coordinator(
        security.serverBuilder(host, listenPort).intercept(metrics.interceptor()), store,
        System::currentTimeMillis, security.keyAuthentication());
    for (Path p : jobs) {
      JobSpec spec = JobSpec.load(p);
      metrics.watch(coordinator.addJob(spec.toConfig(), spec.toStrategy()));
      if (!spec.parties.isEmpty()) {
        coordinator.restrictParties(spec.job, spec.partyRoles());
      }
      LOG.info("serving job {} from {}", spec.job, p);
    }
    coordinator.start();
    if (metricsPort != null) {
      OperationsEndpoint ops = OperationsEndpoint.start(host, metricsPort, metrics::scrape,
          coordinator::isServing);
      LOG.info("metrics, health and readiness on http://{}:{}/metrics, /healthz, /readyz", host,
          ops.port());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(coordinator::close, "fl-server-shutdown"));
    coordinator.blockUntilShutdown();
    return 0;
  }

  /** Prints a {@link FedCreditException}'s message without a stack trace; exit code 2. */
  public static CommandLine.IExecutionExceptionHandler friendlyErrors() {
    return (ex, cmd, parsed) -> {
      if (ex instanceof FedCreditException || ex instanceof IllegalArgumentException) {
        cmd.getErr().println("error: " + ex.getMessage());
        return 2;
      }
      throw ex;
    };
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ServerCli())
        .setExecutionExceptionHandler(friendlyErrors()).execute(args));
  }
}
