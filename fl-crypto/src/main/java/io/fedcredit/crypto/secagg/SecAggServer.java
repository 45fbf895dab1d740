package io.fedcredit.crypto.secagg;

import io.fedcredit.crypto.MalformedKeyException;
import io.fedcredit.crypto.kex.AgreementKeyPair;
import io.fedcredit.crypto.secagg.SecAggMessages.MaskedInput;
import io.fedcredit.crypto.secagg.SecAggMessages.PublicKeys;
import io.fedcredit.crypto.secagg.SecAggMessages.Roster;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShare;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShares;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskRequest;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The coordinator's side of a secure-aggregation round: collects public keys, relays sealed
 * shares it cannot open, sums masked inputs as they arrive (it never keeps one), and removes the
 * masks from the sum with the shares the survivors reveal. Phases are closed by the caller
 * (when everyone has answered or at a deadline); a phase that ends with fewer parties than the
 * threshold throws {@link BelowThresholdException} and the round must be abandoned. Not
 * thread-safe; the caller serializes access.
 */
public final class SecAggServer {
  private enum Phase { ADVERTISE, SHARE, MASKED_INPUT, UNMASK, DONE }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final SecAggSettings settings;
  private final Set<String> selected;
  private final int length;
  private Phase phase = Phase.ADVERTISE;

  private final Map<String, PublicKeys> keys = new TreeMap<>();
  private Roster roster;
  private final Map<String, SealedShares> shares = new LinkedHashMap<>();
  private final Set<String> survivors = new LinkedHashSet<>();
  private long[] sum;
  private List<String> dropped;
  private final Map<String, UnmaskResponse> responses = new LinkedHashMap<>();

  /**
   * @param selected the parties asked to take part
   * @param length length of every input vector
   */
  public SecAggServer(SecAggSettings settings, List<String> selected, int length) {
    this.settings = settings;
    this.selected = new LinkedHashSet<>(selected);
    this.length = length;
  }

  /** Phase 0: a party's public keys. */
  public void receiveKeys(PublicKeys k) {
    expect(Phase.ADVERTISE, k.party(), "public keys");
    if (!selected.contains(k.party())) {
      throw new SecureAggregationException("'" + k.party() + "' was not selected for round "
          + settings.round());
    }
    try {
      AgreementKeyPair.requireUsable(k.envelopeKey(), RANDOM);
      AgreementKeyPair.requireUsable(k.maskKey(), RANDOM);
    } catch (MalformedKeyException e) {
      throw new SecureAggregationException("'" + k.party() + "': " + e.getMessage());
    }
    if (keys.putIfAbsent(k.party(), k) != null) {
      throw new SecureAggregationException("'" + k.party() + "' already sent its keys");
    }
  }

  /**
   * Ends phase 0. The roster is sorted by party id.
   *
   * @throws BelowThresholdException if fewer than the threshold advertised
   */
  public Roster closeAdvertise() {
    expect(Phase.ADVERTISE, "coordinator", "closing the advertise phase");
    int t = settings.threshold(keys.size());
    if (keys.size() < t) {
      throw abort("advertise", keys.size(), t);
    }
    roster = new Roster(new ArrayList<>(keys.values()), t, settings.graph());
    phase = Phase.SHARE;
    return roster;
  }

  /** Phase 1: a party's sealed shares, one envelope per neighbour. */
  public void receiveShares(SealedShares s) {
    expect(Phase.SHARE, s.from(), "shares");
    if (roster.pointOf(s.from()) < 0) {
      throw new SecureAggregationException("'" + s.from() + "' is not on the roster");
    }
    Set<String> expectedTo = roster.graph().neighbours(s.from(), roster.ids());
    if (!s.envelopes().keySet().equals(expectedTo)) {
      throw new SecureAggregationException("'" + s.from() + "' sent envelopes for "
          + new TreeMap<>(s.envelopes()).keySet() + ", expected its neighbours " + expectedTo);
    }
    if (shares.putIfAbsent(s.from(), s) != null) {
      throw new SecureAggregationException("'" + s.from() + "' already sent its shares");
    }
  }

  /**
   * Ends phase 1.
   *
   * @return each sharing party's inbox: the envelopes addressed to it
   * @throws BelowThresholdException if fewer than the threshold shared
   */
  public Map<String, List<SealedShare>> closeShares() {
    expect(Phase.SHARE, "coordinator", "closing the share phase");
    if (shares.size() < roster.threshold()) {
      throw abort("share keys", shares.size(), roster.threshold());
    }
    Map<String, List<SealedShare>> inbox = new LinkedHashMap<>();
    for (String u : shares.keySet()) {
      inbox.put(u, new ArrayList<>());
    }
    for (SealedShares s : shares.values()) {
      for (Map.Entry<String, byte[]> e : s.envelopes().entrySet()) {
        List<SealedShare> box = inbox.get(e.getKey());
        if (box != null) {
          box.add(new SealedShare(s.from(), e.getValue()));
        }
      }
    }
    sum = new long[length];
    phase = Phase.MASKED_INPUT;
    return inbox;
  }

