package io.fedcredit.crypto.psi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.psi.OprfPsiMessages.BlindedQuery;
import io.fedcredit.crypto.psi.OprfPsiMessages.EvaluatedQuery;
import io.fedcredit.crypto.psi.OprfPsiMessages.ServerTags;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OprfPsiTest {
  private final SecureRandom random = new SecureRandom();

  @Property(tries = 10)
  void clientLearnsExactlyTheIntersectionAlignedWithTheServer(
      @ForAll @IntRange(min = 0, max = 60) int clientOnly,
      @ForAll @IntRange(min = 0, max = 2000) int serverOnly,
      @ForAll @IntRange(min = 0, max = 60) int common, @ForAll long seed) {
    List<List<String>> s = EcdhPsiTest.sets(clientOnly, serverOnly, common, seed);
    List<String> client = s.get(0);
    List<String> server = s.get(1);
    OprfPsiServer srv = OprfPsiServer.precompute(server, BlindingKey.generate(random), 10_000, 2);
    OprfPsiClient cli = OprfPsiClient.create("bank-7/psi", client, 2, random);
    PsiResult mine = cli.finish(srv.tags(), srv.evaluate(cli.query()));
    Set<String> expected = new TreeSet<>(client);
    expected.retainAll(new HashSet<>(server));
    assertEquals(expected, new TreeSet<>(mine.ids()));
    assertEquals(server.size(), mine.peerSetSize());
    PsiResult theirs = srv.acceptAlignedPositions(cli.alignedPositionsForServer());
    assertEquals(mine.ids(), theirs.ids());
    int[] rows = theirs.rows();
    for (int i = 0; i < rows.length; i++) {
      assertEquals(theirs.ids().get(i), server.get(rows[i]));
    }
    assertEquals(10_000 - client.size(), srv.remainingBudget());
  }

  @Test
  void budgetBoundsWhatClientsCanTest() {
    OprfPsiServer srv = OprfPsiServer.precompute(List.of("a", "b", "c"),
        BlindingKey.generate(random), 3, 1);
    OprfPsiClient first = OprfPsiClient.create("s1", List.of("a", "x"), 1, random);
    first.finish(srv.tags(), srv.evaluate(first.query()));
    OprfPsiClient second = OprfPsiClient.create("s2", List.of("b", "y"), 1, random);
    BlindedQuery q = second.query();
    assertThrows(PsiProtocolException.class, () -> srv.evaluate(q));
    assertEquals(1, srv.remainingBudget());
    assertThrows(InvalidParametersException.class,
        () -> OprfPsiServer.precompute(List.of("a"), BlindingKey.generate(random), -1, 1));
  }

  @Test
  void mismatchedMessagesAreRefused() {
    OprfPsiServer a = OprfPsiServer.precompute(List.of("a", "b"), BlindingKey.generate(random),
        100, 1);
    OprfPsiServer b = OprfPsiServer.precompute(List.of("a", "b"), BlindingKey.generate(random),
        100, 1);
    OprfPsiClient cli = OprfPsiClient.create("s", List.of("a", "z"), 1, random);
    BlindedQuery q = cli.query();
    assertThrows(PsiProtocolException.class, cli::query);
    EvaluatedQuery fromA = a.evaluate(q);
    assertThrows(PsiProtocolException.class, () -> cli.finish(b.tags(), fromA));
    assertThrows(PsiProtocolException.class, () -> cli.finish(a.tags(),
        new EvaluatedQuery("other", fromA.keyId(), fromA.elements())));
    byte[] t = a.tags().tags();
    byte[] swapped = Arrays.copyOf(t, t.length);
    System.arraycopy(t, 0, swapped, 16, 16);
    System.arraycopy(t, 16, swapped, 0, 16);
    assertThrows(PsiProtocolException.class, () -> cli.finish(new ServerTags(a.tags().keyId(),
        swapped), fromA));
    assertThrows(PsiProtocolException.class, () -> new ServerTags("k", new byte[17]));
    assertThrows(PsiProtocolException.class, cli::alignedPositionsForServer);
    PsiResult r = cli.finish(a.tags(), fromA);
    assertEquals(List.of("a"), r.ids());
    assertThrows(PsiProtocolException.class, () -> cli.finish(a.tags(), fromA));
  }

  /** The query holds no plain hash of an id; tags of ids the server lacks are never computed. */
  @Test
  void queryHoldsNoPlainHash() {
    List<String> ids = List.of("ent-1", "ent-2", "ent-3");
    OprfPsiClient cli = OprfPsiClient.create("s", ids, 1, random);
    byte[] q = cli.query().elements().toBytes();
    byte[] plain = GroupBatch.hashOnly(ids.size(),
        i -> ids.get(i).getBytes(StandardCharsets.UTF_8), OprfPsiServer.DST);
    byte[] plainEcdh = GroupBatch.hashOnly(ids.size(),
        i -> ids.get(i).getBytes(StandardCharsets.UTF_8), EcdhPsiParty.DST);
    Set<String> forbidden = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      forbidden.add(HexFormat.of().formatHex(plain, 32 * i, 32 * i + 32));
      forbidden.add(HexFormat.of().formatHex(plainEcdh, 32 * i, 32 * i + 32));
    }
    for (int i = 0; i < ids.size(); i++) {
      assertFalse(forbidden.contains(HexFormat.of().formatHex(q, 32 * i, 32 * i + 32)));
    }
    assertFalse(cli.toString().contains("ent-1"));
    assertTrue(cli.toString().contains("3 ids"));
  }
}
