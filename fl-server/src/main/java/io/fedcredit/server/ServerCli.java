package io.fedcredit.server;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.transport.TransportSecurity;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fl-server run}: serves jobs from YAML job specs until stopped. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run the coordinator for one or more horizontal jobs.")
public final class ServerCli implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCli.class);

  @Option(names = "--job", required = true, paramLabel = "FILE",
      description = "Job spec (YAML). Repeat for several jobs.")
  List<Path> jobs;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "7443", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", defaultValue = "fl-data",
      description = "Checkpoints and round logs go here (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--plaintext", required = true,
      description = "Serve without TLS. Required in this version, which has no mutual TLS yet: "
          + "use only on loopback or in tests.")
  boolean plaintext;

  @Override
  public Integer call() throws Exception {
    FileJobStore store = new FileJobStore(dataDir);
    Coordinator coordinator =
        Coordinator.listening(TransportSecurity.plaintextForTesting(), host, port, store);
    for (Path p : jobs) {
      JobSpec spec = JobSpec.load(p);
      coordinator.addJob(spec.toConfig(), spec.toStrategy());
      LOG.info("serving job {} from {}", spec.job, p);
    }
    coordinator.start();
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
