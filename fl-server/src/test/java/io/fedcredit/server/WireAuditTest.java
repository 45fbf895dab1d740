package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.MessageLite;
import io.fedcredit.client.BankClient;
import io.fedcredit.client.FederationResult;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.TransportSecurity;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Privacy audit of a whole horizontal job with secure aggregation: every message crossing the
 * wire, every RPC, both directions, is recorded at the coordinator and searched for every raw
 * feature value (as IEEE doubles in both byte orders and as decimal text), every
 * row id (UTF-8) and every run of 64 of a bank's labels (as bytes and as doubles). The vertical job's
 * audit is {@code VerticalEndToEndTest}.
 */
class WireAuditTest {
  private static final String[] NAMES = {"bank-a", "bank-b", "bank-c"};
  private static final int RUN = 64;

  @Test
  @Timeout(180)
  void aSecureHorizontalJobSendsNoFeatureValueIdOrLabelRun() throws Exception {
    List<FeatureTable> banks = List.of(
        TestTables.logistic(900, 4, 0.0, 1, "audit-row-a-"),
        TestTables.logistic(500, 4, 0.5, 2, "audit-row-b-"),
        TestTables.logistic(300, 4, -0.5, 3, "audit-row-c-"));
    WireRecorder recorder = new WireRecorder();
    HorizontalJobConfig cfg = new HorizontalJobConfig("audit", ModelSpec.logreg(4, 5),
        TestTables.features(4), 3, 3, Set.of(NAMES), true, 60_000, 60_000, 60_000, 2_000,
        SecureAggregationConfig.defaults());
    TrainingConfig tc = new TrainingConfig(1, 32, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);
    Coordinator coordinator = new Coordinator(
        TransportSecurity.plaintextForTesting().serverBuilder("127.0.0.1", 0).intercept(recorder),
        JobStore.none(), System::currentTimeMillis);
    coordinator.addJob(cfg, new FedAvg(FedAvg.Config.everyone(3, tc, 11)));
    coordinator.start();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<BankClient> clients = new ArrayList<>();
    try {
      List<Future<FederationResult>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        BankClient c = BankClient.builder()
            .coordinator("127.0.0.1:" + coordinator.port(),
                TransportSecurity.plaintextForTesting())
            .jobId("audit").participantId(NAMES[i]).trainingData(banks.get(i))
            .callTimeout(Duration.ofSeconds(30)).build();
        clients.add(c);
        results.add(pool.submit(c::run));
      }
      for (Future<FederationResult> f : results) {
        assertEquals(3, f.get(150, TimeUnit.SECONDS).roundsTrained().size());
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(BankClient::close);
      coordinator.close();
    }

    byte[] wire = recorder.bytes();
    assertTrue(recorder.messages.get() > 50, recorder.messages.get() + " messages recorded");
    Windows windows = new Windows(wire);
    long checked = 0;
    for (FeatureTable t : banks) {
      for (int r = 0; r < t.rows(); r++) {
        assertTrue(!windows.contains(t.id(r).getBytes(StandardCharsets.UTF_8)),
            "row id " + t.id(r) + " crossed the wire");
        for (int j = 0; j < t.numFeatures(); j++) {
          double v = t.value(r, j);
          for (byte[] encoded : encodings(v)) {
            assertTrue(!windows.contains(encoded),
                "feature value " + v + " (row " + t.id(r) + ", column " + j
                    + ") crossed the wire");
            checked++;
          }
        }
      }
      // runs of 64 consecutive labels, as bytes or as little- and big-endian doubles (shorter
      // runs of a sparse 0/1 sequence occur by chance in the score histograms' small counts)
      for (byte[] run : labelRuns(t.labels())) {
        assertTrue(!windows.contains(run), "a run of " + RUN + " labels crossed the wire");
      }
    }
    System.out.printf("wire audit: %d messages, %d bytes, %d value encodings checked%n",
        recorder.messages.get(), wire.length, checked);
    // the audit can see what it looks for: the feature names do cross the wire
    assertTrue(windows.contains("f0".getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A value as the project encodes numbers: IEEE doubles (protobuf's little-endian, and
   * big-endian) and decimal text. Floats are not used anywhere; their 4-byte patterns would
   * also match the uniformly random masked words by chance.
   */
  static List<byte[]> encodings(double v) {
    List<byte[]> out = new ArrayList<>();
    out.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
    out.add(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(v).array());
    out.add(Double.toString(v).getBytes(StandardCharsets.US_ASCII));
    return out;
  }

  /**
   * Every run of {@value #RUN} consecutive labels that is not constant, as bytes and as little-
   * and big-endian doubles (a constant run is a run of zero or one bytes: no evidence either way).
   */
  static List<byte[]> labelRuns(double[] y) {
    List<byte[]> out = new ArrayList<>();
    for (int start = 0; start + RUN <= y.length; start += RUN) {
      double sum = 0;
      for (int i = 0; i < RUN; i++) {
        sum += y[start + i];
      }
      if (sum == 0 || sum == RUN) {
        continue;
      }
      byte[] asBytes = new byte[RUN];
      ByteBuffer le = ByteBuffer.allocate(RUN * 8).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer be = ByteBuffer.allocate(RUN * 8).order(ByteOrder.BIG_ENDIAN);
      for (int i = 0; i < RUN; i++) {
        asBytes[i] = (byte) y[start + i];
        le.putDouble(y[start + i]);
        be.putDouble(y[start + i]);
      }
      out.add(asBytes);
      out.add(le.array());
      out.add(be.array());
    }
    return out;
  }

  /** Every window of the recorded bytes, by length, for constant-time membership tests. */
  static final class Windows {
    private final byte[] data;
    private final java.util.Map<Integer, Set<ByteBuffer>> byLength = new java.util.HashMap<>();

    Windows(byte[] data) {
      this.data = data;
    }

    boolean contains(byte[] needle) {
      Set<ByteBuffer> set = byLength.computeIfAbsent(needle.length, n -> {
        Set<ByteBuffer> s = new HashSet<>();
        for (int i = 0; i + n <= data.length; i++) {
          s.add(ByteBuffer.wrap(data, i, n).slice());
        }
        return s;
      });
      return set.contains(ByteBuffer.wrap(needle));
    }
  }

  /** Records every message of every call, inbound and outbound, as its protobuf bytes. */
  static final class WireRecorder implements ServerInterceptor {
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final AtomicLong messages = new AtomicLong();

    synchronized void record(Object message) {
      if (message instanceof MessageLite m) {
        all.writeBytes(m.toByteArray());
        all.write(0);
        messages.incrementAndGet();
      }
    }

    synchronized byte[] bytes() {
      return all.toByteArray();
    }

    long messages() {
      return messages.get();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
        ServerCallHandler<Q, A> next) {
      ServerCall<Q, A> recording = new SimpleForwardingServerCall<>(call) {
        @Override
        public void sendMessage(A message) {
          record(message);
          super.sendMessage(message);
        }
      };
      return new SimpleForwardingServerCallListener<>(next.startCall(recording, headers)) {
        @Override
        public void onMessage(Q message) {
          record(message);
          super.onMessage(message);
        }
      };
    }
  }
}
