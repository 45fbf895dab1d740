package io.fedcredit.benchmarks;

import io.fedcredit.crypto.psi.BlindingKey;
import io.fedcredit.crypto.psi.EcdhPsiMessages.BlindedSet;
import io.fedcredit.crypto.psi.EcdhPsiMessages.DoubleBlindedSet;
import io.fedcredit.crypto.psi.EcdhPsiParty;
import io.fedcredit.crypto.psi.EcdhPsiSettings;
import io.fedcredit.crypto.psi.OprfPsiClient;
import io.fedcredit.crypto.psi.OprfPsiMessages.BlindedQuery;
import io.fedcredit.crypto.psi.OprfPsiMessages.EvaluatedQuery;
import io.fedcredit.crypto.psi.OprfPsiServer;
import io.fedcredit.crypto.psi.PsiResult;
import io.fedcredit.crypto.psi.X25519;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The million-id intersection, timed step by step: a documented harness rather than JMH, because
 * one run takes minutes and the point is where the time goes. Both parties run in this JVM, one
 * after the other, each step on all cores. Prints every step's time with the 1-minute load
 * average before and after it, then the unbalanced PSI (server precomputation over the same host
 * set, one bank query) and, as the baseline of the same run, FedCredit's and BouncyCastle's X25519
 * on one thread.
 *
 * <pre>
 * ./mvnw -B -Pbenchmarks -pl benchmarks -am package -DskipTests
 * java -Xmx6g -cp benchmarks/target/benchmarks.jar io.fedcredit.benchmarks.PsiScaleHarness \
 *     [--size 1000000] [--bank 1000] [--parallelism 2]
 * </pre>
 */
public final class PsiScaleHarness {
  private PsiScaleHarness() {}

  /**
   * Runs the harness.
   *
   * @param args {@code --size N} ids per side (default 1,000,000; half of them shared),
   *     {@code --bank M} ids of the unbalanced PSI's client (default 1,000),
   *     {@code --parallelism P} threads per step (default: available processors)
   */
  public static void main(String[] args) {
    int size = 1_000_000;
    int bank = 1_000;
    int parallelism = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--size" -> size = Integer.parseInt(args[i + 1]);
        case "--bank" -> bank = Integer.parseInt(args[i + 1]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    SecureRandom random = new SecureRandom();
    System.out.printf("PSI harness: %,d x %,d ids, %,d shared, parallelism %d, %s%n", size,
        size, size / 2, parallelism, System.getProperty("java.vm.version"));
    baseline(random);

    List<String> guestIds = ids(0, size);
    List<String> hostIds = ids(size / 2, size);
    EcdhPsiSettings settings =
        EcdhPsiSettings.builder("harness").parallelism(parallelism).build();
    long start = System.nanoTime();
    EcdhPsiParty guest = step("guest: check ids, draw key", () ->
        EcdhPsiParty.guest(guestIds, settings, random));
    EcdhPsiParty host = step("host: check ids, draw key", () ->
        EcdhPsiParty.host(hostIds, settings, random));
    BlindedSet gs = step("guest: hash to curve + blind own ids (step 1)", guest::blindOwnSet);
    BlindedSet hs = step("host: hash to curve + blind own ids (step 1)", host::blindOwnSet);
    DoubleBlindedSet toGuest = step("host: blind guest's set + duplicate check (step 2)",
        () -> host.receivePeerSet(gs).orElseThrow());
    DoubleBlindedSet toHost = step("guest: blind host's set + duplicate check (step 2)",
        () -> guest.receivePeerSet(hs).orElseThrow());
    PsiResult g = step("guest: match + sort (step 3)", () -> guest.finish(toGuest));
    PsiResult h = step("host: match + sort (step 3)", () -> host.finish(toHost));
    double total = (System.nanoTime() - start) / 1e9;
    if (g.size() != size / 2 || !g.ids().equals(h.ids())) {
      throw new IllegalStateException("wrong intersection: " + g.size() + " / " + h.size());
    }
    System.out.printf("ECDH-PSI %,d x %,d: %.1f s in all, intersection %,d, same order on both"
        + " sides%n", size, size, total, g.size());

    List<String> bankIds = ids(size / 2 + size - bank / 2, bank);
    int budget = bank;
    int threads = parallelism;
    OprfPsiServer server = step("unbalanced: server precomputes tags of " + size + " ids",
        () -> OprfPsiServer.precompute(hostIds, BlindingKey.generate(random), budget, threads));
    long q0 = System.nanoTime();
    OprfPsiClient client = OprfPsiClient.create("harness-bank", bankIds, parallelism, random);
    BlindedQuery query = step("unbalanced: client blinds " + bank + " ids", client::query);
    EvaluatedQuery answer = step("unbalanced: server evaluates the query",
        () -> server.evaluate(query));
    PsiResult b = step("unbalanced: client unblinds and matches",
        () -> client.finish(server.tags(), answer));
    System.out.printf("unbalanced PSI per client: %.3f s, intersection %,d of %,d%n",
        (System.nanoTime() - q0) / 1e9, b.size(), bank);
    if (b.size() != bank / 2) {
      throw new IllegalStateException("wrong unbalanced intersection: " + b.size());
    }
  }

  /** Single-thread X25519, FedCredit and BouncyCastle, 4 rounds of 20,000 after warm-up. */
  private static void baseline(SecureRandom random) {
    byte[] k = new byte[32];
    byte[] u = new byte[32];
    byte[] out = new byte[32];
    random.nextBytes(k);
    random.nextBytes(u);
    for (int round = 0; round < 5; round++) {
      int n = 20_000;
      double load = load();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        u = X25519.scalarMult(k, u);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(k, 0, u, 0, out, 0);
        u[1] ^= out[1];
      }
      long t2 = System.nanoTime();
      if (round > 0) {
        double mine = n / ((t1 - t0) / 1e9);
        double bc = n / ((t2 - t1) / 1e9);
        System.out.printf("X25519 one thread: FedCredit %,.0f/s, BouncyCastle %,.0f/s, ratio "
            + "%.2f (load %.2f -> %.2f)%n", mine, bc, mine / bc, load, load());
      }
    }
  }

  private static <T> T step(String name, Supplier<T> body) {
    double before = load();
    long t0 = System.nanoTime();
    T result = body.get();
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("  %-58s %8.2f s  (load %.2f -> %.2f)%n", name, s, before, load());
    return result;
  }

  /** The 1-minute load average, or NaN where /proc is missing. */
  static double load() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** {@code count} distinct 18-character ids in the shape of enterprise credit codes. */
  static List<String> ids(long first, int count) {
    List<String> out = new ArrayList<>(count);
    StringBuilder sb = new StringBuilder(18);
    for (long i = first; i < first + count; i++) {
      sb.setLength(0);
      String digits = Long.toString(100_000_000_000_000L + i * 7919 % 900_000_000_000_000L);
      sb.append("91").append(digits, 1, digits.length()).append('X');
      out.add(sb.toString());
    }
    return out;
  }
}
