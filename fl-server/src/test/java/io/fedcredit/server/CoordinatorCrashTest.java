package io.fedcredit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.client.BankClient;
import io.fedcredit.client.FederationResult;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.wire.GlobalModelFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the coordinator, a separate JVM running {@code fl-server --plaintext}, with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux) at three seeded random points of a 20-round job,
 * restarts it on the same port and data directory each time, and checks that the three banks
 * (in this JVM, over 127.0.0.1) end with the same model, to the last bit, as an uninterrupted
 * run of the same job. The job uses FedAdam, so the server optimizer's moments must survive the
 * restarts too: without them the resumed rounds would take different steps.
 *
 * <p>Why bit-for-bit: every input of a round is a function of the seed and the round number
 * (per-party training seeds, sampling), the coordinator sums updates in participant-id order, and
 * a round in flight at a crash is rerun from the checkpointed model and optimizer state, which
 * are stored as exact IEEE doubles.
 */
@Tag("slow")
class CoordinatorCrashTest {
  static final String JOB = "crash";
  private static final int ROUNDS = 20;
  private static final long KILL_SEED = 20261130L;
  static final String[] BANKS = {"bank-a", "bank-b", "bank-c"};

  @Test
  @Timeout(900)
  void killedThreeTimesTheJobEndsWithTheModelOfAnUninterruptedRun(@TempDir Path dir)
      throws Exception {
    Path spec = dir.resolve("job.yaml");
    Files.writeString(spec, jobSpec(ROUNDS));

    long started = System.nanoTime();
    GlobalModel reference = runJob(spec, dir.resolve("uninterrupted"), List.of());
    long referenceMillis = (System.nanoTime() - started) / 1_000_000;

    Random random = new Random(KILL_SEED);
    List<KillPoint> plan = new ArrayList<>();
    int after = 1 + random.nextInt(5); // after round 1..5, 7..11, 13..17 completed
    for (int i = 0; i < 3; i++) {
      plan.add(new KillPoint(after + 6 * i, random.nextInt(1000)));
    }
    started = System.nanoTime();
    Path crashedDir = dir.resolve("crashed");
    GlobalModel crashed = runJob(spec, crashedDir, plan);
    long crashedMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("crash test: uninterrupted run %d ms, run with 3 kills %d ms; kills: %s%n",
        referenceMillis, crashedMillis, plan);

    assertEquals(ROUNDS, reference.round());
    assertEquals(ROUNDS, crashed.round());
    // exact: assertArrayEquals on doubles without a delta compares bits (NaN == NaN, 0.0 != -0.0)
    assertArrayEquals(reference.parameters(), crashed.parameters());
    assertArrayEquals(reference.standardizer().mean(), crashed.standardizer().mean());
    assertArrayEquals(reference.standardizer().scale(), crashed.standardizer().scale());
    GlobalModel onDisk = GlobalModelFiles.read(crashedDir.resolve("jobs/" + JOB
        + "/global-model.pb"));
    assertArrayEquals(reference.parameters(), onDisk.parameters());
    // no round logged twice: a round completed before a kill is never run again
    List<Long> logged = loggedRounds(crashedDir.resolve("jobs/" + JOB + "/rounds.jsonl"));
    for (int i = 1; i < logged.size(); i++) {
      assertTrue(logged.get(i) > logged.get(i - 1), "round log " + logged);
    }
    assertEquals(ROUNDS, logged.get(logged.size() - 1));
  }

  /**
   * When to kill the coordinator: {@code delayMillis} after the round log shows round
   * {@code afterRound}; the delay lands the kill in the next round's fit, its evaluation or
   * between the two.
   */
  record KillPoint(int afterRound, int delayMillis) {}

