package io.fedcredit.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.Phase;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.RoundOutcome;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.strategy.Failure;
import io.fedcredit.core.strategy.FitResults;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.wire.PaillierWire;
import io.fedcredit.core.wire.WireCodec;
import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PackingScheme;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.proto.PackedEncryptedVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The horizontal protocol with Paillier aggregation, as a pure state machine: banks encrypt under
 * the key holder's public key, the protocol adds ciphertexts, the key holder decrypts the sum, and
 * the strategy receives the plaintext fixed-point sum bit for bit and nothing else. A small model
 * keeps every input in one ciphertext.
 */
class PaillierHorizontalProtocolTest {
  private static final String JOB = "paillier-job";
  private static final int P = 20; // parameters: 19 weights and a bias
  private static final List<String> FEATURES = TestTables.features(P - 1);
  private static final long PHASE = 1_000;
  private static final PaillierKeyPair KEYS =
      PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
  private static final PaillierKeyPair OTHER_KEYS =
      PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);

  private List<FitResults> seen = List.of();
  private final List<RoundOutcome> rounds = new ArrayList<>();

  private HorizontalTrainingProtocol protocol(int n, PaillierAggregationConfig paillier) {
    ModelSpec spec = ModelSpec.logreg(P - 1, 1);
    HorizontalJobConfig cfg = new HorizontalJobConfig(JOB, spec, FEATURES, 3, n, Set.of(),
        false, PHASE, 10_000, 60_000, 500).withPaillierAggregation(paillier);
    RecordingFedAvg strategy = new RecordingFedAvg(n);
    seen = strategy.seen();
    return strategy.protocol(cfg, rounds);
  }

  private HorizontalTrainingProtocol joined(List<String> ids, PaillierAggregationConfig cfg) {
    HorizontalTrainingProtocol p = protocol(ids.size(), cfg);
    for (String id : ids) {
      p.join(id, FEATURES, true, 0);
    }
    return p;
  }

  private static List<String> banks(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("bank-" + i);
    }
    return ids;
  }

  /** Small deltas, with one coordinate beyond the clip of 8 so clipping is exercised. */
  private static double[] delta(int i) {
    SplittableRandom r = new SplittableRandom(i);
    double[] d = new double[P];
    for (int j = 0; j < P; j++) {
      d[j] = (r.nextDouble() - 0.5) * 0.2;
    }
    d[3] = i % 2 == 0 ? 9.5 : -12;
    return d;
  }

  private static RoundRef ref(long round, String id) {
    return new RoundRef(JOB, round, id);
  }

  /** The key phase: the key holder polls, "generates" its key (a fixed one here) and sends it. */
  private static void sendKey(HorizontalTrainingProtocol p, String holder, long round, long now) {
    assertEquals(Phase.PAILLIER_KEY, p.phase());
    Task.PaillierKey t = assertInstanceOf(Task.PaillierKey.class, p.poll(holder, now));
    assertEquals(2048, t.modulusBits());
    p.submitPaillierKey(ref(round, holder), KEYS.publicKey(), now);
  }

  /** Every bank in {@code senders} encrypts its input; returns the sum of the quantized inputs. */
  private static long[] sendInputs(HorizontalTrainingProtocol p, List<String> senders,
      List<String> all, long round, long now) {
    long[] sum = new long[P + 1];
    for (String id : senders) {
      int i = all.indexOf(id);
      Task.Fit f = assertInstanceOf(Task.Fit.class, p.poll(id, now));
      assertNull(f.masking());
      Task.Encryption e = f.encryption();
      assertEquals(KEYS.publicKey(), e.key());
      assertEquals(all.size(), e.scheme().maxSummands());
      long n = 100 + i;
      long[] q = e.config().encode(delta(i), n, new double[0], e.scheme()).quantized();
      long[] independent = quantizedByHand(delta(i), n);
      assertArrayEquals(independent, q);
      for (int j = 0; j < q.length; j++) {
        sum[j] += q[j];
      }
      p.submitEncrypted(ref(round, id), e.scheme().encryptQuantized(q, e.key()), now);
    }
    return sum;
  }

  /** {@code round(2^15 * [n * clip(delta, 8), n])}, computed without the library's encoder. */
  private static long[] quantizedByHand(double[] delta, long n) {
    long[] q = new long[delta.length + 1];
    for (int j = 0; j < delta.length; j++) {
      double d = Math.max(-8, Math.min(8, delta[j]));
      q[j] = (long) Math.rint(n * d * 32768);
    }
    q[delta.length] = n * 32768;
    return q;
  }

  /** The decrypt phase, as the key holder's client runs it. */
  private static void decrypt(HorizontalTrainingProtocol p, String holder, long round, long now) {
    assertEquals(Phase.PAILLIER_DECRYPT, p.phase());
    assertInstanceOf(Task.PaillierDecrypt.class, p.poll(holder, now));
    PackedCiphertext sum = p.encryptedSum(ref(round, holder), now);
    long[] sums = sum.scheme().unpackQuantizedSums(sum, KEYS.privateKey());
    p.submitDecryptedSum(ref(round, holder), sums, now);
  }

  @Test
  void strategyGetsThePlaintextFixedPointSumBitForBit() {
    List<String> ids = banks(4);
    HorizontalTrainingProtocol p = joined(ids,
        PaillierAggregationConfig.defaults().withKeyHolder("bank-2"));
    for (String other : List.of("bank-0", "bank-1", "bank-3")) {
      assertInstanceOf(Task.Wait.class, p.poll(other, 1), "only the key holder makes a key");
    }
    sendKey(p, "bank-2", 1, 1);
    assertEquals(Phase.FIT, p.phase());
    long[] expected = sendInputs(p, ids, ids, 1, 2);

    PackedCiphertext sum = p.encryptedSum(ref(1, "bank-2"), 3);
    assertEquals(4, sum.summands(), "the coordinator holds one sum, not four inputs");
    Rejection notHolder = assertThrows(Rejection.class,
        () -> p.encryptedSum(ref(1, "bank-0"), 3));
    assertEquals(Reason.NOT_SELECTED, notHolder.reason());
    decrypt(p, "bank-2", 1, 3);

    assertEquals(1, seen.size());
    FitResults r = seen.get(0);
    double[] decoded = new double[expected.length];
    for (int j = 0; j < expected.length; j++) {
      decoded[j] = Math.scalb((double) expected[j], -15);
    }
    assertArrayEquals(Arrays.copyOf(decoded, P), r.weightedSum(), 0.0);
    assertEquals(100 + 101 + 102 + 103, r.totalWeight(), 0.0);
    assertFalse(r.individual().isPresent(), "no individual update is visible");
    assertEquals(ids, r.participants());
    RoundOutcome o = rounds.get(0);
    assertTrue(o.applied());
    assertNull(o.abortReason());
    assertTrue(o.failures().isEmpty());
    assertTrue(Double.isNaN(o.meanTrainLoss()), "no individual metric is visible");
    assertTrue(o.model().provenance().privacy()
        .startsWith("paillier(2048-bit key held by bank-2"), o.model().provenance().privacy());

    // the key serves the whole job: round 2 starts with its fit phase
    assertEquals(Phase.FIT, p.phase());
    assertEquals(2, p.round());
    sendInputs(p, ids, ids, 2, 4);
    decrypt(p, "bank-2", 2, 5);
    assertEquals(2, seen.size());
    assertTrue(rounds.get(1).applied());
  }

  @Test
  void banksThatDropMidRoundAreLeftOutOfTheSumAndTheRoundProceedsWithTheSurvivors() {
    List<String> ids = banks(4);
    HorizontalTrainingProtocol p = joined(ids, PaillierAggregationConfig.defaults());
    double[] before = p.model().parameters();
    sendKey(p, "bank-0", 1, 1);
    assertEquals(Phase.FIT, p.phase());
    // bank-1 leaves after it got its fit task, bank-3 trains but never sends
    assertInstanceOf(Task.Fit.class, p.poll("bank-1", 2));
    assertInstanceOf(Task.Fit.class, p.poll("bank-3", 2));
    p.leave("bank-1", 2);
    long[] expected = sendInputs(p, List.of("bank-0", "bank-2"), ids, 1, 3);
    assertEquals(Phase.FIT, p.phase(), "bank-3 may still send until the deadline");
    p.tick(1 + PHASE);

    assertEquals(Phase.PAILLIER_DECRYPT, p.phase());
    PackedCiphertext sum = p.encryptedSum(ref(1, "bank-0"), 1 + PHASE);
    assertEquals(2, sum.summands(), "only the survivors' inputs are added");
    decrypt(p, "bank-0", 1, 2 + PHASE);

    FitResults r = seen.get(0);
    assertEquals(List.of("bank-0", "bank-2"), r.participants());
    double[] survivors = new double[P];
    for (int j = 0; j < P; j++) {
      survivors[j] = Math.scalb((double) expected[j], -15);
    }
    assertArrayEquals(survivors, r.weightedSum(), 0.0);
    assertEquals(100 + 102, r.totalWeight(), 0.0);
    RoundOutcome o = rounds.get(0);
    assertTrue(o.applied(), "two survivors are enough for this strategy");
    List<String> failed = new ArrayList<>();
    for (Failure f : o.failures()) {
      failed.add(f.participantId() + ":" + f.kind());
    }
    assertEquals(Set.of("bank-1:LEFT", "bank-3:TIMEOUT"), Set.copyOf(failed));
    // FedAvg over the survivors only: before + sum / (100 + 102)
    double[] after = o.model().parameters();
    for (int j = 0; j < P; j++) {
      assertEquals(before[j] + survivors[j] / 202, after[j], 1e-12, "parameter " + j);
    }
    assertEquals(1, p.model().round());
    // the job keeps its key; with bank-1 gone this strategy (four banks a round) waits for more
    assertEquals(Phase.WAITING, p.phase());
    assertEquals(KEYS.publicKey(), p.paillierKey().orElseThrow());
  }

  @Test
  void theFirstParticipantToJoinHoldsTheKeyByDefault() {
    List<String> ids = List.of("bank-b", "bank-a", "bank-c");
    HorizontalTrainingProtocol p = joined(ids, PaillierAggregationConfig.defaults());
    assertEquals("bank-b", p.paillierKeyHolder());
    assertInstanceOf(Task.Wait.class, p.poll("bank-a", 1));
    sendKey(p, "bank-b", 1, 1);
    assertEquals(KEYS.publicKey(), p.paillierKey().orElseThrow());
  }

  @Test
  void aMissingKeyHolderAbortsTheRoundAndKeepsTheModel() {
    List<String> ids = banks(3);
    HorizontalTrainingProtocol p = joined(ids,
        PaillierAggregationConfig.defaults().withKeyHolder("bank-x"));
    double[] before = p.model().parameters();
    assertEquals(Phase.PAILLIER_KEY, p.phase());
    p.tick(PHASE - 1);
    assertEquals(Phase.PAILLIER_KEY, p.phase(), "a key holder may join until the deadline");
    p.tick(PHASE);
    assertTrue(seen.isEmpty());
    RoundOutcome o = rounds.get(0);
    assertFalse(o.applied());
    assertTrue(o.abortReason().contains("key holder 'bank-x' has not joined the job"),
        o.abortReason());
    assertArrayEquals(before, o.model().parameters());
    assertEquals(1, p.model().round());
    // the next round asks for the key again
    assertEquals(Phase.PAILLIER_KEY, p.phase());
    assertEquals(2, p.round());

    // a key holder that leaves ends the key phase at once
    HorizontalTrainingProtocol q = joined(ids, PaillierAggregationConfig.defaults());
    q.leave("bank-0", 5);
    RoundOutcome left = rounds.get(rounds.size() - 1);
    assertTrue(left.abortReason().contains("key holder 'bank-0' left the job"),
        left.abortReason());
    assertEquals(Failure.Kind.LEFT, left.failures().get(0).kind());
  }

  @Test
  void aKeyHolderThatDoesNotDecryptAbortsTheRoundAndTheNextRoundGetsAFreshKey() {
    List<String> ids = banks(3);
    HorizontalTrainingProtocol p = joined(ids, PaillierAggregationConfig.defaults());
    double[] before = p.model().parameters();
    sendKey(p, "bank-0", 1, 1);
    sendInputs(p, ids, ids, 1, 2);
    assertEquals(Phase.PAILLIER_DECRYPT, p.phase());
    p.tick(2 + PHASE);
    assertTrue(seen.isEmpty(), "the strategy never sees an undecrypted round");
    RoundOutcome o = rounds.get(0);
    assertFalse(o.applied());
    assertTrue(o.abortReason().contains("key holder 'bank-0' did not decrypt the sum"),
        o.abortReason());
    assertArrayEquals(before, p.model().parameters());
    assertEquals(Phase.PAILLIER_KEY, p.phase());
    assertTrue(p.paillierKey().isEmpty(), "the old key is dropped");
  }

  @Test
  void aSingleInputIsNeverSentForDecryption() {
    List<String> ids = banks(3);
    HorizontalTrainingProtocol p = joined(ids, PaillierAggregationConfig.defaults());
    sendKey(p, "bank-0", 1, 1);
    sendInputs(p, List.of("bank-1"), ids, 1, 2);
    p.tick(1 + PHASE);
    RoundOutcome o = rounds.get(0);
    assertFalse(o.applied());
    assertTrue(o.abortReason().contains("1 encrypted input arrived"), o.abortReason());
    assertEquals(2, o.failures().size());
    assertTrue(seen.isEmpty());
  }

  @Test
  void inputsUnderAnotherKeyOrPackingAreRefusedWithATypedReason() {
    List<String> ids = banks(3);
    HorizontalTrainingProtocol p = joined(ids, PaillierAggregationConfig.defaults());
    sendKey(p, "bank-0", 1, 1);
    Task.Encryption e = assertInstanceOf(Task.Fit.class, p.poll("bank-1", 2)).encryption();
    long[] q = e.config().encode(delta(1), 10, new double[0], e.scheme()).quantized();

    Rejection otherKey = assertThrows(Rejection.class, () -> p.submitEncrypted(ref(1, "bank-1"),
        e.scheme().encryptQuantized(q, OTHER_KEYS.publicKey()), 2));
    assertEquals(Reason.INVALID_VALUE, otherKey.reason());
    assertTrue(otherKey.getMessage().contains(OTHER_KEYS.publicKey().keyId())
        && otherKey.getMessage().contains(KEYS.publicKey().keyId()), otherKey.getMessage());

    PackingScheme wider = e.config().scheme(64);
    Rejection packing = assertThrows(Rejection.class, () -> p.submitEncrypted(ref(1, "bank-1"),
        wider.encryptQuantized(q, e.key()), 2));
    assertEquals(Reason.INVALID_VALUE, packing.reason());
    assertTrue(packing.getMessage().contains("packed with"), packing.getMessage());

    Rejection shape = assertThrows(Rejection.class, () -> p.submitEncrypted(ref(1, "bank-1"),
        e.scheme().encryptQuantized(Arrays.copyOf(q, P), e.key()), 2));
    assertEquals(Reason.WRONG_SHAPE, shape.reason());

    PackedCiphertext once = e.scheme().encryptQuantized(q, e.key());
    Rejection twice = assertThrows(Rejection.class,
        () -> p.submitEncrypted(ref(1, "bank-1"), once.add(once), 2));
    assertEquals(Reason.INVALID_VALUE, twice.reason());
    assertTrue(twice.getMessage().contains("summands 1"), twice.getMessage());

    // on the wire: a ciphertext of the wrong size or out of range, or another key id
    PackedEncryptedVector header = PaillierWire.toProto(once).toBuilder().clearValues().build();
    Rejection shortBytes = assertThrows(Rejection.class, () -> WireCodec.packed(header,
        List.of(ByteString.copyFrom(new byte[17])), e.key(), "upload"));
    assertEquals(Reason.INVALID_VALUE, shortBytes.reason());
    byte[] tooLarge = new byte[512];
    Arrays.fill(tooLarge, (byte) 0xff);
    Rejection range = assertThrows(Rejection.class, () -> WireCodec.packed(header,
        List.of(ByteString.copyFrom(tooLarge)), e.key(), "upload"));
    assertEquals(Reason.INVALID_VALUE, range.reason());
    Rejection wrongId = assertThrows(Rejection.class, () -> WireCodec.packed(header,
        PaillierWire.toProto(once).getValuesList(), OTHER_KEYS.publicKey(), "upload"));
    assertEquals(Reason.INVALID_VALUE, wrongId.reason());
    assertTrue(wrongId.getMessage().contains("key_id"), wrongId.getMessage());

    // the refusals cost nothing: a good input is still accepted, a second one is a duplicate
    PackedCiphertext good = WireCodec.packed(header, PaillierWire.toProto(once).getValuesList(),
        e.key(), "upload");
    p.submitEncrypted(ref(1, "bank-1"), good, 2);
    Rejection duplicate = assertThrows(Rejection.class,
        () -> p.submitEncrypted(ref(1, "bank-1"), good, 2));
    assertEquals(Reason.DUPLICATE, duplicate.reason());
  }

  @Test
  void onlyTheKeyHolderSendsTheKeyAndTheSumsAndTheyAreChecked() {
    List<String> ids = banks(3);
    HorizontalTrainingProtocol p = joined(ids, PaillierAggregationConfig.defaults());
    Rejection notHolder = assertThrows(Rejection.class,
        () -> p.submitPaillierKey(ref(1, "bank-1"), OTHER_KEYS.publicKey(), 1));
    assertEquals(Reason.NOT_SELECTED, notHolder.reason());
    sendKey(p, "bank-0", 1, 1);
    Rejection again = assertThrows(Rejection.class,
        () -> p.submitPaillierKey(ref(1, "bank-0"), OTHER_KEYS.publicKey(), 1));
    assertEquals(Reason.STALE_ROUND, again.reason(), "the key phase is over");
    sendInputs(p, ids, ids, 1, 2);

    Rejection early = assertThrows(Rejection.class,
        () -> p.submitDecryptedSum(ref(1, "bank-1"), new long[P + 1], 3));
    assertEquals(Reason.NOT_SELECTED, early.reason());
    long bound = 3 * ((1L << 39) - 1);
    long[] outOfRange = new long[P + 1];
    outOfRange[0] = bound + 1;
    outOfRange[P] = 300 * 32768;
    Rejection range = assertThrows(Rejection.class,
        () -> p.submitDecryptedSum(ref(1, "bank-0"), outOfRange, 3));
    assertEquals(Reason.INVALID_VALUE, range.reason());
    long[] weightless = new long[P + 1];
    Rejection weight = assertThrows(Rejection.class,
        () -> p.submitDecryptedSum(ref(1, "bank-0"), weightless, 3));
    assertEquals(Reason.INVALID_VALUE, weight.reason());
    assertTrue(weight.getMessage().contains("total weight"), weight.getMessage());
    Rejection shape = assertThrows(Rejection.class,
        () -> p.submitDecryptedSum(ref(1, "bank-0"), new long[P], 3));
    assertEquals(Reason.WRONG_SHAPE, shape.reason());
    // the key holder may still answer correctly before the deadline
    decrypt(p, "bank-0", 1, 3);
    assertTrue(rounds.get(0).applied());
  }

  @Test
  void aKeyOfAnotherSizeIsRefused() {
    List<String> ids = banks(2);
    HorizontalTrainingProtocol p = joined(ids, new PaillierAggregationConfig(null, 3072, 40, 15,
        8.0, 1L << 20));
    Task.PaillierKey t = assertInstanceOf(Task.PaillierKey.class, p.poll("bank-0", 1));
    assertEquals(3072, t.modulusBits());
    Rejection r = assertThrows(Rejection.class,
        () -> p.submitPaillierKey(ref(1, "bank-0"), KEYS.publicKey(), 1));
    assertEquals(Reason.INVALID_VALUE, r.reason());
    assertTrue(r.getMessage().contains("2048 bits, the job asks for 3072"), r.getMessage());
  }

  @Test
  void encryptedInputsOutsideAPaillierJobAreWrongPhase() {
    List<String> ids = banks(2);
    ModelSpec spec = ModelSpec.logreg(P - 1, 1);
    HorizontalJobConfig plainCfg = new HorizontalJobConfig(JOB, spec, FEATURES, 1, 2, Set.of(),
        false, PHASE, 10_000, 60_000, 500);
    for (HorizontalJobConfig cfg : List.of(plainCfg,
        plainCfg.withSecureAggregation(SecureAggregationConfig.defaults()))) {
      HorizontalTrainingProtocol p = new RecordingFedAvg(2).protocol(cfg, new ArrayList<>());
      for (String id : ids) {
        p.join(id, FEATURES, true, 0);
      }
      Rejection header = assertThrows(Rejection.class,
          () -> p.precheck(ref(1, "bank-0"), UpdateKind.ENCRYPTED_INPUT, 1, 0, 1));
      assertEquals(Reason.WRONG_PHASE, header.reason());
      assertTrue(header.getMessage().contains("does not use Paillier aggregation"),
          header.getMessage());
      PackedCiphertext input = PaillierAggregationConfig.defaults().scheme(2)
          .encryptQuantized(new long[P + 1], KEYS.publicKey());
      Rejection body = assertThrows(Rejection.class,
          () -> p.submitEncrypted(ref(1, "bank-0"), input, 1));
      assertEquals(Reason.WRONG_PHASE, body.reason());
      Rejection key = assertThrows(Rejection.class,
          () -> p.submitPaillierKey(ref(1, "bank-0"), KEYS.publicKey(), 1));
      assertEquals(Reason.WRONG_PHASE, key.reason());
      Rejection sums = assertThrows(Rejection.class,
          () -> p.precheck(ref(1, "bank-0"), UpdateKind.DECRYPTED_SUM, P + 1, 0, 1));
      assertEquals(Reason.WRONG_PHASE, sums.reason());
    }

    // and the other way round: plaintext deltas and masked inputs in a Paillier job
    HorizontalTrainingProtocol p = joined(ids, PaillierAggregationConfig.defaults());
    sendKey(p, "bank-0", 1, 1);
    Rejection delta = assertThrows(Rejection.class, () -> p.submit(new Update(ref(1, "bank-1"),
        UpdateKind.MODEL_DELTA, 10, new double[P], Map.of()), 2));
    assertEquals(Reason.WRONG_PHASE, delta.reason());
    assertTrue(delta.getMessage().contains("send an ENCRYPTED_INPUT"), delta.getMessage());
    Rejection masked = assertThrows(Rejection.class,
        () -> p.submitMasked(ref(1, "bank-1"), new long[P + 1], 2));
    assertEquals(Reason.WRONG_PHASE, masked.reason());
  }

  @Test
  void configurationsNameTheSettingAtFault() {
    ModelSpec spec = ModelSpec.logreg(P - 1, 1);
    HorizontalJobConfig plain = new HorizontalJobConfig(JOB, spec, FEATURES, 1, 2,
        Set.of("bank-a", "bank-b"), false, PHASE, 10_000, 60_000, 500);
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> new HorizontalJobConfig(JOB, spec, FEATURES, 1, 2, Set.of(), false, PHASE, 10_000,
            60_000, 500, SecureAggregationConfig.defaults(),
            PaillierAggregationConfig.defaults()));
    assertTrue(both.getMessage().contains("mutually exclusive"), both.getMessage());
    IllegalArgumentException stranger = assertThrows(IllegalArgumentException.class,
        () -> plain.withPaillierAggregation(
            PaillierAggregationConfig.defaults().withKeyHolder("bank-z")));
    assertTrue(stranger.getMessage().contains("'bank-z' is not among the allowed"),
        stranger.getMessage());
    IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class,
        () -> new PaillierAggregationConfig(null, 2048, 32, 15, 8.0, 1L << 20));
    assertTrue(narrow.getMessage().contains("use at most 7 fractional bits"), narrow.getMessage());
    IllegalArgumentException modulus = assertThrows(IllegalArgumentException.class,
        () -> new PaillierAggregationConfig(null, 1024, 40, 15, 8.0, 1L << 20));
    assertTrue(modulus.getMessage().contains("modulusBits is 1024"), modulus.getMessage());
  }
}
