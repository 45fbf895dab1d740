package io.fedcredit.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.FedCreditException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The client's command line: mutual TLS by default, plaintext only when asked. */
class ClientCliTest {

  private static String error(String... args) {
    ClientCli cli = CommandLine.populateCommand(new ClientCli(), args);
    return assertThrows(FedCreditException.class, cli::call).getMessage();
  }

  @Test
  void withNeitherKitNorPlaintextTheErrorExplainsBoth() {
    String m = error("--job", "j", "--data", "no-such.csv", "--coordinator", "h:1",
        "--participant", "bank-a");
    assertTrue(m.contains("--kit DIR") && m.contains("--plaintext"), m);
  }

  @Test
  void plaintextNeedsTheAddressAndIdThatAKitWouldGive() {
    String m = error("--job", "j", "--data", "no-such.csv", "--plaintext");
    assertTrue(m.contains("--coordinator") && m.contains("--participant"), m);
  }

  @Test
  void aKitFolderWithoutConfigIsRefusedByName() {
    String m = error("--job", "j", "--data", "no-such.csv", "--kit", "no-such-kit");
    assertTrue(m.contains("no-such-kit") && m.contains("config.yaml"), m);
  }
}