  private static GlobalModel runJob(Path spec, Path dataDir, List<KillPoint> kills)
      throws Exception {
    Files.createDirectories(dataDir);
    int port = freePort();
    Path log = dataDir.resolve("coordinator.log");
    Process coordinator = startCoordinator(spec, dataDir, port, log);
    ExecutorService pool = Executors.newFixedThreadPool(BANKS.length);
    List<BankClient> clients = new ArrayList<>();
    try {
      List<Future<FederationResult>> results = new ArrayList<>();
      for (int i = 0; i < BANKS.length; i++) {
        BankClient c = bank(i, port);
        clients.add(c);
        results.add(pool.submit(c::run));
      }
      Path roundLog = dataDir.resolve("jobs/" + JOB + "/rounds.jsonl");
      for (KillPoint k : kills) {
        awaitLoggedRounds(roundLog, k.afterRound(), coordinator, log);
        Thread.sleep(k.delayMillis());
        coordinator.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
        coordinator.waitFor(30, TimeUnit.SECONDS);
        System.out.printf("crash test: killed the coordinator %d ms after round %d was logged;"
            + " checkpoint on disk: round %d%n", k.delayMillis(), k.afterRound(),
            GlobalModelFiles.read(dataDir.resolve("jobs/" + JOB + "/global-model.pb")).round());
        coordinator = startCoordinator(spec, dataDir, port, log);
      }
      return sameFinalModel(results);
    } finally {
      pool.shutdownNow();
      clients.forEach(BankClient::close);
      coordinator.destroyForcibly();
      coordinator.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Bank {@code i} of the job (of three), with its own rows, against 127.0.0.1:{@code port}. */
  static BankClient bank(int i, int port) {
    return BankClient.builder()
        .coordinator("127.0.0.1:" + port, TransportSecurity.plaintextForTesting())
        .jobId(JOB)
        .participantId(BANKS[i])
        .trainingData(TestTables.logistic(900 - 250 * i, 4, 0.4 * i - 0.4, 31 + i,
            "b" + i + "-"))
        .callTimeout(Duration.ofSeconds(30))
        .retryBudget(Duration.ofMinutes(3))
        .build();
  }

  /**
   * Waits for the banks' results and checks that they all hold one final model and trained in
   * every round once.
   */
  static GlobalModel sameFinalModel(List<Future<FederationResult>> results) throws Exception {
    List<GlobalModel> finals = new ArrayList<>();
    for (Future<FederationResult> f : results) {
      FederationResult r = f.get(600, TimeUnit.SECONDS);
      finals.add(r.model());
      // every round once, in order, however often the coordinator restarted
      assertEquals(LongStream.rangeClosed(1, r.model().round()).boxed().toList(),
          r.roundsTrained());
    }
    for (GlobalModel m : finals) {
      assertArrayEquals(finals.get(0).parameters(), m.parameters());
    }
    return finals.get(0);
  }

  /** The job: three banks, logistic regression, FedAdam, fixed seeds. */
  static String jobSpec(int rounds) {
    return "job: " + JOB + "\n"
        + "model: {kind: logreg, seed: 42}\n"
        + "features: " + TestTables.features(4) + "\n"
        + "rounds: " + rounds + "\n"
        + "participants: {min: 3, allowed: [bank-a, bank-b, bank-c]}\n"
        + "standardize: true\n"
        + "training: {local_epochs: 1, batch_size: 32, learning_rate: 0.1}\n"
        + "strategy: {name: fedadam, fraction_fit: 1.0, min_results: 3, fraction_evaluate: 1.0,"
        + " seed: 7}\n"
        + "timeouts: {phase_seconds: 120, join_seconds: 300, liveness_seconds: 300,"
        + " long_poll_seconds: 2}\n";
  }

  /** {@code fl-server} in its own JVM: this test's classpath, the java running this test. */
  private static Process startCoordinator(Path spec, Path dataDir, int port, Path log)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    for (int attempt = 0; ; attempt++) {
      Process p = new ProcessBuilder(java.toString(), "-Xmx256m",
          "-cp", System.getProperty("java.class.path"),
          ServerCli.class.getName(), "--plaintext", "--job", spec.toString(),
          "--host", "127.0.0.1", "--port", Integer.toString(port),
          "--data-dir", dataDir.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      // up when it accepts connections; a port still held by the killed JVM fails the bind
      while (p.isAlive()) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          return p;
        } catch (IOException notYet) {
          Thread.sleep(100);
        }
      }
      if (attempt == 20) {
        throw new IllegalStateException("the coordinator did not start; see " + log + ":\n"
            + Files.readString(log));
      }
      Thread.sleep(500);
    }
  }

  private static void awaitLoggedRounds(Path roundLog, int rounds, Process coordinator, Path log)
      throws IOException, InterruptedException {
    // the last logged round, not the line count: a kill between a round's checkpoint and its
    // log line leaves that round unlogged (it is not run again)
    for (List<Long> logged = loggedRounds(roundLog);
        logged.isEmpty() || logged.get(logged.size() - 1) < rounds;
        logged = loggedRounds(roundLog)) {
      if (!coordinator.isAlive()) {
        throw new IllegalStateException("the coordinator exited; see " + log + ":\n"
            + Files.readString(log));
      }
      Thread.sleep(10);
    }
  }

  /** The round numbers in the round log, in order. */
  static List<Long> loggedRounds(Path roundLog) throws IOException {
    List<Long> out = new ArrayList<>();
    if (Files.exists(roundLog)) {
      for (String line : Files.readAllLines(roundLog)) {
        if (line.endsWith("}")) { // a line being written may be incomplete
          out.add(Long.parseLong(line.replaceAll("^\\{\"round\":(\\d+),.*$", "$1")));
        }
      }
    }
    return out;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