  /** Phase 2: adds a masked input to the running sum (mod 2^64) and forgets it. */
  public void receiveMaskedInput(MaskedInput in) {
    expect(Phase.MASKED_INPUT, in.from(), "a masked input");
    if (!shares.containsKey(in.from())) {
      throw new SecureAggregationException("'" + in.from() + "' did not share its keys in "
          + "round " + settings.round());
    }
    if (in.masked().length != length) {
      throw new SecureAggregationException("'" + in.from() + "' sent " + in.masked().length
          + " values, expected " + length);
    }
    if (!survivors.add(in.from())) {
      throw new SecureAggregationException("'" + in.from() + "' already sent its input");
    }
    long[] y = in.masked();
    for (int i = 0; i < length; i++) {
      sum[i] += y[i];
    }
  }

  /**
   * Ends phase 2.
   *
   * @throws BelowThresholdException if fewer than the threshold sent inputs
   */
  public UnmaskRequest closeMaskedInputs() {
    expect(Phase.MASKED_INPUT, "coordinator", "closing the masked-input phase");
    if (survivors.size() < roster.threshold()) {
      throw abort("masked input", survivors.size(), roster.threshold());
    }
    dropped = new ArrayList<>();
    for (String u : shares.keySet()) {
      if (!survivors.contains(u)) {
        dropped.add(u);
      }
    }
    phase = Phase.UNMASK;
    return new UnmaskRequest(new ArrayList<>(survivors), dropped);
  }

  /** Phase 3: a survivor's shares. */
  public void receiveUnmask(UnmaskResponse r) {
    expect(Phase.UNMASK, r.from(), "unmask shares");
    if (!survivors.contains(r.from())) {
      throw new SecureAggregationException("'" + r.from() + "' is not a survivor");
    }
    int point = roster.pointOf(r.from());
    for (Share s : r.selfMaskShares().values()) {
      checkPoint(r.from(), s, point);
    }
    for (Share s : r.maskKeyShares().values()) {
      checkPoint(r.from(), s, point);
    }
    if (responses.putIfAbsent(r.from(), r) != null) {
      throw new SecureAggregationException("'" + r.from() + "' already sent unmask shares");
    }
  }

  private static void checkPoint(String from, Share s, int point) {
    if (s.x() != point) {
      throw new SecureAggregationException("'" + from + "' sent a share for point " + s.x()
          + ", its own is " + point);
    }
  }

  /**
   * Ends phase 3: reconstructs the survivors' self-mask seeds and the dropped parties' mask keys
   * and removes every mask.
   *
   * @return the sum over the survivors of their inputs, mod 2^64
   * @throws BelowThresholdException if a secret has fewer than the threshold shares
   */
  public long[] closeUnmask() {
    expect(Phase.UNMASK, "coordinator", "closing the unmask phase");
    if (responses.size() < roster.threshold()) {
      throw abort("unmask", responses.size(), roster.threshold());
    }
    int t = roster.threshold();
    for (String u : survivors) {
      byte[] seed = ShamirSharing.reconstruct(collect(u, true), t, MaskGenerator.SEED_BYTES);
      MaskGenerator.apply(seed, sum, false);
    }
    for (String v : dropped) {
      byte[] key = ShamirSharing.reconstruct(collect(v, false), t, AgreementKeyPair.KEY_BYTES);
      AgreementKeyPair vKeys = AgreementKeyPair.fromPrivateKey(key);
      if (!java.util.Arrays.equals(vKeys.publicKey(), roster.keysOf(v).maskKey())) {
        throw new SecureAggregationException("the mask key reconstructed for '" + v
            + "' does not match its public key: inconsistent shares");
      }
      for (String u : roster.graph().neighbours(v, roster.ids())) {
        if (survivors.contains(u)) {
          byte[] seed = SecAggClient.pairwiseSeed(vKeys, v, roster.keysOf(u).maskKey(), u,
              settings);
          // u added the pair's mask when u sorts first, subtracted it otherwise: undo that
          MaskGenerator.apply(seed, sum, u.compareTo(v) > 0);
        }
      }
    }
    phase = Phase.DONE;
    return sum;
  }

  private List<Share> collect(String owner, boolean selfMask) {
    List<Share> out = new ArrayList<>();
    for (UnmaskResponse r : responses.values()) {
      Share s = (selfMask ? r.selfMaskShares() : r.maskKeyShares()).get(owner);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** Parties whose inputs are in the sum (after phase 2). */
  public List<String> survivors() {
    return List.copyOf(survivors);
  }

  /** Parties that shared keys but sent no input (after phase 2). */
  public List<String> dropped() {
    return dropped == null ? List.of() : List.copyOf(dropped);
  }

  /** The roster (after phase 0). */
  public Roster roster() {
    return roster;
  }

  private BelowThresholdException abort(String phaseName, int remaining, int threshold) {
    phase = Phase.DONE;
    return new BelowThresholdException("round " + settings.round() + ", " + phaseName,
        remaining, threshold);
  }

  private void expect(Phase p, String who, String what) {
    if (phase != p) {
      throw new SecureAggregationException("round " + settings.round() + ": " + what + " from "
          + who + " arrived in phase " + phase);
    }
  }

  @Override
  public String toString() {
    return "SecAggServer[round " + settings.round() + ", " + phase + ", " + keys.size()
        + " advertised, " + shares.size() + " shared, " + survivors.size() + " inputs]";
  }
}
