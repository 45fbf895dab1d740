package io.fedcredit.crypto.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.crypto.kex.AgreementKeyPair;
import io.fedcredit.crypto.secagg.SecAggMessages.MaskedInput;
import io.fedcredit.crypto.secagg.SecAggMessages.Roster;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShare;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The four phases end to end, without sockets: exactness with dropouts, aborts, refusals. */
class SecAggProtocolTest {
  private static final int LENGTH = 5_000;
  private final SecureRandom random = new SecureRandom();

  private static List<String> parties(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("bank-%02d", i));
    }
    return ids;
  }

  private static long[] input(int i) {
    SplittableRandom r = new SplittableRandom(i);
    FixedPointRing ring = new FixedPointRing(24, 1 << 20, 1000);
    double[] v = new double[LENGTH];
    for (int j = 0; j < LENGTH; j++) {
      v[j] = (r.nextDouble() - 0.5) * 2000;
    }
    return ring.encode(v);
  }

  /** A round run up to the masked-input phase: server, clients, roster and inboxes. */
  private record Shared(SecAggServer server, Map<String, SecAggClient> clients, Roster roster,
      Map<String, List<SealedShare>> inbox, List<byte[]> relayed) {}

  private Shared throughShares(SecAggSettings settings, List<String> ids, int length) {
    SecAggServer server = new SecAggServer(settings, ids, length);
    Map<String, SecAggClient> clients = new LinkedHashMap<>();
    for (String id : ids) {
      clients.put(id, new SecAggClient(id, settings, random));
      server.receiveKeys(clients.get(id).advertise());
    }
    Roster roster = server.closeAdvertise();
    List<byte[]> relayed = new ArrayList<>();
    for (SecAggClient c : clients.values()) {
      SecAggMessages.SealedShares sh = c.shareKeys(roster);
      relayed.addAll(sh.envelopes().values());
      server.receiveShares(sh);
    }
    return new Shared(server, clients, roster, server.closeShares(), relayed);
  }

  /** Runs a round where {@code dropAfterShares} parties vanish after sharing their keys. */
  private long[][] round(SecAggSettings settings, int n, int dropAfterShares) {
    return round(settings, n, dropAfterShares, 0);
  }

  /**
   * Runs a round where the first {@code dropAfterShares} parties vanish after sharing their keys
   * and the last {@code dropAfterInput} after sending their masked input.
   */
  private long[][] round(SecAggSettings settings, int n, int dropAfterShares,
      int dropAfterInput) {
    List<String> ids = parties(n);
    Shared sh = throughShares(settings, ids, LENGTH);
    SecAggServer server = sh.server();
    Map<String, SecAggClient> clients = sh.clients();
    Map<String, List<SealedShare>> inbox = sh.inbox();
    long[] expected = new long[LENGTH];
    for (int i = 0; i < n; i++) {
      if (i < dropAfterShares) {
        continue; // vanished before sending a masked input
      }
      String id = ids.get(i);
      long[] x = input(i);
      for (int j = 0; j < LENGTH; j++) {
        expected[j] += x[j];
      }
      server.receiveMaskedInput(clients.get(id).maskInput(x, inbox.get(id)));
    }
    UnmaskRequest req = server.closeMaskedInputs();
    assertEquals(n - dropAfterShares, req.survivors().size());
    assertEquals(dropAfterShares, req.dropped().size());
    List<String> answering = req.survivors().subList(0, req.survivors().size() - dropAfterInput);
    for (String id : answering) {
      server.receiveUnmask(clients.get(id).unmask(req));
    }
    return new long[][] {server.closeUnmask(), expected};
  }

  @ParameterizedTest(name = "{0} of 10 banks drop after sharing")
  @CsvSource({"0", "1", "3"})
  void sumIsExactBitForBitWithDropouts(int dropped) {
    long[][] r = round(SecAggSettings.of("job", 7), 10, dropped);
    assertArrayEquals(r[1], r[0]);
  }

  @ParameterizedTest(name = "{0} of 10 banks drop after sending their masked input")
  @CsvSource({"1", "3"})
  void inputsOfPartiesThatDropBeforeUnmaskingStillCount(int dropped) {
    long[][] r = round(SecAggSettings.of("job", 8), 10, 0, dropped);
    assertArrayEquals(r[1], r[0]);
  }

  @Test
  void secAggPlusNeighbourGraphIsExactToo() {
    SecAggSettings s = new SecAggSettings("job", 3, 2.0 / 3, MaskingGraph.harary(4, 99));
    long[][] r = round(s, 12, 2);
    assertArrayEquals(r[1], r[0]);
  }

  @Test
  void belowThresholdAbortsCleanly() {
    // threshold for 10 parties is 7: with 4 dropped only 6 inputs remain
    BelowThresholdException e = assertThrows(BelowThresholdException.class,
        () -> round(SecAggSettings.of("job", 1), 10, 4));
    assertEquals(6, e.remaining());
    assertEquals(7, e.threshold());
    assertTrue(e.getMessage().contains("masked input"), e.getMessage());
  }

  @Test
  void clientsRefuseRequestsThatWouldRevealBothMasks() {
    SecAggSettings settings = SecAggSettings.of("job", 2);
    List<String> ids = parties(4);
    Shared sh = throughShares(settings, ids, 10);
    Map<String, SecAggClient> clients = sh.clients();
    Map<String, List<SealedShare>> inbox = sh.inbox();
    SecAggClient a = clients.get("bank-00");
    a.maskInput(new long[10], inbox.get("bank-00"));
    SecureAggregationException e = assertThrows(SecureAggregationException.class,
        () -> a.unmask(new UnmaskRequest(List.of("bank-00", "bank-01", "bank-02", "bank-03"),
            List.of("bank-03"))));
    assertTrue(e.getMessage().contains("both"), e.getMessage());
    assertThrows(BelowThresholdException.class,
        () -> a.unmask(new UnmaskRequest(List.of("bank-00", "bank-01"), List.of())));
  }

  @Test
  void tamperedOrMisdirectedEnvelopesAreRefused() {
    SecAggSettings settings = SecAggSettings.of("job", 2);
    List<String> ids = parties(3);
    Shared sh = throughShares(settings, ids, 4);
    Map<String, SecAggClient> clients = sh.clients();
    Map<String, List<SealedShare>> inbox = sh.inbox();
    List<SealedShare> toA = inbox.get("bank-00");
    byte[] tampered = toA.get(0).envelope().clone();
    tampered[20] ^= 1;
    assertThrows(SecureAggregationException.class, () -> clients.get("bank-00")
        .maskInput(new long[4], List.of(new SealedShare(toA.get(0).from(), tampered))));
    // an envelope for bank-01 relayed to bank-02 does not open
    SealedShare forB = inbox.get("bank-01").get(0);
    assertThrows(SecureAggregationException.class, () -> clients.get("bank-02")
        .maskInput(new long[4], List.of(forB)));
  }

  @Test
  void coordinatorsViewOfTheShareExchangeIsCiphertextOnly() {
    SecAggSettings settings = SecAggSettings.of("job", 4);
    List<String> ids = parties(5);
    Shared sh = throughShares(settings, ids, 8);
    SecAggServer server = sh.server();
    Map<String, SecAggClient> clients = sh.clients();
    Roster roster = sh.roster();
    List<byte[]> relayed = sh.relayed();
    Map<String, List<SealedShare>> inbox = sh.inbox();
    for (String id : ids) {
      server.receiveMaskedInput(clients.get(id).maskInput(new long[8], inbox.get(id)));
    }
    UnmaskRequest req = server.closeMaskedInputs();
    List<byte[]> revealed = new ArrayList<>();
    for (String id : ids) {
      SecAggMessages.UnmaskResponse r = clients.get(id).unmask(req);
      r.selfMaskShares().values().forEach(x -> revealed.add(x.toBytes()));
    }
    // the shares revealed at unmasking never appeared in the clear during the exchange
    for (byte[] env : relayed) {
      for (byte[] share : revealed) {
        assertTrue(indexOf(env, java.util.Arrays.copyOfRange(share, 4, share.length)) < 0,
            "a share's bytes appear inside an envelope");
      }
      // and an envelope does not open without the recipient's key
      AgreementKeyPair outsider = AgreementKeyPair.generate(random);
      assertThrows(SecureAggregationException.class, () -> ShareEnvelope.open(
          outsider.agree(roster.parties().get(0).envelopeKey()),
          ShareEnvelope.context("job", 4, "bank-00", "bank-01"), env));
    }
    assertEquals(5 * 4, relayed.size());
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void phasesRunOnceAndInOrder() {
    SecAggClient c = new SecAggClient("a", SecAggSettings.of("job", 1), random);
    assertThrows(SecureAggregationException.class, () -> c.maskInput(new long[1], List.of()));
    c.advertise();
    assertThrows(SecureAggregationException.class, c::advertise);
  }

  @Test
  void maskedInputLooksUniform() {
    // one party's masked input of all zeros: its bytes must be uniform (chi-square, 255 dof)
    SecAggSettings settings = SecAggSettings.of("job", 5);
    List<String> ids = parties(3);
    Shared sh = throughShares(settings, ids, 200_000);
    Map<String, SecAggClient> clients = sh.clients();
    Map<String, List<SealedShare>> inbox = sh.inbox();
    MaskedInput y = clients.get("bank-00").maskInput(new long[200_000], inbox.get("bank-00"));
    long[] counts = new long[256];
    for (long w : y.masked()) {
      for (int b = 0; b < 8; b++) {
        counts[(int) ((w >>> (8 * b)) & 0xFF)]++;
      }
    }
    double expected = 200_000 * 8 / 256.0;
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    // 255 degrees of freedom: the 99.99th percentile is about 361
    assertTrue(chi2 < 361, "chi-square " + chi2);
    // and the top bit of each word is a fair coin
    long ones = 0;
    for (long w : y.masked()) {
      ones += w >>> 63;
    }
    assertTrue(Math.abs(ones - 100_000) < 4 * Math.sqrt(50_000), "top bits: " + ones);
  }
}
