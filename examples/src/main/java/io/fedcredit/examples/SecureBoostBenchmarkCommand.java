package io.fedcredit.examples;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.relay.Mailboxes;
import io.fedcredit.core.tree.BinnedFeatures;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.vertical.EnvelopeLink;
import io.fedcredit.core.vertical.InProcessLinks;
import io.fedcredit.core.vertical.HeteroLrTraining;
import io.fedcredit.core.vertical.PhaseTimes;
import io.fedcredit.core.vertical.PlaintextSecureBoost;
import io.fedcredit.core.vertical.SecureBoostGuest;
import io.fedcredit.core.vertical.SecureBoostHost;
import io.fedcredit.core.vertical.SecureBoostTraining;
import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.CiphertextSums;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/fl bench secureboost}: the time of SecureBoost trees (2048-bit Paillier) on aligned
 * synthetic rows (the scale test: 100,000 rows x (30 guest + 300 host) features), and of
 * the same boosting on the joined plaintext rows in the same run, with where the federated time
 * goes. Guest and host run on their own threads in this process and exchange their messages in
 * wire form through a relay's mailboxes (encoded, cut into 1 MiB envelopes, decoded; not sealed,
 * and no PSI: the rows are aligned by construction). Key generation is timed apart.
 */
@Command(name = "secureboost", mixinStandardHelpOptions = true,
    description = "SecureBoost trees (2048-bit Paillier) vs plaintext boosting, same run, with a "
        + "breakdown of the federated time.")
final class SecureBoostBenchmarkCommand implements Callable<Integer> {

  @Option(names = "--synthetic", defaultValue = "100000", paramLabel = "ROWS",
      description = "Aligned synthetic rows (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--guest-features", defaultValue = "30",
      description = "Guest features (default: ${DEFAULT-VALUE}).")
  int guestFeatures;

  @Option(names = "--host-features", defaultValue = "300",
      description = "Host features (default: ${DEFAULT-VALUE}).")
  int hostFeatures;

  @Option(names = "--trees", defaultValue = "1", description = "Trees (default: ${DEFAULT-VALUE}).")
  int trees;

  @Option(names = "--max-depth", defaultValue = "3",
      description = "Depth (default: ${DEFAULT-VALUE}).")
  int maxDepth;

  @Option(names = "--bins", defaultValue = "32", description = "Bins (default: ${DEFAULT-VALUE}).")
  int bins;

  @Option(names = "--compare-arithmetic", defaultValue = "0", paramLabel = "ROUNDS",
      description = "Also time one histogram pass (every row into one bin per feature) in "
          + "Barrett and in the JDK's Montgomery arithmetic, alternating, ROUNDS times each, "
          + "on the same ciphertexts (default: ${DEFAULT-VALUE}: skip).")
  int compareRounds;

