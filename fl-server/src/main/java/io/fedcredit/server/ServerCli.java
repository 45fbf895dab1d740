package io.fedcredit.server;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.config.CommandConfig;
import io.fedcredit.core.logging.LogFormatOption;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

  @Option(names = "--config", paramLabel = "FILE.yaml",
      description = "Read options from this YAML file (keys are the long options without '--', "
          + "with '_' for '-'; the coordinator's kit has a server.yaml); command-line options "
          + "win.")
  Path config;

  @Option(names = "--job", paramLabel = "FILE",
      description = "Job spec (YAML). Repeat for several jobs (in --config: job: [a.yaml, ...]).")
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

  @Mixin
  LogFormatOption logging;

  @Spec
  CommandSpec spec;

  /**
   * What {@link #resolve()} settled on: the options after the config file, checked.
   *
   * @param config where each option came from
   * @param kit the coordinator's startup kit (empty under plaintext)
   * @param port the port to listen on
   * @param jobSpecs the jobs to serve, loaded and validated
   */
  public record Settings(CommandConfig config, Optional<StartupKit> kit, int port,
      List<JobSpec> jobSpecs) {}

  /**
   * Reads {@code --config}, applies the log format, checks every option and loads the job specs
   * and the kit, without binding a port.
   *
   * @throws FedCreditException naming the option or config field at fault and the fix
   */
  public Settings resolve() {
    CommandConfig cfg = CommandConfig.apply(spec, config, ServerConfig.class,
        "server configuration");
    logging.apply(cfg);
    cfg.require(jobs != null && !jobs.isEmpty(), "--job", "job.yaml");
    List<JobSpec> specs = new java.util.ArrayList<>();
    for (Path p : jobs) {
      cfg.existingFile(p, "--job", "a job spec (YAML)");
      specs.add(JobSpec.load(p));
    }
    checkPort(cfg, "--port", port);
    checkPort(cfg, "--metrics-port", metricsPort);
    Optional<StartupKit> k = StartupKit.chosen(kit, plaintext, "serve", cfg.where("--kit"));
    int listenPort = port != null ? port : 7443;
    if (k.isPresent()) {
      if (k.get().identity().role() != PartyRole.COORDINATOR) {
        throw new FedCreditException(cfg.where("--kit") + " is the kit of " + k.get().identity()
            + "; the coordinator needs the kit of the party with role coordinator");
      }
      if (port == null) {
        listenPort = Integer.parseInt(k.get().coordinator().substring(
            k.get().coordinator().lastIndexOf(':') + 1));
      }
    }
    return new Settings(cfg, k, listenPort, specs);
  }

  private static void checkPort(CommandConfig cfg, String option, Integer value) {
    if (value != null && (value < 0 || value > 65535)) {
      throw new FedCreditException(cfg.where(option) + " is " + value
          + "; a port is 0 (any free port) to 65535");
    }
  }

  @Override
  public Integer call() throws Exception {
    Settings s = resolve();
    Optional<StartupKit> k = s.kit();
    int listenPort = s.port();
    TransportSecurity security = k.isPresent() ? TransportSecurity.mutualTls(k.get())
        : TransportSecurity.plaintextForTesting();
    FileJobStore store = new FileJobStore(dataDir);
    CoordinatorMetrics metrics = new CoordinatorMetrics(System::nanoTime);
    Coordinator coordinator = new Coordinator(
        security.serverBuilder(host, listenPort).intercept(metrics.interceptor()), store,
        System::currentTimeMillis, security.keyAuthentication());
    for (int i = 0; i < jobs.size(); i++) {
      JobSpec spec = s.jobSpecs().get(i);
      if (spec.boostingJob()) {
        metrics.watch(coordinator.addBoostingJob(spec.toBoostingConfig()));
      } else {
        metrics.watch(coordinator.addJob(spec.toConfig(), spec.toStrategy()));
      }
      if (!spec.parties.isEmpty()) {
        coordinator.restrictParties(spec.job, spec.partyRoles());
      }
      LOG.info("serving job {} from {}", spec.job, jobs.get(i));
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
