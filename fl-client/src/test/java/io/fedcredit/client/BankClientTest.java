package io.fedcredit.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.TransportSecurity;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BankClientTest {
  private static final FeatureTable TABLE = TestTables.logistic(100, 2, 0, 1, "r");

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void builderNamesTheMissingSetting() {
    assertTrue(message(() -> BankClient.builder().build()).contains("coordinator"));
    BankClient.Builder b = BankClient.builder()
        .coordinator("127.0.0.1:1", TransportSecurity.plaintextForTesting());
    assertTrue(message(b::build).contains("jobId"));
    b.jobId("job");
    assertTrue(message(b::build).contains("participantId"));
    b.participantId("bank-a");
    assertTrue(message(b::build).contains("trainingData"));
    b.trainingData(TABLE.withoutLabels());
    assertTrue(message(b::build).contains("label"));
    b.trainingData(TABLE).validationData(TABLE.withoutLabels());
    assertTrue(message(b::build).contains("validationData"));
    b.validationData(TABLE).callTimeout(Duration.ZERO);
    assertTrue(message(b::build).contains("callTimeout"));
  }

  @Test
  @Timeout(30)
  void unreachableCoordinatorFailsAfterTheRetryBudget() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (BankClient client = BankClient.builder()
        .coordinator("127.0.0.1:" + port, TransportSecurity.plaintextForTesting())
        .jobId("job").participantId("bank-a").trainingData(TABLE)
        .callTimeout(Duration.ofSeconds(1)).retryBudget(Duration.ofSeconds(2)).build()) {
      FederationException e = assertThrows(FederationException.class, client::run);
      assertTrue(e.getMessage().contains("bank-a: join in job job failed: coordinator "
          + "unreachable for 2 s"), e.getMessage());
    }
  }
}
