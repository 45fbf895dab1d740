package io.fedcredit.examples;

import io.fedcredit.client.ClientCli;
import io.fedcredit.client.scoring.ScoreCommand;
import io.fedcredit.client.scoring.ServeCommand;
import io.fedcredit.server.ServerCli;
import io.fedcredit.server.provision.ProvisionCommand;
import io.fedcredit.server.provision.RevokeCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bin/fl} launcher. */
@Command(name = "fl", mixinStandardHelpOptions = true, versionProvider = FlCli.Version.class,
    description = "FedCredit: privacy-preserving federated learning for credit models.",
    subcommands = {DemoCommand.class, SimulateCommand.class, GenerateCommand.class,
        RoundBenchmarkCommand.Group.class, NotebooksCommand.class, ServerCli.class,
        ClientCli.class, ProvisionCommand.class, RevokeCommand.class,
        ServeCommand.class, ScoreCommand.class})
public final class FlCli implements Callable<Integer> {

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    int code = new CommandLine(new FlCli())
        .setExecutionExceptionHandler(ServerCli.friendlyErrors())
        .execute(args);
    System.exit(code);
  }

  /** Prints the library version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"FedCredit " + io.fedcredit.core.model.LibraryVersion.get(),
          io.fedcredit.core.model.LibraryVersion.runtime()};
    }
  }
}
