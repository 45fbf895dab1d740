package io.fedcredit.examples;

import io.fedcredit.client.BankClient;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.SyntheticCreditData;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import io.fedcredit.core.strategy.FedAvg;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.server.Coordinator;
import io.fedcredit.server.JobStore;
import io.fedcredit.server.RoundController;
import io.fedcredit.server.RoundController.RoundRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/fl bench round}: the cost of secure aggregation ({@code --mode secure}, the default)
 * or of Paillier aggregation ({@code --mode paillier}) against plaintext aggregation, in the same
 * run. Banks train an MLP of about a million parameters on a few rows (so the round is
 * dominated by moving and masking updates, not by training), in one process over gRPC on
 * loopback; the two modes alternate, and the first round of every job is a warm-up (under
 * Paillier aggregation it also holds the key holder's key generation). The round time is the
 * coordinator's: from the round's first phase to the new global model.
 */
@Command(name = "round", mixinStandardHelpOptions = true,
    description = "Round time with secure or Paillier aggregation vs plaintext aggregation, "
        + "same run.")
final class RoundBenchmarkCommand implements Callable<Integer> {

  @Option(names = "--banks", defaultValue = "10", description = "Banks (default: ${DEFAULT-VALUE}).")
  int banks;

  @Option(names = "--hidden", defaultValue = "1000", description = "MLP hidden width: 20 -> h -> h "
      + "-> 1; 1000 gives 1,022,001 parameters (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--rounds", defaultValue = "4", description = "Rounds per job, the first is a "
      + "warm-up (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--mode", defaultValue = "secure", paramLabel = "MODE",
      description = "What is compared with plaintext aggregation: secure (masking) or paillier "
          + "(the first bank holds the key; try --hidden 100, 12,301 parameters) "
          + "(default: ${DEFAULT-VALUE}).")
  String modeName;

  /** The aggregation measured against plaintext. */
  enum Mode {
    SECURE("secure aggregation"),
    PAILLIER("Paillier aggregation");

    final String label;

    Mode(String label) {
      this.label = label;
    }

    static Mode of(String name) {
      for (Mode m : values()) {
        if (m.name().equalsIgnoreCase(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException("--mode is '" + name + "'; use secure or paillier");
    }
  }

  @Option(names = "--repeats", defaultValue = "2",
      description = "Jobs per mode, alternating (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Override
  public Integer call() throws Exception {
    Mode mode = Mode.of(modeName);
    ModelSpec spec = ModelSpec.mlp(20, List.of(hidden, hidden), 1);
    int params = Models.create(spec).numParameters();
    FeatureTable population = SyntheticCreditData.builder().seed(3).build().population(banks * 40);
    System.out.printf(Locale.ROOT, "%d banks, MLP with %,d parameters, %s vs plaintext, %d "
        + "rounds per job (first is warm-up), %d jobs per mode, %d cores%n", banks, params,
        mode.label, rounds, repeats, Runtime.getRuntime().availableProcessors());
    List<Long> plain = new ArrayList<>();
    List<Long> measured = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      plain.addAll(runJob(spec, population, null));
      measured.addAll(runJob(spec, population, mode));
    }
    double p = median(plain);
    double s = median(measured);
    int w = Math.max("plaintext aggregation".length(), mode.label.length()) + 1;
    System.out.printf(Locale.ROOT, "%-" + w + "s median round %.0f ms %s%n",
        "plaintext aggregation:", p, plain);
    System.out.printf(Locale.ROOT, "%-" + w + "s median round %.0f ms %s%n", mode.label + ":",
        s, measured);
    System.out.printf(Locale.ROOT, "ratio %s / plaintext: %.2f%n",
        mode.name().toLowerCase(Locale.ROOT), s / p);
    return 0;
  }

  /** One job's round times after the warm-up; {@code measured} null runs it in plaintext. */
  private List<Long> runJob(ModelSpec spec, FeatureTable population, Mode measured)
      throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < banks; i++) {
      names.add(String.format("bank-%02d", i));
    }
    String job = measured == null ? "bench-plain"
        : "bench-" + measured.name().toLowerCase(Locale.ROOT);
    HorizontalJobConfig cfg = new HorizontalJobConfig(job, spec,
        SyntheticCreditData.ALL_FEATURES, rounds, banks, new LinkedHashSet<>(names), false,
        600_000, 120_000, 600_000, 5_000,
        measured == Mode.SECURE ? SecureAggregationConfig.defaults() : null,
        measured == Mode.PAILLIER
            ? PaillierAggregationConfig.defaults().withKeyHolder(names.get(0)) : null);
    TrainingConfig tc = new TrainingConfig(1, 32, 0.001, 0, 1, TrainingConfig.Optimizer.SGD);
    // no federated evaluation: the benchmark times aggregation, not scoring
    FedAvg strategy = new FedAvg(new FedAvg.Config(1.0, banks, banks, 0.0, 1, tc, 1));
    try (Coordinator coordinator = Coordinator.listening(TransportSecurity.plaintextForTesting(),
        "127.0.0.1", 0, JobStore.none())) {
      RoundController controller = coordinator.addJob(cfg, strategy);
      coordinator.start();
      ExecutorService pool = Executors.newFixedThreadPool(banks);
      List<BankClient> clients = new ArrayList<>();
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < banks; i++) {
          int[] rows = new int[40];
          for (int k = 0; k < rows.length; k++) {
            rows[k] = i * 40 + k;
          }
          FeatureTable mine = population.select(rows);
          BankClient c = BankClient.builder()
              .coordinator("127.0.0.1:" + coordinator.port(),
                  TransportSecurity.plaintextForTesting())
              .jobId(job).participantId(names.get(i)).trainingData(mine).validationData(mine)
              .callTimeout(Duration.ofMinutes(5)).build();
          clients.add(c);
          futures.add(pool.submit(c::run));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        controller.result().get(1, TimeUnit.MINUTES);
      } finally {
        pool.shutdownNow();
        clients.forEach(BankClient::close);
      }
      List<Long> times = new ArrayList<>();
      for (RoundRecord rec : controller.history()) {
        if (rec.round() > 1) {
          times.add(rec.millis());
        }
      }
      return times;
    }
  }

  private static double median(List<Long> xs) {
    long[] a = xs.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2.0;
  }

  /** {@code bin/fl bench}: the group. */
  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = "Documented benchmark harnesses (results go to BENCHMARKS.md).",
      subcommands = {RoundBenchmarkCommand.class, DpUtilityCommand.class,
          HeteroLrBenchmarkCommand.class, LoadCommand.class, ScoringBenchmarkCommand.class,
          ScoringBenchWorker.class, SecureBoostBenchmarkCommand.class})
  static final class Group implements Callable<Integer> {
    @Override
    public Integer call() {
      System.err.println("name a benchmark: bench round --help");
      return 2;
    }
  }
}
