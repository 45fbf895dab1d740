package io.fedcredit.crypto.secagg;

import io.fedcredit.crypto.InsecureSecretKeyAccess;
import io.fedcredit.crypto.kex.AgreementKeyPair;
import io.fedcredit.crypto.kex.Kdf;
import io.fedcredit.crypto.pki.KeyAuthentication;
import io.fedcredit.crypto.pki.KeyBinding;
import io.fedcredit.crypto.pki.KeyBindingException;
import io.fedcredit.crypto.secagg.SecAggMessages.MaskedInput;
import io.fedcredit.crypto.secagg.SecAggMessages.PublicKeys;
import io.fedcredit.crypto.secagg.SecAggMessages.Roster;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShare;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShares;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskRequest;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskResponse;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One party's side of a secure-aggregation round, a state machine driven by the coordinator's
 * messages: {@link #advertise()}, {@link #shareKeys}, {@link #maskInput}, {@link #unmask}, each
 * once and in this order. Secrets (private keys, the self-mask seed, received shares) stay inside;
 * {@code toString()} shows only the party and phase. Not thread-safe.
 *
 * <p>With {@link KeyAuthentication#certified} key authentication, the advertised keys carry the
 * party's signature over {@link #binding} and {@link #shareKeys} refuses, with a
 * {@link KeyBindingException}, a roster in which any neighbour's keys are not bound to that
 * neighbour's certificate for this job and round: a coordinator that substitutes keys to read the
 * shares (a man in the middle) is caught before a single share is sealed.
 */
public final class SecAggClient {
  private enum Phase { NEW, ADVERTISED, SHARED, MASKED, DONE }

  private static final int SEED_BYTES = MaskGenerator.SEED_BYTES;
  private static final int KEY_BYTES = AgreementKeyPair.KEY_BYTES;

  private final String self;
  private final SecAggSettings settings;
  private final SecureRandom random;
  private final KeyAuthentication keyAuthentication;
  private Phase phase = Phase.NEW;
  private AgreementKeyPair envelopeKeys;
  private AgreementKeyPair maskKeys;
  private byte[] selfSeed;
  private Roster roster;
  private Set<String> neighbours;
  // shares this party holds, by owner: [self-mask seed share, mask key share]
  private final Map<String, Share[]> held = new HashMap<>();
  private Set<String> sharers;

  /** A client whose keys are neither signed nor checked (no certificates: tests, demos). */
  public SecAggClient(String self, SecAggSettings settings, SecureRandom random) {
    this(self, settings, random, KeyAuthentication.unauthenticated());
  }

  /**
   * A client that signs its round keys and checks its neighbours' as {@code keyAuthentication}
   * says.
   */
  public SecAggClient(String self, SecAggSettings settings, SecureRandom random,
      KeyAuthentication keyAuthentication) {
    this.self = self;
    this.settings = settings;
    this.random = random;
    this.keyAuthentication = java.util.Objects.requireNonNull(keyAuthentication,
        "keyAuthentication");
  }

  /** What {@link KeyBinding#purpose()} secure aggregation's round keys are announced for. */
  public static final String KEY_PURPOSE = "secagg/round-keys";

  /**
   * The binding a party signs for its round keys: purpose {@link #KEY_PURPOSE}, the job, the
   * round, the party, and its envelope key then its mask key.
   */
  public static KeyBinding binding(SecAggSettings settings, String party, byte[] envelopeKey,
      byte[] maskKey) {
    return binding(settings.jobId(), settings.round(), party, envelopeKey, maskKey);
  }

  /** {@link #binding(SecAggSettings, String, byte[], byte[])} for a job and round. */
  public static KeyBinding binding(String jobId, long round, String party, byte[] envelopeKey,
      byte[] maskKey) {
    return new KeyBinding(KEY_PURPOSE, jobId, Long.toString(round), party,
        List.of(envelopeKey, maskKey));
  }

  /**
   * Phase 0: fresh key pairs for this round; returns the public halves, signed when key
   * authentication is certified.
   */
  public PublicKeys advertise() {
    expect(Phase.NEW, "advertise");
    envelopeKeys = AgreementKeyPair.generate(random);
    maskKeys = AgreementKeyPair.generate(random);
    phase = Phase.ADVERTISED;
    byte[] env = envelopeKeys.publicKey();
    byte[] mask = maskKeys.publicKey();
    return new PublicKeys(self, env, mask,
        keyAuthentication.attest(binding(settings, self, env, mask)));
  }

  /**
   * Phase 1: draws the self-mask seed, Shamir-shares it and the mask private key among the
   * neighbourhood, and seals each neighbour's pair of shares for that neighbour alone.
   *
   * @throws SecureAggregationException if the roster lacks this party or misstates its keys, or
   *     its threshold is wrong
   * @throws KeyBindingException under certified key authentication, if a neighbour's keys are
   *     not bound to its certificate for this job and round
   */
  public SealedShares shareKeys(Roster roster) {
    expect(Phase.ADVERTISED, "share keys");
    PublicKeys mine = roster.keysOf(self);
    if (!Arrays.equals(mine.envelopeKey(), envelopeKeys.publicKey())
        || !Arrays.equals(mine.maskKey(), maskKeys.publicKey())) {
      throw new SecureAggregationException(self + ": the roster misstates this party's keys");
    }
    if (new HashSet<>(roster.ids()).size() != roster.parties().size()) {
      throw new SecureAggregationException(self + ": the roster lists a party twice");
    }
    if (!roster.graph().equals(settings.graph())) {
      throw new SecureAggregationException(self + ": roster graph " + roster.graph()
          + " differs from the agreed " + settings.graph());
    }
    int expected = settings.threshold(roster.parties().size());
    if (roster.threshold() != expected) {
      throw new SecureAggregationException(self + ": roster threshold " + roster.threshold()
          + " differs from the agreed " + expected);
    }
    Set<String> around = roster.graph().neighbours(self, roster.ids());
    for (String n : around) {
      PublicKeys k = roster.keysOf(n);
      keyAuthentication.verify(binding(settings, n, k.envelopeKey(), k.maskKey()),
          k.attestation());
    }
    this.roster = roster;
    this.neighbours = around;
    selfSeed = new byte[SEED_BYTES];
    random.nextBytes(selfSeed);

    List<String> holders = new java.util.ArrayList<>(neighbours);
    holders.add(self);
    int[] xs = holders.stream().mapToInt(roster::pointOf).toArray();
    List<Share> seedShares = ShamirSharing.split(selfSeed, xs, roster.threshold(), random);
    List<Share> keyShares =
        ShamirSharing.split(maskKeys.privateKeyForSharing(InsecureSecretKeyAccess.get()), xs,
            roster.threshold(), random);
    Map<String, byte[]> envelopes = new LinkedHashMap<>();
    for (int i = 0; i < holders.size(); i++) {
      String to = holders.get(i);
      if (to.equals(self)) {
        held.put(self, new Share[] {seedShares.get(i), keyShares.get(i)});
        continue;
      }
      byte[] plain = new byte[2 * Share.ENCODED_BYTES];
      System.arraycopy(seedShares.get(i).toBytes(), 0, plain, 0, Share.ENCODED_BYTES);
      System.arraycopy(keyShares.get(i).toBytes(), 0, plain, Share.ENCODED_BYTES,
          Share.ENCODED_BYTES);
      byte[] agreement = envelopeKeys.agree(roster.keysOf(to).envelopeKey());
      envelopes.put(to, ShareEnvelope.seal(agreement,
          ShareEnvelope.context(settings.jobId(), settings.round(), self, to), plain, random));
    }
    phase = Phase.SHARED;
    return new SealedShares(self, envelopes);
  }

  /**
   * Phase 2: opens the envelopes received, then masks the input with the self mask and with a
   * pairwise mask for every neighbour that shared (added when this party's id sorts first,
   * subtracted otherwise, so pairs cancel in the sum). The input is not modified.
   *
   * @param input the party's vector over Z/2^64 (e.g. from {@link FixedPointRing})
   * @param inbox envelopes the coordinator relayed to this party
   * @throws SecureAggregationException if an envelope fails to authenticate or comes from a
   *     party that is not a neighbour
   */
  public MaskedInput maskInput(long[] input, List<SealedShare> inbox) {
    expect(Phase.SHARED, "mask its input");
    sharers = new HashSet<>();
    sharers.add(self);
    for (SealedShare s : inbox) {
      if (!neighbours.contains(s.from())) {
        throw new SecureAggregationException(self + ": envelope from '" + s.from()
            + "', which is not a neighbour");
      }
      if (!sharers.add(s.from())) {
        throw new SecureAggregationException(self + ": two envelopes from '" + s.from() + "'");
      }
      byte[] agreement = envelopeKeys.agree(roster.keysOf(s.from()).envelopeKey());
      byte[] plain = ShareEnvelope.open(agreement,
          ShareEnvelope.context(settings.jobId(), settings.round(), s.from(), self),
          s.envelope());
      if (plain.length != 2 * Share.ENCODED_BYTES) {
        throw new SecureAggregationException(self + ": envelope from '" + s.from()
            + "' has the wrong length");
      }
      Share seedShare = Share.fromBytes(Arrays.copyOf(plain, Share.ENCODED_BYTES));
      Share keyShare = Share.fromBytes(Arrays.copyOfRange(plain, Share.ENCODED_BYTES,
          plain.length));
      int mine = roster.pointOf(self);
      if (seedShare.x() != mine || keyShare.x() != mine) {
        throw new SecureAggregationException(self + ": shares from '" + s.from()
            + "' are for another party");
      }
      held.put(s.from(), new Share[] {seedShare, keyShare});
    }
    long[] y = input.clone();
    MaskGenerator.apply(selfSeed, y, true);
    for (String v : sharers) {
      if (!v.equals(self)) {
        MaskGenerator.apply(pairwiseSeed(maskKeys, self, roster.keysOf(v).maskKey(), v,
            settings), y, self.compareTo(v) < 0);
      }
    }
    phase = Phase.MASKED;
    return new MaskedInput(self, y);
  }

  /**
   * Phase 3: reveals the shares the coordinator needs, after checking the request cannot reveal
   * both masks of any party: survivors and dropped parties must be disjoint, must have shared,
   * and the survivors must reach the threshold.
   *
   * @throws SecureAggregationException if the request is unsafe
   */
  public UnmaskResponse unmask(UnmaskRequest request) {
    expect(Phase.MASKED, "unmask");
    Set<String> survivors = new HashSet<>(request.survivors());
    Set<String> dropped = new HashSet<>(request.dropped());
    if (survivors.size() != request.survivors().size()
        || dropped.size() != request.dropped().size()) {
      throw new SecureAggregationException(self + ": unmask request repeats a party");
    }
    for (String d : dropped) {
      if (survivors.contains(d)) {
        throw new SecureAggregationException(self + ": unmask request names '" + d
            + "' as both survivor and dropped; refusing to reveal both of its masks");
      }
    }
    if (!survivors.contains(self)) {
      throw new SecureAggregationException(self + ": asked to unmask but not listed as a "
          + "survivor");
    }
    if (survivors.size() < roster.threshold()) {
      throw new BelowThresholdException("unmasking", survivors.size(), roster.threshold());
    }
    Map<String, Share> seedShares = new LinkedHashMap<>();
    Map<String, Share> keyShares = new LinkedHashMap<>();
    for (Map.Entry<String, Share[]> e : held.entrySet()) {
      String owner = e.getKey();
      if (survivors.contains(owner)) {
        seedShares.put(owner, e.getValue()[0]);
      } else if (dropped.contains(owner)) {
        keyShares.put(owner, e.getValue()[1]);
      }
    }
    for (String s : survivors) {
      if (!roster.ids().contains(s)) {
        throw new SecureAggregationException(self + ": unknown survivor '" + s + "'");
      }
    }
    phase = Phase.DONE;
    Arrays.fill(selfSeed, (byte) 0);
    return new UnmaskResponse(self, seedShares, keyShares);
  }

  /** The pairwise seed of {@code a} and {@code b}: HKDF of their X25519 agreement, symmetric. */
  static byte[] pairwiseSeed(AgreementKeyPair mine, String me, byte[] peerMaskKey, String peer,
      SecAggSettings settings) {
    String lo = me.compareTo(peer) < 0 ? me : peer;
    String hi = me.compareTo(peer) < 0 ? peer : me;
    return Kdf.derive(mine.agree(peerMaskKey), null, Kdf.info("fedcredit/secagg/pairwise/v1",
        settings.jobId(), Long.toString(settings.round()), lo, hi), SEED_BYTES);
  }

  private void expect(Phase p, String action) {
    if (phase != p) {
      throw new SecureAggregationException(self + " cannot " + action + " in phase " + phase
          + " of round " + settings.round());
    }
  }

  @Override
  public String toString() {
    return "SecAggClient[" + self + ", round " + settings.round() + ", " + phase + "]";
  }
}
