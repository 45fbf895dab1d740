package io.fedcredit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.config.CommandConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The client's command line: mutual TLS by default, plaintext only when asked; options from a
 * YAML file under the command line, and each class of configuration error named with its fix.
 */
class ClientCliTest {
  @TempDir
  Path dir;
  private Path csv;

  @BeforeEach
  void data() throws Exception {
    csv = dir.resolve("loans.csv");
    Files.writeString(csv, "id,x1,y\na,1.0,0\nb,2.0,1\n");
  }

  private static ClientCli cli(String... args) {
    return CommandLine.populateCommand(new ClientCli(), args);
  }

  private static String error(String... args) {
    ClientCli cli = cli(args);
    return assertThrows(FedCreditException.class, cli::call).getMessage();
  }

  private Path yaml(String text) throws Exception {
    Path f = dir.resolve("conf").resolve("client.yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  @Test
  void withNeitherKitNorPlaintextTheErrorExplainsBoth() {
    String m = error("--job", "j", "--data", csv.toString(), "--coordinator", "h:1",
        "--participant", "bank-a");
    assertTrue(m.contains("--kit DIR") && m.contains("--plaintext"), m);
  }

  @Test
  void plaintextNeedsTheAddressAndIdThatAKitWouldGive() {
    String m = error("--job", "j", "--data", csv.toString(), "--plaintext");
    assertTrue(m.contains("--coordinator") && m.contains("--participant"), m);
  }

  @Test
  void aKitFolderThatDoesNotExistIsRefusedByName() {
    String m = error("--job", "j", "--data", csv.toString(), "--kit", "no-such-kit");
    assertTrue(m.startsWith("--kit names ") && m.contains("no-such-kit")
        && m.contains("fl-server provision"), m);
  }

  @Test
  void aServingFileNeedsAKitToSignIt() throws Exception {
    String m = error("--job", "j", "--data", csv.toString(), "--plaintext", "--coordinator",
        "h:1", "--participant", "bank-a", "--serving-output", "gbdt.fcm");
    assertTrue(m.startsWith("--serving-output needs a startup kit") && m.contains("--kit DIR"),
        m);
    String f = error("--config", yaml("plaintext: true\ncoordinator: h:1\nparticipant: bank-a\n"
        + "job: j\ndata: " + csv + "\nserving_output: gbdt.fcm\n").toString());
    assertTrue(f.contains("serving_output") && f.contains("needs a startup kit"), f);
  }

  @Test
  void everyOptionIsAKeyOfTheConfigFile() {
    ClientCli c = cli();
    CommandConfig.apply(c.spec, null, ClientConfig.class, "client configuration");
  }

  @Test
  void theConfigFileSuppliesOptionsAndTheCommandLineWins() throws Exception {
    Path f = yaml("job: from-file\ndata: ../loans.csv\nplaintext: true\n"
        + "coordinator: 127.0.0.1:7443\nparticipant: bank-a\nlabel_column: default\n");
    ClientCli c = cli("--config", f.toString(), "--participant", "bank-z");
    ClientCli.Settings s = c.resolve();
    assertEquals("from-file", c.job);
    assertEquals(csv.toAbsolutePath().normalize(), c.data);
    assertEquals("bank-z", s.participant());
    assertEquals("127.0.0.1:7443", s.coordinator());
    assertEquals("default", c.labelColumn);
    assertTrue(s.kit().isEmpty());
    assertTrue(s.config().fromFile("--data"));
    assertFalse(s.config().fromFile("--participant"));
  }

  @Test
  void anUnknownKeyIsRefusedWithADidYouMean() throws Exception {
    String m = error("--config", yaml("job: j\ndatta: loans.csv\n").toString());
    assertTrue(m.contains("client.yaml line 2: unknown key 'datta'; did you mean 'data'?"), m);
  }

  @Test
  void aWrongTypeIsRefusedNamingTheField() throws Exception {
    String m = error("--config", yaml("job: j\nplaintext: sometimes\n").toString());
    assertTrue(m.contains("client.yaml line 2: field 'plaintext'")
        && m.contains("true or false"), m);
  }

  @Test
  void aMissingDataFileNamesTheFieldAndHowPathsResolve() throws Exception {
    Path f = yaml("job: j\ndata: loans.csv\nplaintext: true\n");
    String m = error("--config", f.toString());
    assertTrue(m.startsWith(f + ": field 'data' names ") && m.contains("does not exist")
        && m.contains("relative paths resolve against the folder of client.yaml"), m);
  }

  @Test
  void aMissingKitNamesTheFieldOfTheConfigFile() throws Exception {
    Path f = yaml("job: j\ndata: ../loans.csv\nkit: ../kits/bank-a\n");
    String m = error("--config", f.toString());
    assertTrue(m.startsWith(f + ": field 'kit' names ") && m.contains("kits/bank-a"), m);
  }

  @Test
  void aMissingJobSaysWhereToSetIt() throws Exception {
    Path f = yaml("data: ../loans.csv\nplaintext: true\n");
    String m = error("--config", f.toString());
    assertEquals("missing --job: pass --job sme-credit-2026 or set 'job: sme-credit-2026' in "
        + f, m);
  }

  @Test
  void aBadLogFormatNamesItsField() throws Exception {
    Path f = yaml("job: j\ndata: ../loans.csv\nplaintext: true\nlog_format: xml\n");
    String m = error("--config", f.toString());
    assertEquals(f + ": field 'log_format' is 'xml'; the log format is one of text, json", m);
  }
}