  @Override
  public Integer call() throws Exception {
    String loadBefore = loadAverage();
    FeatureTable[] t = HeteroLrBenchmarkCommand.syntheticAligned(rows, guestFeatures,
        hostFeatures, 11);
    BoostingConfig cfg = BoostingConfig.defaults().withTrees(trees).withMaxDepth(maxDepth)
        .withMaxBins(bins);
    System.out.printf(Locale.ROOT, "%d rows x (%d guest + %d host) features, %d tree(s) of "
        + "depth %d, %d bins; cores %d; load average %s%n", rows, guestFeatures, hostFeatures,
        trees, maxDepth, bins, Runtime.getRuntime().availableProcessors(), loadBefore);

    long k0 = System.nanoTime();
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    double keySeconds = (System.nanoTime() - k0) / 1e9;

    // plaintext: the same boosting on the joined rows, same bins
    long p0 = System.nanoTime();
    List<BinEdges> guestEdges = BinnedFeatures.quantileEdges(t[0], bins);
    List<BinEdges> hostEdges = BinnedFeatures.quantileEdges(t[1], bins);
    double binSeconds = (System.nanoTime() - p0) / 1e9;
    FeatureTable joined = PlaintextSecureBoost.join(t[0], Map.of("platform", t[1]));
    long p1 = System.nanoTime();
    long c1 = cpuNanos();
    BoostedTrees plain = PlaintextSecureBoost.train(joined, guestEdges,
        Map.of("platform", hostEdges), cfg);
    double plainSeconds = (System.nanoTime() - p1) / 1e9;
    double plainCpu = (cpuNanos() - c1) / 1e9;

    // federated, messages in wire form through the relay's mailboxes
    PhaseTimes guestTimes = new PhaseTimes();
    PhaseTimes hostTimes = new PhaseTimes();
    SecureBoostGuest guest = new SecureBoostGuest(t[0], guestEdges, cfg, keys, guestTimes);
    SecureBoostHost host = new SecureBoostHost("platform", t[1], hostEdges, new SecureRandom(),
        hostTimes);
    Mailboxes boxes = new Mailboxes("bench", List.of("guest", "platform"), 1 << 20, 4L << 30,
        e -> { });
    InProcessLinks runner = new InProcessLinks(HeteroLrTraining.Transcript.none(),
        Duration.ofHours(6));
    Map<String, Callable<BoostedTrees>> tasks = new LinkedHashMap<>();
    long f0 = System.nanoTime();
    long c0 = cpuNanos();
    tasks.put("guest", () -> SecureBoostTraining.guestSteps(guest, List.of("platform"),
        link(boxes, "guest"), i -> System.out.printf(Locale.ROOT, "tree %d done at %.1f s%n",
            i + 1, (System.nanoTime() - f0) / 1e9), guestTimes));
    tasks.put("platform", () -> {
      SecureBoostTraining.hostSteps(host, "guest", hostTimes.timed(link(boxes, "platform"),
          "host boost "));
      return null;
    });
    BoostedTrees federated = runner.runAll(tasks).get("guest");
    double fedSeconds = (System.nanoTime() - f0) / 1e9;
    double fedCpu = (cpuNanos() - c0) / 1e9;
    String loadAfter = loadAverage();

    boolean same = plain.equals(PlaintextSecureBoost.resolve(federated, List.of(host.model())));
    double auc = BinaryMetrics.auc(BoostedTrees.probabilities(guest.trainingScores()),
        t[0].labels());
    System.out.printf(Locale.ROOT, "key generation (2048-bit): %.1f s%n", keySeconds);
    System.out.printf(Locale.ROOT, "plaintext boosting: %.2f s, %.2f CPU s (binning %.2f s "
        + "apart)%n", plainSeconds, plainCpu, binSeconds);
    System.out.printf(Locale.ROOT, "federated SecureBoost: %.1f s, %.1f s per tree; ratio to "
        + "plaintext %.0fx; same trees as plaintext: %s; training AUC %.4f%n", fedSeconds,
        fedSeconds / trees, fedSeconds / plainSeconds, same, auc);
    System.out.printf(Locale.ROOT, "federated CPU time (both parties, all threads): %.0f s, %.0f s "
        + "per tree; ratio to plaintext CPU %.0fx%n", fedCpu, fedCpu / trees, fedCpu / plainCpu);
    System.out.printf(Locale.ROOT, "homomorphic additions: %,d (%.0f per second of the host's "
        + "addition time)%n", host.additions(), host.additions()
        / hostTimes.seconds().getOrDefault("host histogram additions", Double.NaN));
    System.out.println("where the time goes (seconds; the two parties run on their own threads, "
        + "so waiting overlaps the other's work):");
    Map<String, Double> all = new LinkedHashMap<>();
    all.putAll(guestTimes.seconds());
    all.putAll(hostTimes.seconds());
    all.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-40s %9.2f  %5.1f%%%n", k, v,
        100 * v / fedSeconds));
    System.out.printf(Locale.ROOT, "load average after: %s%n", loadAfter);
    if (compareRounds > 0) {
      compareArithmetic(keys, t[1], hostEdges);
    }
    return 0;
  }

  /**
   * One histogram pass in each arithmetic, alternating, on the same ciphertexts: every row's
   * ciphertext added into one bin of each of the first 30 host features.
   */
  private void compareArithmetic(PaillierKeyPair keys, FeatureTable host, List<BinEdges> edges) {
    int n = Math.min(rows, 5_000);
    int features = Math.min(30, host.numFeatures());
    BinnedFeatures x = BinnedFeatures.of(host, edges);
    Ciphertext[] values = keys.privateKey().encryptAll(new double[n],
        io.fedcredit.crypto.paillier.FixedPointEncoding.INTEGER);
    System.out.printf(Locale.ROOT, "histogram pass, %d rows x %d features (%,d additions), "
        + "alternating; load average %s%n", n, features, (long) n * features, loadAverage());
    for (int round = 0; round < compareRounds; round++) {
      for (CiphertextSums.Arithmetic a : CiphertextSums.Arithmetic.values()) {
        if (!a.isAvailable()) {
          System.out.println("  " + a.label() + ": not available ("
              + CiphertextSums.Arithmetic.whyNotMontgomery() + ")");
          continue;
        }
        long t0 = System.nanoTime();
        CiphertextSums sums = CiphertextSums.of(values, a);
        long t1 = System.nanoTime();
        for (int f = 0; f < features; f++) {
          CiphertextSums.Sum[] bins = new CiphertextSums.Sum[x.edges().get(f).bins()];
          for (int r = 0; r < n; r++) {
            int b = x.bin(f, r);
            if (bins[b] == null) {
              bins[b] = sums.newSum();
            }
            bins[b].add(r);
          }
        }
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "  round %d %-15s prepare %6.2f s, additions %6.2f s, "
            + "%5.2f us per addition (one thread)%n", round + 1, a.label(), (t1 - t0) / 1e9,
            (t2 - t1) / 1e9, (t2 - t1) / 1e3 / ((double) n * features));
      }
    }
    System.out.printf(Locale.ROOT, "  load average after: %s%n", loadAverage());
  }

  private static EnvelopeLink link(Mailboxes boxes, String party) {
    return new EnvelopeLink(boxes.jobId(), party, boxes.transportFor(party), new VerticalWire(),
        Duration.ofHours(6));
  }

  /** CPU time of this JVM (all threads), or wall time when the JVM does not say. */
  static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return System.nanoTime();
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }
}
