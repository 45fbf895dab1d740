package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The coordinator's command line: mutual TLS by default, plaintext only when asked. */
class ServerCliTest {
  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new ServerCli())
        .setExecutionExceptionHandler(ServerCli.friendlyErrors())
        .setErr(new PrintWriter(err, true))
        .setOut(new PrintWriter(out, true))
        .execute(args);
  }

  @Test
  void withNeitherKitNorPlaintextTheErrorExplainsBoth(@TempDir Path dir) throws Exception {
    Path job = job(dir);
    assertEquals(2, run("--job", job.toString()));
    assertTrue(err.toString().contains("--kit DIR") && err.toString().contains("--plaintext"),
        err.toString());
    assertEquals(2, run("--job", job.toString(), "--plaintext", "--kit", dir.toString()));
    assertTrue(err.toString().contains("exclude each other"), err.toString());
  }

  @Test
  void provisionIsASubcommandAndABankKitCannotRunTheCoordinator(@TempDir Path dir)
      throws Exception {
    Path project = dir.resolve("project.yaml");
    Files.writeString(project, io.fedcredit.server.provision.TestFederation.YAML);
    Path fed = dir.resolve("fed");
    assertEquals(0, run("provision", project.toString(), "--out", fed.toString()), err.toString());
    assertTrue(Files.exists(fed.resolve("kits/bank-a/config.yaml")));
    // a second run refuses to overwrite, naming the fix
    assertEquals(2, run("provision", project.toString(), "--out", fed.toString()));
    assertTrue(err.toString().contains("--force"), err.toString());

    assertEquals(2, run("--job", job(dir).toString(), "--kit",
        fed.resolve("kits/bank-a").toString(), "--port", "0"));
    assertTrue(err.toString().contains("role coordinator"), err.toString());

    assertEquals(0, run("revoke", "bank-a", "--ca", fed.resolve("ca").toString()),
        err.toString());
    assertTrue(out.toString().contains("bank-a is revoked"), out.toString());
  }

  private static Path job(Path dir) throws Exception {
    Path job = dir.resolve("job.yaml");
    Files.writeString(job, "job: j\nfeatures: [a, b]\nrounds: 1\n"
        + "parties: {bank-a: bank, platform: data-node}\n");
    return job;
  }

  private static ServerCli cli(String... args) {
    return CommandLine.populateCommand(new ServerCli(), args);
  }

  private static String error(ServerCli cli) {
    return org.junit.jupiter.api.Assertions.assertThrows(
        io.fedcredit.core.FedCreditException.class, cli::resolve).getMessage();
  }

  @Test
  void theKitsWrittenByProvisionCarryReadyToUseConfigFiles(@TempDir Path dir) throws Exception {
    Path kits = io.fedcredit.server.provision.TestFederation.provision(dir.resolve("fed"));
    Path csv = dir.resolve("loans.csv");
    Files.writeString(csv, "id,a,b,y\nr1,1,2,0\n");

    // the coordinator: kit, port from the kit, JSON logs; only the job is added
    ServerCli server = cli("--config", kits.resolve("coordinator/server.yaml").toString(),
        "--job", job(dir).toString(), "--log-format", "text");
    ServerCli.Settings s = server.resolve();
    assertEquals("coordinator", s.kit().orElseThrow().identity().partyId());
    assertEquals(7443, s.port());
    assertEquals("0.0.0.0", server.host);
    assertEquals(kits.resolve("coordinator/fl-data").toAbsolutePath().normalize(),
        server.dataDir);
    assertEquals("j", s.jobSpecs().get(0).job);

    // a bank: kit, its id and the coordinator's address; job and data on the command line
    io.fedcredit.client.ClientCli client = CommandLine.populateCommand(
        new io.fedcredit.client.ClientCli(), "--config",
        kits.resolve("bank-a/client.yaml").toString(), "--job", "j", "--data", csv.toString());
    io.fedcredit.client.ClientCli.Settings c = client.resolve();
    assertEquals("bank-a", c.participant());
    assertEquals("127.0.0.1:7443", c.coordinator());
    assertTrue(c.kit().isPresent());
    assertEquals(io.fedcredit.core.logging.LogFormat.TEXT, c.logFormat());
  }

  @Test
  void aKitWithoutItsCertificateIsRefusedNamingBothFiles(@TempDir Path dir) throws Exception {
    Path kits = io.fedcredit.server.provision.TestFederation.provision(dir.resolve("fed"));
    Files.delete(kits.resolve("coordinator/coordinator.pem"));
    Path conf = kits.resolve("coordinator/server.yaml");
    String m = error(cli("--config", conf.toString(), "--job", job(dir).toString(),
        "--log-format", "text"));
    assertTrue(m.startsWith(conf + ": field 'kit': ") && m.contains("field 'certificate'")
        && m.contains("coordinator.pem") && m.contains("does not exist"), m);
  }

  @Test
  void configErrorsOfTheServerNameTheirField(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("server.yaml");
    Files.writeString(conf, "plaintext: true\nprot: 7443\n");
    String unknown = error(cli("--config", conf.toString()));
    assertTrue(unknown.contains("line 2: unknown key 'prot'; did you mean 'port'?"), unknown);

    Files.writeString(conf, "plaintext: true\njob: one.yaml\n");
    String type = error(cli("--config", conf.toString()));
    assertTrue(type.contains("field 'job'") && type.contains("a list"), type);

    Files.writeString(conf, "plaintext: true\njob: [missing.yaml]\n");
    String missing = error(cli("--config", conf.toString()));
    assertTrue(missing.startsWith(conf + ": field 'job' names ")
        && missing.contains("missing.yaml"), missing);

    Files.writeString(conf, "plaintext: true\nmetrics_port: 70000\n");
    String port = error(cli("--config", conf.toString(), "--job", job(dir).toString()));
    assertEquals(conf + ": field 'metrics_port' is 70000; a port is 0 (any free port) to 65535",
        port);

    String noJob = error(cli("--plaintext"));
    assertTrue(noJob.startsWith("missing --job: pass --job job.yaml"), noJob);
  }

  @Test
  void everyOptionIsAKeyOfTheConfigFile() {
    io.fedcredit.core.config.CommandConfig.apply(cli().spec, null, ServerConfig.class,
        "server configuration");
  }
}
