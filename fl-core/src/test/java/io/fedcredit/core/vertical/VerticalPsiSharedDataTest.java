package io.fedcredit.core.vertical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.testing.SharedData;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The alignment step of a vertical job on FATE's default_credit_hetero with about 10% of each
 * side's rows removed at random: the PSI finds exactly the true intersection, and row i of the
 * guest and row i of the host are the same enterprise. Skipped when the shared data is absent.
 * Tagged slow (about 50 s on two loaded cores): {@code ./mvnw -B verify -Pslow} runs it.
 */
@Tag("slow")
class VerticalPsiSharedDataTest {

  @Test
  @Timeout(600)
  void findsExactlyTheTrueIntersectionOfDefaultCreditHetero() throws Exception {
    FeatureTable guest = drop(new CsvTableReader(CsvOptions.labelled("y"))
        .read(SharedData.file(SharedData.DEFAULT_CREDIT_HETERO_GUEST)), 101);
    FeatureTable host = drop(new CsvTableReader(CsvOptions.unlabelled())
        .read(SharedData.file(SharedData.DEFAULT_CREDIT_HETERO_HOST)), 202);
    Set<String> truth = new HashSet<>(Arrays.asList(guest.ids()));
    truth.retainAll(Arrays.asList(host.ids()));

    InProcessLinks links = new InProcessLinks(HeteroLrTraining.Transcript.none(),
        Duration.ofMinutes(5));
    SecureRandom random = new SecureRandom();
    Map<String, Callable<int[]>> tasks = new LinkedHashMap<>();
    tasks.put("bank", () -> VerticalPsi.guest(links.link("bank"), "psi-test",
        List.of("platform"), Arrays.asList(guest.ids()), random));
    tasks.put("platform", () -> VerticalPsi.host(links.link("platform"), "psi-test", "bank",
        Arrays.asList(host.ids()), random));
    Map<String, int[]> rows = links.runAll(tasks);

    int[] g = rows.get("bank");
    int[] h = rows.get("platform");
    assertEquals(truth.size(), g.length);
    assertEquals(truth.size(), h.length);
    Set<String> found = new HashSet<>();
    for (int i = 0; i < g.length; i++) {
      assertEquals(guest.id(g[i]), host.id(h[i]), "aligned row " + i);
      found.add(guest.id(g[i]));
    }
    assertEquals(truth, found);
  }

  /** Keeps each row with probability 0.9 (fixed seed). */
  private static FeatureTable drop(FeatureTable t, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < t.rows(); i++) {
      if (r.nextDouble() >= 0.1) {
        keep.add(i);
      }
    }
    return t.select(keep.stream().mapToInt(Integer::intValue).toArray());
  }
}
