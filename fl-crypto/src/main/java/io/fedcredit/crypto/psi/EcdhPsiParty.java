package io.fedcredit.crypto.psi;

import io.fedcredit.crypto.psi.EcdhPsiMessages.BlindedSet;
import io.fedcredit.crypto.psi.EcdhPsiMessages.DoubleBlindedSet;
import io.fedcredit.crypto.psi.EcdhPsiSettings.Reveal;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One party's side of a Diffie-Hellman private set intersection (Huberman, Franklin and Hogg, EC
 * 1999; Meadows 1986) on curve25519, as a state machine over messages; it opens no socket.
 *
 * <p><b>Flow.</b> Each party calls {@link #blindOwnSet()} and sends the {@link BlindedSet} (its ids
 * hashed to the curve, raised to its fresh secret scalar, shuffled). On the peer's set it calls
 * {@link #receivePeerSet}, which raises every element to its own scalar and returns the
 * {@link DoubleBlindedSet} the peer needs, in received order, when the peer is to learn the
 * intersection. A party that is to learn it calls {@link #finish} on the reply to its own set: its
 * ids whose doubly-blinded value also occurs among the peer's are the intersection. Both sides
 * order it by the doubly-blinded value, so row i of the guest and row i of the host are the same
 * enterprise and the order says nothing about the ids. With {@link Reveal#GUEST_ONLY} only the
 * host replies; the guest may later send {@link #alignedPositionsForHost()} to tell the host the
 * intersection in that order ({@link #acceptAlignedPositions}).
 *
 * <p><b>What each side learns</b> (semi-honest parties): the intersection and the size of the
 * other's set. Ids outside the intersection leave their owner only as H(id)^k under a scalar the
 * other never sees; under DDH in the prime-order subgroup with H a random oracle, those are
 * indistinguishable from random points, so the other side cannot test guesses against them (no
 * plain hash of an id is ever sent). See the package documentation for the full argument and for
 * what a malicious party could do.
 *
 * <p>Each step may be taken once; {@link #blindOwnSet()} and {@link #receivePeerSet} in either
 * order. The secret scalar is zeroed when the party has nothing left to compute. Not thread-safe
 * (steps use several threads internally). {@code toString()} shows role, session and sizes only.
 */
public final class EcdhPsiParty {
  /** The hash-to-curve tag of this protocol (RFC 9380 suite id with FedCredit's application). */
  static final byte[] DST = HashToCurve25519.dst(
      "FedCredit-PSI-V01-CS01-with-curve25519_XMD:SHA-512_ELL2_RO_");

  private final PsiRole role;
  private final EcdhPsiSettings settings;
  private final IdList ids;
  private final BlindingKey key;
  private final SecureRandom random;
  /** permutation[i] = own row sent at position i of the blinded set. */
  private int[] permutation;
  /** The peer's elements raised to this party's scalar, in the peer's order, and their index. */
  private byte[] peerDoubleBlinded;
  private ElementIndex peerIndex;
  private int peerSetSize = -1;
  private boolean sent;
  private boolean finished;
  /** Positions in the peer's blinded set of the intersection, aligned (guest only). */
  private int[] peerPositions;

  private EcdhPsiParty(PsiRole role, List<String> ids, EcdhPsiSettings settings,
      SecureRandom random) {
    this.role = Objects.requireNonNull(role, "role");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = Objects.requireNonNull(random, "random");
    this.ids = IdList.of(Objects.requireNonNull(ids, "ids"), settings.maxSetSize(),
        label());
    this.key = BlindingKey.generate(random);
  }

  /**
   * The guest (label holder) of a session.
   *
   * @param ids the guest's ids, each once (copied; the list is not modified)
   * @param settings the session's settings, the same on both sides
   * @param random randomness for the scalar and the shuffle
   * @throws DuplicateIdException if an id appears twice
   * @throws PsiProtocolException if there are more ids than {@code settings.maxSetSize()}
   */
  public static EcdhPsiParty guest(List<String> ids, EcdhPsiSettings settings,
      SecureRandom random) {
    return new EcdhPsiParty(PsiRole.GUEST, ids, settings, random);
  }

  /**
   * The host (feature holder) of a session.
   *
   * @param ids the host's ids, each once (copied; the list is not modified)
   * @param settings the session's settings, the same on both sides
   * @param random randomness for the scalar and the shuffle
   * @throws DuplicateIdException if an id appears twice
   * @throws PsiProtocolException if there are more ids than {@code settings.maxSetSize()}
   */
  public static EcdhPsiParty host(List<String> ids, EcdhPsiSettings settings,
      SecureRandom random) {
    return new EcdhPsiParty(PsiRole.HOST, ids, settings, random);
  }

  /** This party's role. */
  public PsiRole role() {
    return role;
  }

  /**
   * Step 1: hashes every own id to the curve, raises it to the secret scalar and shuffles.
   *
   * @return the message for the peer
   * @throws PsiProtocolException if called twice
   */
  public BlindedSet blindOwnSet() {
    if (sent) {
      throw protocol("has already sent its blinded set");
    }
    int n = ids.size();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    byte[] blinded = GroupBatch.hashAndBlind(n, i -> ids.bytes(perm[i]), DST, key.words(),
        settings.parallelism());
    permutation = perm;
    sent = true;
    wipeKeyIfDone();
    return new BlindedSet(settings.sessionId(), role, BlindedElements.wrap(blinded));
  }

  /**
   * Step 2: raises the peer's blinded set to this party's scalar and keeps the result for
   * matching.
   *
   * @param peerSet the peer's {@link BlindedSet}
   * @return the reply the peer needs to learn the intersection, in the order received; empty when
   *     the settings reveal the intersection only to this party (a guest under
   *     {@link Reveal#GUEST_ONLY})
   * @throws PsiProtocolException if the message is from another session, from this party's own
   *     role, larger than the session allows, repeats an element, or comes twice
   * @throws MalformedPointException if an element has small order
   */
  public Optional<DoubleBlindedSet> receivePeerSet(BlindedSet peerSet) {
    Objects.requireNonNull(peerSet, "peerSet");
    if (peerDoubleBlinded != null) {
      throw protocol("has already received the peer's blinded set");
    }
    checkFrom(peerSet.sessionId(), peerSet.sender(), "blinded set");
    int m = peerSet.elements().size();
    if (m > settings.maxSetSize()) {
      throw protocol("the peer's blinded set has " + m + " elements, more than the session's "
          + "limit of " + settings.maxSetSize());
    }
    byte[] doubled = GroupBatch.blind(peerSet.elements().raw(), key.words(),
        settings.parallelism(), label() + ", the peer's blinded set");
    // equal double-blinded values mean equal inputs up to a small-order component: refuse them
    ElementIndex index = ElementIndex.build(doubled, BlindedElements.ELEMENT_BYTES,
        label() + ", the peer's blinded set");
    peerDoubleBlinded = doubled;
    peerIndex = index;
    peerSetSize = m;
    wipeKeyIfDone();
    boolean peerLearns = settings.reveal() == Reveal.BOTH || role == PsiRole.HOST;
    if (!peerLearns) {
      return Optional.empty();
    }
    return Optional.of(new DoubleBlindedSet(settings.sessionId(), role,
        BlindedElements.wrap(doubled)));
  }

  /**
   * Step 3, for a party that learns the intersection: matches the peer's reply to this party's
   * blinded set against the peer's doubly-blinded set.
   *
   * @param reply the peer's {@link DoubleBlindedSet}
   * @return the intersection in aligned order
   * @throws PsiProtocolException if this party does not learn the intersection under the
   *     settings, has not sent its set or received the peer's yet, has finished already, or the
   *     reply is from another session, has another size than the set sent, or repeats a value
   * @throws MalformedPointException if a value is the identity
   */
  public PsiResult finish(DoubleBlindedSet reply) {
    Objects.requireNonNull(reply, "reply");
    if (settings.reveal() == Reveal.GUEST_ONLY && role == PsiRole.HOST) {
      throw protocol("does not learn the intersection when it is revealed to the guest only; "
          + "wait for the guest's aligned positions");
    }
    if (finished) {
      throw protocol("has already finished");
    }
    if (!sent || peerDoubleBlinded == null) {
      throw protocol("needs to send its blinded set and receive the peer's before finishing");
    }
    checkFrom(reply.sessionId(), reply.sender(), "double-blinded set");
    byte[] mine = reply.elements().raw();
    int n = mine.length / BlindedElements.ELEMENT_BYTES;
    if (n != permutation.length) {
      throw protocol("the peer's reply has " + n + " elements for the " + permutation.length
          + " sent");
    }
    int zero = GroupBatch.firstZero(mine);
    if (zero >= 0) {
      throw new MalformedPointException(zero, label() + ": element " + zero
          + " of the peer's reply is the identity");
    }
    ElementIndex.build(mine, BlindedElements.ELEMENT_BYTES, label() + ", the peer's reply");
    int[] matchedPositions = new int[Math.min(n, peerSetSize)];
    int[] peerPos = new int[matchedPositions.length];
    int count = 0;
    for (int i = 0; i < n; i++) {
      int p = peerIndex.find(mine, i * BlindedElements.ELEMENT_BYTES);
      if (p >= 0) {
        matchedPositions[count] = i;
        peerPos[count++] = p;
      }
    }
    byte[] values = new byte[count * BlindedElements.ELEMENT_BYTES];
    for (int c = 0; c < count; c++) {
      System.arraycopy(mine, matchedPositions[c] * BlindedElements.ELEMENT_BYTES, values,
          c * BlindedElements.ELEMENT_BYTES, BlindedElements.ELEMENT_BYTES);
    }
    int[] order = ElementIndex.sortedPositions(values, BlindedElements.ELEMENT_BYTES);
    int[] rows = new int[count];
    int[] alignedPeer = new int[count];
    for (int c = 0; c < count; c++) {
      rows[c] = permutation[matchedPositions[order[c]]];
      alignedPeer[c] = peerPos[order[c]];
    }
    peerPositions = alignedPeer;
    finished = true;
    peerDoubleBlinded = null;
    peerIndex = null;
    return new PsiResult(ids.at(rows), rows, peerSetSize);
  }

  /**
   * For the guest under {@link Reveal#GUEST_ONLY}, after {@link #finish}: the positions in the
   * host's blinded set of the intersection, in aligned order. Sending it reveals the intersection
   * (and nothing else) to the host.
   *
   * @throws PsiProtocolException if this is not a guest under GUEST_ONLY that has finished
   */
  public AlignedPositions alignedPositionsForHost() {
    if (role != PsiRole.GUEST || settings.reveal() != Reveal.GUEST_ONLY || peerPositions == null) {
      throw protocol("only a guest that has finished under GUEST_ONLY sends aligned positions");
    }
    return new AlignedPositions(settings.sessionId(), peerPositions);
  }

  /**
   * For the host under {@link Reveal#GUEST_ONLY}: the intersection the guest revealed, as
   * positions in this host's blinded set.
   *
   * @throws PsiProtocolException if this is not a host under GUEST_ONLY that sent its set, the
   *     session differs, or a position is out of range or repeated
   */
  public PsiResult acceptAlignedPositions(AlignedPositions positions) {
    Objects.requireNonNull(positions, "positions");
    if (role != PsiRole.HOST || settings.reveal() != Reveal.GUEST_ONLY || !sent) {
      throw protocol("only a host under GUEST_ONLY that sent its set accepts aligned positions");
    }
    if (finished) {
      throw protocol("has already accepted aligned positions");
    }
    if (!positions.sessionId().equals(settings.sessionId())) {
      throw protocol("aligned positions for session '" + positions.sessionId() + "'");
    }
    int[] rows = PsiChecks.rowsAt(positions.positions(), permutation, label());
    finished = true;
    return new PsiResult(ids.at(rows), rows, peerSetSize);
  }

  private void wipeKeyIfDone() {
    if (sent && peerDoubleBlinded != null) {
      key.destroy();
    }
  }

  private void checkFrom(String sessionId, PsiRole sender, String what) {
    if (!settings.sessionId().equals(sessionId)) {
      throw protocol("received a " + what + " for session '" + sessionId + "'");
    }
    if (sender != role.peer()) {
      throw protocol("received a " + what + " from " + sender + ", not from the "
          + role.peer());
    }
  }

  private String label() {
    return "session '" + settings.sessionId() + "', " + role;
  }

  private PsiProtocolException protocol(String message) {
    return new PsiProtocolException(label() + " " + message);
  }

  @Override
  public String toString() {
    return "EcdhPsiParty[" + role + ", session " + settings.sessionId() + ", " + ids.size()
        + " ids" + (finished ? ", finished" : "") + "]";
  }
}
