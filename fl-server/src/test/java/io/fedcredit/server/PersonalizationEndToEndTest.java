package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.BankClient;
import io.fedcredit.client.FederationResult;
import io.fedcredit.client.Personalization;
import io.fedcredit.client.Personalization.PersonalModel;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.proto.UpdateChunk;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personalization over real sockets: the bank's personal model stays in the bank. Every message
 * bank-c sends to the coordinator is recorded on its channel; with fine-tuning or Ditto the
 * uploaded updates are bit for bit those of a run without personalization, and with FedPer the
 * personal head's coordinates are zeros.
 */
class PersonalizationEndToEndTest {
  private static final String[] NAMES = {"bank-a", "bank-b", "bank-c"};
  private static final TrainingConfig TC =
      new TrainingConfig(1, 32, 0.1, 0, 0, TrainingConfig.Optimizer.SGD);

  /** What bank-c uploaded, and what it ended with. */
  private record Run(List<double[]> uploads, FederationResult result) {}

  @Test
  @Timeout(180)
  void fineTuningAndDittoSendExactlyWhatAPlainBankSends(@TempDir Path dir) throws Exception {
    ModelSpec spec = ModelSpec.logreg(4, 5);
    Run plain = run(dir.resolve("plain"), spec, null);
    Run tuned = run(dir.resolve("finetune"), spec, Personalization.fineTune(TC, 10, 2));
    Run ditto = run(dir.resolve("ditto"), spec, Personalization.ditto(TC, 0.5));
    assertFalse(plain.uploads().isEmpty());
    for (Run r : List.of(tuned, ditto)) {
      assertEquals(plain.uploads().size(), r.uploads().size());
      for (int i = 0; i < plain.uploads().size(); i++) {
        assertArrayEquals(plain.uploads().get(i), r.uploads().get(i), 0.0, "upload " + i);
      }
      assertArrayEquals(plain.result().model().parameters(), r.result().model().parameters(),
          0.0, "same global model");
      PersonalModel personal = r.result().personal().orElseThrow();
      if (personal.method().equals("finetune")) { // the global model is its epoch 0
        assertTrue(personal.validationAuc() >= personal.globalValidationAuc(),
            personal.validationAuc() + " vs global " + personal.globalValidationAuc());
      }
      assertNoPersonalValueSent(personal, r.result().model().parameters(), r.uploads());
    }
    assertTrue(plain.result().personal().isEmpty());
  }

  @Test
  @Timeout(180)
  void fedPerSendsZerosForThePersonalHead(@TempDir Path dir) throws Exception {
    ModelSpec spec = ModelSpec.mlp(4, List.of(6), 5);
    Run r = run(dir, spec, Personalization.fedPer(TC, 5, 2));
    int head = r.result().model().numParameters() - (6 + 1);
    for (double[] u : r.uploads()) {
      for (int i = head; i < u.length; i++) {
        assertEquals(0.0, u[i], "head coordinate " + i + " must not leave the bank");
      }
      boolean bodyMoved = false;
      for (int i = 0; i < head; i++) {
        bodyMoved |= u[i] != 0;
      }
      assertTrue(bodyMoved, "the body's update is shared");
    }
    PersonalModel personal = r.result().personal().orElseThrow();
    assertEquals("fedper", personal.method());
    assertNoPersonalValueSent(personal, r.result().model().parameters(), r.uploads());
  }

  /** No personal parameter that differs from the global one appears in any upload. */
  private static void assertNoPersonalValueSent(PersonalModel personal, double[] global,
      List<double[]> uploads) {
    double[] p = personal.model().parameters();
    Set<Double> sent = new HashSet<>();
    for (double[] u : uploads) {
      for (double v : u) {
        sent.add(v);
      }
    }
    int differing = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] != global[i]) {
        differing++;
        assertFalse(sent.contains(p[i]), personal.method() + ": personal parameter " + i
            + " was sent");
        assertFalse(sent.contains(p[i] - global[i]), personal.method()
            + ": personal delta " + i + " was sent");
      }
    }
    // fine-tuning may keep the global model when no epoch beats it on validation rows
    assertTrue(differing > 0 || personal.method().equals("finetune"),
        personal.method() + " changed the model");
  }

  private Run run(Path dataDir, ModelSpec spec, Personalization personalization)
      throws Exception {
    List<FeatureTable> banks = List.of(
        TestTables.logistic(1500, 4, 0.0, 1, "a-"),
        TestTables.logistic(600, 4, 0.5, 2, "b-"),
        TestTables.logistic(400, 4, -0.5, 3, "c-"));
    HorizontalJobConfig cfg = new HorizontalJobConfig("p13n", spec, TestTables.features(4), 3,
        3, Set.of(NAMES), true, 60_000, 60_000, 60_000, 2_000, null);
    Coordinator coordinator = Coordinator.listening(TransportSecurity.plaintextForTesting(),
        "127.0.0.1", 0, new FileJobStore(dataDir));
    coordinator.addJob(cfg, new FedAvg(FedAvg.Config.everyone(3, TC, 11)));
    coordinator.start();
    List<double[]> uploads = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<ManagedChannel> channels = new ArrayList<>();
    try {
      List<Future<FederationResult>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ManagedChannel ch = TransportSecurity.plaintextForTesting()
            .channel("127.0.0.1:" + coordinator.port());
        channels.add(ch);
        boolean recorded = i == 2;
        Channel c = recorded ? ClientInterceptors.intercept(ch, new UpdateRecorder(uploads)) : ch;
        BankClient.Builder b = BankClient.builder().channel(c).jobId("p13n")
            .participantId(NAMES[i]).trainingData(banks.get(i))
            .callTimeout(Duration.ofSeconds(30));
        if (recorded && personalization != null) {
          b.personalization(personalization);
        }
        results.add(pool.submit(b.build()::run));
      }
      FederationResult bankC = null;
      for (Future<FederationResult> f : results) {
        bankC = f.get(150, TimeUnit.SECONDS);
      }
      return new Run(List.copyOf(uploads), bankC);
    } finally {
      pool.shutdownNow();
      channels.forEach(ManagedChannel::shutdownNow);
      coordinator.close();
    }
  }

  /** Reassembles every model update the bank streams out, in order. */
  private static final class UpdateRecorder implements ClientInterceptor {
    private final List<double[]> uploads;

    UpdateRecorder(List<double[]> uploads) {
      this.uploads = uploads;
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method,
        CallOptions options, Channel next) {
      return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
        private final List<Double> values = new ArrayList<>();
        private boolean isUpdate;

        @Override
        public void sendMessage(Q message) {
          if (message instanceof UpdateChunk chunk) {
            if (chunk.hasHeader()) {
              isUpdate = chunk.getHeader().getKind()
                  == io.fedcredit.proto.UpdateKind.MODEL_DELTA;
            } else {
              values.addAll(chunk.getValues().getValuesList());
            }
          }
          super.sendMessage(message);
        }

        @Override
        public void halfClose() {
          if (isUpdate) {
            uploads.add(values.stream().mapToDouble(Double::doubleValue).toArray());
          }
          super.halfClose();
        }
      };
    }
  }
}
