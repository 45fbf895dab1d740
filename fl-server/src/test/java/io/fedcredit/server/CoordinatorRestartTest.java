package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.BankClient;
import io.fedcredit.client.FederationResult;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.transport.TransportSecurity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator stopped in the middle of a job and started again, in this JVM, on the same port
 * and data directory: it resumes at the last checkpointed round with the server optimizer's
 * moments, the banks join again by themselves, and the job ends with the model of an
 * uninterrupted run. The same with a real {@code kill -9} of a separate JVM, three times in a
 * 20-round job, is {@link CoordinatorCrashTest} (tagged slow).
 */
class CoordinatorRestartTest {
  private static final String JOB = CoordinatorCrashTest.JOB;

  @Test
  @Timeout(300)
  void aRestartedCoordinatorResumesAndTheBanksRejoinWithoutHelp(@TempDir Path dir)
      throws Exception {
    JobSpec spec = JobSpec.parse(CoordinatorCrashTest.jobSpec(5), "restart test");
    GlobalModel straight = run(spec, dir.resolve("straight"), 0);
    GlobalModel restarted = run(spec, dir.resolve("restarted"), 2);
    assertEquals(5, restarted.round());
    assertArrayEquals(straight.parameters(), restarted.parameters());
  }

  /** Runs the job; stops and restarts the coordinator once round {@code stopAfter} is logged. */
  private static GlobalModel run(JobSpec spec, Path dataDir, int stopAfter) throws Exception {
    int port = CoordinatorCrashTest.freePort();
    Coordinator coordinator = start(spec, dataDir, port);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<BankClient> clients = new ArrayList<>();
    try {
      List<Future<FederationResult>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        BankClient c = CoordinatorCrashTest.bank(i, port);
        clients.add(c);
        results.add(pool.submit(c::run));
      }
      if (stopAfter > 0) {
        Path jobDir = dataDir.resolve("jobs/" + JOB);
        List<Long> logged = CoordinatorCrashTest.loggedRounds(jobDir.resolve("rounds.jsonl"));
        while (logged.isEmpty() || logged.get(logged.size() - 1) < stopAfter) {
          Thread.sleep(10);
          logged = CoordinatorCrashTest.loggedRounds(jobDir.resolve("rounds.jsonl"));
        }
        coordinator.stop();
        // the strategy state of the checkpointed round, and only that one, is on disk
        long checkpointed = new FileJobStore(dataDir).loadCheckpoint(JOB).orElseThrow().round();
        try (Stream<Path> states = Files.list(jobDir)) {
          assertEquals(List.of("strategy-" + checkpointed + ".state"), states
              .map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".state")).toList());
        }
        coordinator = start(spec, dataDir, port);
      }
      return CoordinatorCrashTest.sameFinalModel(results);
    } finally {
      pool.shutdownNow();
      clients.forEach(BankClient::close);
      coordinator.stop();
    }
  }

  /** A coordinator as {@code fl-server} builds it, retrying while the port is still held. */
  private static Coordinator start(JobSpec spec, Path dataDir, int port) throws Exception {
    for (int attempt = 0; ; attempt++) {
      Coordinator c = Coordinator.listening(TransportSecurity.plaintextForTesting(), "127.0.0.1",
          port, new FileJobStore(dataDir));
      c.addJob(spec.toConfig(), spec.toStrategy());
      try {
        return c.start();
      } catch (IOException bindFailed) {
        c.close();
        if (attempt == 20) {
          throw bindFailed;
        }
        Thread.sleep(250);
      }
    }
  }
}
