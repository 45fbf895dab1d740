package io.fedcredit.server.provision;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fl-server provision}: a federation CA and one startup kit per party. */
@Command(name = "provision", mixinStandardHelpOptions = true,
    description = {"Create the federation's CA and a startup kit per party from a project file.",
        "Writes OUT/ca (keep it offline: it can mint any identity) and OUT/kits/<party>."})
public final class ProvisionCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PROJECT.yaml",
      description = "The project: federation, coordinator address, parties and their roles.")
  Path project;

  @Option(names = "--out", defaultValue = "fl-kits", paramLabel = "DIR",
      description = "Where the CA and kits go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--force",
      description = "Reissue kits that exist (their old certificates are revoked).")
  boolean force;

  @Option(names = "--party", paramLabel = "ID",
      description = "Only this party (repeatable), e.g. to add a new bank to a federation.")
  List<String> parties = List.of();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    FederationProject p = FederationProject.load(project);
    Provisioner.Result r = new Provisioner(Clock.systemUTC(), new SecureRandom())
        .provision(p, out, force, Set.copyOf(parties));
    console.printf("%s CA of federation %s in %s%n", r.newCa() ? "created the" : "reused the",
        p.federation, r.caFolder());
    for (Path kit : r.kits()) {
      console.println("wrote kit " + kit);
    }
    if (!r.superseded().isEmpty()) {
      console.println("revoked the previous certificates of " + r.superseded()
          + "; copy " + r.caFolder().resolve("crl.pem") + " to the coordinator's kit");
    }
    console.println("Give each party its kit folder over a secure channel. Start the "
        + "coordinator with 'bin/fl server --config KIT/server.yaml --job JOB.yaml', each bank "
        + "with 'bin/fl client --config KIT/client.yaml --job JOB --data FILE.csv'.");
    return 0;
  }
}
