package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.BankClient;
import io.fedcredit.client.FederationResult;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.proto.CoordinatorGrpc;
import io.fedcredit.proto.JoinRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations endpoint on 127.0.0.1 while two banks train a two-round job over loopback: the
 * scrape shows the rounds, participants, bytes both ways, phase latencies and a refusal by its
 * reason; health and readiness answer, and readiness turns 503 when the coordinator stops.
 */
class OperationsEndpointTest {
  @Test
  @Timeout(120)
  void metricsHealthAndReadinessOverHttp(@TempDir Path dir) throws Exception {
    CoordinatorMetrics metrics = new CoordinatorMetrics(System::nanoTime);
    Coordinator coordinator = new Coordinator(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .intercept(metrics.interceptor()),
        new FileJobStore(dir), System::currentTimeMillis);
    HorizontalJobConfig cfg = new HorizontalJobConfig("ops", ModelSpec.logreg(4, 5),
        TestTables.features(4), 2, 2, Set.of("bank-a", "bank-b"), false, 60_000, 60_000, 60_000,
        200, null, null);
    TrainingConfig tc = new TrainingConfig(1, 32, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    metrics.watch(coordinator.addJob(cfg, new FedAvg(FedAvg.Config.everyone(2, tc, 3))));
    coordinator.start();
    HttpClient http = HttpClient.newHttpClient();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", coordinator.port())
        .usePlaintext().build();
    List<BankClient> banks = new ArrayList<>();
    try (OperationsEndpoint ops = OperationsEndpoint.start("127.0.0.1", 0, metrics::scrape,
        coordinator::isServing)) {
      String base = "http://127.0.0.1:" + ops.port();
      assertEquals(200, get(http, base + "/healthz").statusCode());
      assertEquals(200, get(http, base + "/readyz").statusCode());
      // one refusal: a job this coordinator does not serve
      try {
        CoordinatorGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
            .join(JoinRequest.newBuilder().setJobId("nope").setParticipantId("x").build());
      } catch (StatusRuntimeException expected) {
        // counted below
      }
      List<Future<FederationResult>> runs = new ArrayList<>();
      for (String b : List.of("bank-a", "bank-b")) {
        BankClient c = BankClient.builder()
            .coordinator("127.0.0.1:" + coordinator.port(),
                TransportSecurity.plaintextForTesting())
            .jobId("ops").participantId(b)
            .trainingData(TestTables.logistic(400, 4, 0, b.hashCode(), b + "-"))
            .callTimeout(Duration.ofSeconds(30)).build();
        banks.add(c);
        runs.add(pool.submit(c::run));
      }
      for (Future<FederationResult> f : runs) {
        f.get(90, TimeUnit.SECONDS);
      }
      String text = get(http, base + "/metrics").body();
      assertEquals(2.0, value(text, "fedcredit_rounds_completed_total\\{job=\"ops\"\\}"), text);
      assertEquals(2.0, value(text, "fedcredit_participants\\{job=\"ops\"\\}"), text);
      assertEquals(1.0, value(text, "fedcredit_rejections_total\\{reason=\"UNKNOWN_JOB\","
          + "rpc=\"Join\",status=\"NOT_FOUND\"\\}"), text);
      assertTrue(value(text, "fedcredit_bytes_received_total\\{rpc=\"SubmitUpdate\"\\}") > 0,
          text);
      assertTrue(value(text, "fedcredit_bytes_sent_total\\{rpc=\"DownloadModel\"\\}") > 0, text);
      assertTrue(value(text, "fedcredit_phase_seconds_count\\{job=\"ops\",phase=\"FIT\"\\}") >= 1,
          text);
      coordinator.stop();
      assertEquals(503, get(http, base + "/readyz").statusCode());
      assertEquals(200, get(http, base + "/healthz").statusCode());
    } finally {
      pool.shutdownNow();
      banks.forEach(BankClient::close);
      channel.shutdownNow();
      coordinator.stop();
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the sample whose name and labels match {@code series} (a regex). */
  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
