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
}
