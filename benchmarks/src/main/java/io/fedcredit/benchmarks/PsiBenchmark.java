package io.fedcredit.benchmarks;

import io.fedcredit.crypto.psi.BlindingKey;
import io.fedcredit.crypto.psi.EcdhPsiMessages.BlindedSet;
import io.fedcredit.crypto.psi.EcdhPsiParty;
import io.fedcredit.crypto.psi.EcdhPsiSettings;
import io.fedcredit.crypto.psi.OprfPsiClient;
import io.fedcredit.crypto.psi.OprfPsiServer;
import io.fedcredit.crypto.psi.PsiResult;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole intersections, both parties in one JVM on all cores (parallelism 2 on the 2-core
 * machine): balanced ECDH-PSI of n x n ids with half in common, and the unbalanced PSI's
 * per-client cost (a bank's 1,000 ids against a precomputed server of n ids) next to what a
 * balanced ECDH-PSI of the same sets costs. Single-shot: one full run per measurement, after a
 * warm-up run. The million-id run is {@link PsiScaleHarness}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class PsiBenchmark {
  @Param({"100000"})
  int n;

  static final int BANK = 1000;
  int parallelism = Runtime.getRuntime().availableProcessors();
  List<String> guestIds;
  List<String> hostIds;
  List<String> bankIds;
  OprfPsiServer server;
  SecureRandom random = new SecureRandom();

  @Setup
  public void setUp() {
    guestIds = PsiScaleHarness.ids(0, n);
    hostIds = PsiScaleHarness.ids(n / 2, n);
    bankIds = PsiScaleHarness.ids(n / 2 + n - BANK / 2, BANK);
    server = OprfPsiServer.precompute(hostIds, BlindingKey.generate(random), Long.MAX_VALUE,
        parallelism);
  }

  /** Balanced ECDH-PSI, n x n, revealed to both. */
  @Benchmark
  public PsiResult ecdhPsi() {
    return ecdh(guestIds, hostIds);
  }

  /** Balanced ECDH-PSI of the bank's 1,000 ids against the n host ids: the unbalanced baseline. */
  @Benchmark
  public PsiResult ecdhPsiSmallAgainstLarge() {
    return ecdh(bankIds, hostIds);
  }

  /** Unbalanced PSI, per client: query, server evaluation, unblinding and matching. */
  @Benchmark
  public PsiResult oprfPsiQuery() {
    OprfPsiClient client = OprfPsiClient.create("bench", bankIds, parallelism, random);
    return client.finish(server.tags(), server.evaluate(client.query()));
  }

  /** Unbalanced PSI, the server's one-off precomputation over n ids. */
  @Benchmark
  public OprfPsiServer oprfPsiPrecompute() {
    return OprfPsiServer.precompute(hostIds, BlindingKey.generate(random), 0, parallelism);
  }

  private PsiResult ecdh(List<String> g, List<String> h) {
    EcdhPsiSettings s = EcdhPsiSettings.builder("bench").parallelism(parallelism).build();
    EcdhPsiParty guest = EcdhPsiParty.guest(g, s, random);
    EcdhPsiParty host = EcdhPsiParty.host(h, s, random);
    BlindedSet gs = guest.blindOwnSet();
    BlindedSet hs = host.blindOwnSet();
    var toGuest = host.receivePeerSet(gs).orElseThrow();
    var toHost = guest.receivePeerSet(hs).orElseThrow();
    host.finish(toHost);
    return guest.finish(toGuest);
  }
}
