package io.fedcredit.crypto.psi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.crypto.CryptoException;
import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.psi.EcdhPsiMessages.BlindedSet;
import io.fedcredit.crypto.psi.EcdhPsiMessages.DoubleBlindedSet;
import io.fedcredit.crypto.psi.EcdhPsiSettings.Reveal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EcdhPsiTest {
  private final SecureRandom random = new SecureRandom();

  /** Two random id sets with {@code common} ids in common, as (guest, host). */
  static List<List<String>> sets(int guestOnly, int hostOnly, int common, long seed) {
    Random r = new Random(seed);
    Set<String> used = new HashSet<>();
    List<String> guest = new ArrayList<>();
    List<String> host = new ArrayList<>();
    while (used.size() < guestOnly + hostOnly + common) {
      String id = "91" + String.format("%016d", r.nextLong() & Long.MAX_VALUE).substring(0, 16);
      if (!used.add(id)) {
        continue;
      }
      int k = used.size();
      if (k <= common) {
        guest.add(id);
        host.add(id);
      } else if (k <= common + guestOnly) {
        guest.add(id);
      } else {
        host.add(id);
      }
    }
    java.util.Collections.shuffle(guest, r);
    java.util.Collections.shuffle(host, r);
    return List.of(guest, host);
  }

  /** Runs a whole session; returns {guest result, host result} (host null under GUEST_ONLY). */
  static PsiResult[] run(List<String> g, List<String> h, EcdhPsiSettings s, Recorder rec) {
    SecureRandom random = new SecureRandom();
    EcdhPsiParty guest = EcdhPsiParty.guest(g, s, random);
    EcdhPsiParty host = EcdhPsiParty.host(h, s, random);
    BlindedSet gs = rec.add(guest.blindOwnSet());
    BlindedSet hs = rec.add(host.blindOwnSet());
    var toGuest = host.receivePeerSet(gs);
    var toHost = guest.receivePeerSet(hs);
    PsiResult gr = guest.finish(rec.add(toGuest.orElseThrow()));
    PsiResult hr;
    if (s.reveal() == Reveal.BOTH) {
      hr = host.finish(rec.add(toHost.orElseThrow()));
    } else {
      assertTrue(toHost.isEmpty());
      hr = host.acceptAlignedPositions(rec.add(guest.alignedPositionsForHost()));
    }
    return new PsiResult[] {gr, hr};
  }

  /** Keeps every message exchanged. */
  static final class Recorder {
    final List<byte[]> elements = new ArrayList<>();

    <T> T add(T message) {
      if (message instanceof BlindedSet b) {
        elements.add(b.elements().toBytes());
      } else if (message instanceof DoubleBlindedSet d) {
        elements.add(d.elements().toBytes());
      }
      return message;
    }
  }

  static void assertExact(List<String> g, List<String> h, PsiResult gr, PsiResult hr) {
    Set<String> expected = new TreeSet<>(g);
    expected.retainAll(new HashSet<>(h));
    assertEquals(expected, new TreeSet<>(gr.ids()));
    assertEquals(expected.size(), gr.size());
    assertEquals(gr.ids(), hr.ids(), "both sides hold the intersection in the same order");
    int[] gRows = gr.rows();
    int[] hRows = hr.rows();
    for (int i = 0; i < gr.size(); i++) {
      assertEquals(gr.ids().get(i), g.get(gRows[i]));
      assertEquals(hr.ids().get(i), h.get(hRows[i]));
    }
  }

  @Property(tries = 15)
  void intersectionIsExactAndAligned(@ForAll @IntRange(min = 0, max = 300) int guestOnly,
      @ForAll @IntRange(min = 0, max = 300) int hostOnly,
      @ForAll @IntRange(min = 0, max = 300) int common, @ForAll long seed,
      @ForAll boolean guestOnlyReveal) {
    List<List<String>> s = sets(guestOnly, hostOnly, common, seed);
    EcdhPsiSettings settings = EcdhPsiSettings.builder("job-1/psi").parallelism(2)
        .reveal(guestOnlyReveal ? Reveal.GUEST_ONLY : Reveal.BOTH).build();
    PsiResult[] r = run(s.get(0), s.get(1), settings, new Recorder());
    assertExact(s.get(0), s.get(1), r[0], r[1]);
    assertEquals(s.get(1).size(), r[0].peerSetSize());
    assertEquals(s.get(0).size(), r[1].peerSetSize());
  }

  @Test
  void largerSetsAcrossManyChunksAndThreads() {
    List<List<String>> s = sets(1500, 2100, 2500, 7);
    PsiResult[] r = run(s.get(0), s.get(1),
        EcdhPsiSettings.builder("big").parallelism(3).build(), new Recorder());
    assertExact(s.get(0), s.get(1), r[0], r[1]);
    assertEquals(2500, r[0].size());
  }

  @Test
  void emptyIntersectionIdenticalSetsAndEmptySets() {
    List<List<String>> disjoint = sets(40, 50, 0, 1);
    EcdhPsiSettings s = EcdhPsiSettings.builder("e").build();
    PsiResult[] r = run(disjoint.get(0), disjoint.get(1), s, new Recorder());
    assertEquals(0, r[0].size());
    assertEquals(0, r[1].size());

    List<String> same = sets(0, 0, 333, 2).get(0);
    List<String> shuffled = new ArrayList<>(same);
    java.util.Collections.shuffle(shuffled);
    r = run(same, shuffled, s, new Recorder());
    assertExact(same, shuffled, r[0], r[1]);
    assertEquals(333, r[0].size());

    r = run(List.of(), same, s, new Recorder());
    assertEquals(0, r[0].size());
    assertEquals(0, r[1].size());
    assertEquals(333, r[0].peerSetSize());
  }

  @Test
  void duplicateIdsAreRefusedNamingRowsNotIds() {
    EcdhPsiSettings s = EcdhPsiSettings.builder("d").build();
    DuplicateIdException e = assertThrows(DuplicateIdException.class,
        () -> EcdhPsiParty.guest(List.of("a-secret-id", "b", "a-secret-id"), s, random));
    assertEquals(0, e.firstRow());
    assertEquals(2, e.secondRow());
    assertFalse(e.getMessage().contains("a-secret-id"));
    assertThrows(NullPointerException.class,
        () -> EcdhPsiParty.host(Arrays.asList("a", null), s, random));
  }

  /**
   * No element of any message equals a plain hash of any id: SHA-256, SHA-512 (truncated), the
   * id's own hash to the curve, or its bytes.
   */
  @Test
  void messagesHoldNoPlainHashOfAnyId() throws Exception {
    List<List<String>> s = sets(200, 200, 100, 11);
    for (Reveal reveal : Reveal.values()) {
      Recorder rec = new Recorder();
      run(s.get(0), s.get(1), EcdhPsiSettings.builder("h").reveal(reveal).build(), rec);
      Set<String> forbidden = new HashSet<>();
      List<String> all = new ArrayList<>(s.get(0));
      all.addAll(s.get(1));
      byte[] hashed = GroupBatch.hashOnly(all.size(),
          i -> all.get(i).getBytes(StandardCharsets.UTF_8), EcdhPsiParty.DST);
      for (int i = 0; i < all.size(); i++) {
        byte[] id = all.get(i).getBytes(StandardCharsets.UTF_8);
        forbidden.add(hex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(id), 32)));
        forbidden.add(hex(Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(id), 32)));
        forbidden.add(hex(Arrays.copyOf(id, 32)));
        forbidden.add(hex(Arrays.copyOfRange(hashed, 32 * i, 32 * i + 32)));
      }
      int seen = 0;
      for (byte[] m : rec.elements) {
        for (int i = 0; i < m.length / 32; i++) {
          assertFalse(forbidden.contains(hex(Arrays.copyOfRange(m, 32 * i, 32 * i + 32))));
          seen++;
        }
      }
      assertTrue(seen >= 2 * 300 + 300);
    }
  }

  /** The host's blinded set is shuffled: positions in it are not its rows. */
  @Test
  void blindedSetIsShuffledAndAlignedOrderIsNotInputOrder() {
    List<String> ids = sets(0, 0, 64, 5).get(0);
    EcdhPsiSettings s = EcdhPsiSettings.builder("s").reveal(Reveal.GUEST_ONLY).build();
    EcdhPsiParty guest = EcdhPsiParty.guest(ids, s, random);
    EcdhPsiParty host = EcdhPsiParty.host(ids, s, random);
    BlindedSet gs = guest.blindOwnSet();
    BlindedSet hs = host.blindOwnSet();
    guest.receivePeerSet(hs);
    PsiResult g = guest.finish(host.receivePeerSet(gs).orElseThrow());
    AlignedPositions positions = guest.alignedPositionsForHost();
    PsiResult h = host.acceptAlignedPositions(positions);
    assertEquals(g.ids(), h.ids());
    assertFalse(Arrays.equals(positions.positions(), h.rows()), "positions equal rows");
    int inOrder = 0;
    int[] rows = g.rows();
    for (int i = 1; i < rows.length; i++) {
      inOrder += rows[i] > rows[i - 1] ? 1 : 0;
    }
    assertTrue(inOrder < rows.length - 5, "aligned order follows the input order");
  }

  @Test
  void stepsOutOfTurnOrFromElsewhereAreRefused() {
    List<List<String>> s = sets(10, 10, 10, 3);
    EcdhPsiSettings settings = EcdhPsiSettings.builder("job/psi").build();
    EcdhPsiParty guest = EcdhPsiParty.guest(s.get(0), settings, random);
    EcdhPsiParty host = EcdhPsiParty.host(s.get(1), settings, random);
    BlindedSet gs = guest.blindOwnSet();
    assertThrows(PsiProtocolException.class, guest::blindOwnSet);
    // a guest does not accept its own kind of message
    assertThrows(PsiProtocolException.class, () -> guest.receivePeerSet(gs));
    // another session
    EcdhPsiParty other = EcdhPsiParty.host(s.get(1),
        EcdhPsiSettings.builder("job/other").build(), random);
    assertThrows(PsiProtocolException.class, () -> other.receivePeerSet(gs));
    BlindedSet hs = host.blindOwnSet();
    DoubleBlindedSet reply = host.receivePeerSet(gs).orElseThrow();
    assertThrows(PsiProtocolException.class, () -> host.receivePeerSet(gs));
    assertThrows(PsiProtocolException.class, () -> guest.finish(reply)); // peer set missing
    guest.receivePeerSet(hs);
    // a reply of the wrong size
    DoubleBlindedSet shortReply = new DoubleBlindedSet("job/psi", PsiRole.HOST,
        BlindedElements.fromBytes(Arrays.copyOf(reply.elements().toBytes(), 32 * 5)));
    assertThrows(PsiProtocolException.class, () -> guest.finish(shortReply));
    guest.finish(reply);
    assertThrows(PsiProtocolException.class, () -> guest.finish(reply));
    // limits
    assertThrows(PsiProtocolException.class, () -> EcdhPsiParty.guest(s.get(0),
        EcdhPsiSettings.builder("x").maxSetSize(5).build(), random));
    assertThrows(InvalidParametersException.class, () -> EcdhPsiSettings.builder(" ").build());
    assertThrows(InvalidParametersException.class,
        () -> EcdhPsiSettings.builder("x").parallelism(0).build());
  }

  @Test
  void malformedAndSmallOrderElementsAreRefused() {
    byte[] bad = new byte[64];
    bad[63] = (byte) 0x80; // bit 255 set
    MalformedPointException e = assertThrows(MalformedPointException.class,
        () -> BlindedElements.fromBytes(bad));
    assertEquals(1, e.position());
    assertThrows(MalformedPointException.class, () -> BlindedElements.fromBytes(new byte[33]));
    byte[] p = Field25519Test.le32(Field25519Test.P);
    assertThrows(MalformedPointException.class, () -> BlindedElements.fromBytes(p));

    EcdhPsiSettings s = EcdhPsiSettings.builder("m").build();
    EcdhPsiParty host = EcdhPsiParty.host(List.of("a", "b"), s, random);
    byte[] smallOrder = new byte[96];
    smallOrder[32] = 1; // u = 1 has order 4
    byte[] hashed = GroupBatch.hashOnly(1, i -> new byte[] {1}, EcdhPsiParty.DST);
    System.arraycopy(hashed, 0, smallOrder, 64, 32);
    smallOrder[0] = 9;
    CryptoException ex = assertThrows(MalformedPointException.class, () -> host.receivePeerSet(
        new BlindedSet("m", PsiRole.GUEST, BlindedElements.fromBytes(smallOrder))));
    assertEquals(1, ((MalformedPointException) ex).position());

    // the same point twice, or with a small-order component added, blinds to one value
    EcdhPsiParty host2 = EcdhPsiParty.host(List.of("a"), s, random);
    byte[] twice = new byte[64];
    System.arraycopy(hashed, 0, twice, 0, 32);
    System.arraycopy(hashed, 0, twice, 32, 32);
    assertThrows(PsiProtocolException.class, () -> host2.receivePeerSet(
        new BlindedSet("m", PsiRole.GUEST, BlindedElements.fromBytes(twice))));
  }

  @Test
  void secretsStayOutOfToString() {
    BlindingKey k = BlindingKey.generate(random);
    byte[] raw = k.toBytes(io.fedcredit.crypto.InsecureSecretKeyAccess.get());
    assertFalse(k.toString().contains(hex(raw).substring(0, 8)));
    assertTrue(k.toString().startsWith("BlindingKey[id="));
    BlindingKey back = BlindingKey.fromBytes(raw, io.fedcredit.crypto.InsecureSecretKeyAccess.get());
    assertEquals(k.id(), back.id());
    assertEquals(0, raw[0] & 7);
    assertThrows(NullPointerException.class, () -> k.toBytes(null));
    byte[] odd = raw.clone();
    odd[0] |= 1;
    assertThrows(io.fedcredit.crypto.MalformedKeyException.class,
        () -> BlindingKey.fromBytes(odd, io.fedcredit.crypto.InsecureSecretKeyAccess.get()));
    k.destroy();
    assertThrows(PsiProtocolException.class,
        () -> k.toBytes(io.fedcredit.crypto.InsecureSecretKeyAccess.get()));
    EcdhPsiParty g = EcdhPsiParty.guest(List.of("secret-enterprise-1"),
        EcdhPsiSettings.builder("t").build(), random);
    assertFalse(g.toString().contains("secret-enterprise-1"));
    assertEquals(new BigInteger("27742317777372353535851937790883648493").add(
        BigInteger.ONE.shiftLeft(252)), BlindingKey.ORDER);
  }

  @Test
  void alignedPositionsAreValidated() {
    List<List<String>> s = sets(5, 5, 5, 9);
    EcdhPsiSettings settings = EcdhPsiSettings.builder("a").reveal(Reveal.GUEST_ONLY).build();
    EcdhPsiParty host = EcdhPsiParty.host(s.get(1), settings, random);
    host.blindOwnSet();
    assertThrows(PsiProtocolException.class,
        () -> host.acceptAlignedPositions(new AlignedPositions("a", new int[] {0, 0})));
    assertThrows(PsiProtocolException.class,
        () -> host.acceptAlignedPositions(new AlignedPositions("a", new int[] {10})));
    assertThrows(PsiProtocolException.class,
        () -> host.acceptAlignedPositions(new AlignedPositions("b", new int[] {1})));
    assertThrows(PsiProtocolException.class, () -> host.finish(new DoubleBlindedSet("a",
        PsiRole.GUEST, BlindedElements.fromBytes(new byte[0]))));
  }

  @Test
  void sortedPositionsSortUnsignedLexicographically() {
    Random r = new Random(3);
    byte[] data = new byte[16 * 500];
    r.nextBytes(data);
    // force ties on the first 8 bytes
    System.arraycopy(data, 0, data, 16 * 7, 8);
    System.arraycopy(data, 0, data, 16 * 9, 8);
    int[] order = ElementIndex.sortedPositions(data, 16);
    for (int i = 1; i < order.length; i++) {
      assertTrue(Arrays.compareUnsigned(data, order[i - 1] * 16, order[i - 1] * 16 + 16, data,
          order[i] * 16, order[i] * 16 + 16) < 0);
    }
    assertEquals(500, Arrays.stream(order).distinct().count());
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
