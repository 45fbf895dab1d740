package io.fedcredit.crypto.psi;

import io.fedcredit.crypto.psi.OprfPsiMessages.BlindedQuery;
import io.fedcredit.crypto.psi.OprfPsiMessages.EvaluatedQuery;
import io.fedcredit.crypto.psi.OprfPsiMessages.ServerTags;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The small side of the unbalanced PSI (a bank): blinds its ids with a random scalar r
 * ({@link #query()}), has the server raise them to its key, removes r and compares the resulting
 * OPRF tags with the server's precomputed ones ({@link #finish}). It learns which of its ids the
 * server holds, and the server's set size; the server learns how many ids it queried. See
 * {@link OprfPsiServer} for the protocol and its trade-off.
 *
 * <p>The intersection is ordered by tag, which both sides can compute, so
 * {@link #alignedPositionsForServer()} tells the server the same aligned order (and reveals the
 * intersection to it). One session per object; the scalars r and 1/r are zeroed after
 * {@link #finish}. Not thread-safe. {@code toString()} shows the session and size only.
 */
public final class OprfPsiClient {
  private static final int B = X25519.BYTES;
  private static final int T = OprfPsiMessages.TAG_BYTES;

  private final String sessionId;
  private final IdList ids;
  private final int parallelism;
  private final long[] r;
  private final long[] rInverse;
  private boolean queried;
  private int[] alignedPositions;

  private OprfPsiClient(String sessionId, IdList ids, int parallelism, SecureRandom random) {
    this.sessionId = sessionId;
    this.ids = ids;
    this.parallelism = parallelism;
    BigInteger rr;
    do {
      rr = new BigInteger(253, random);
    } while (rr.signum() == 0 || rr.compareTo(BlindingKey.ORDER) >= 0);
    this.r = words(rr);
    this.rInverse = words(rr.modInverse(BlindingKey.ORDER));
  }

  /**
   * A client for one session.
   *
   * @param sessionId names the session in the query
   * @param ids the client's ids, each once (copied; not modified)
   * @param parallelism threads, 1 to 256
   * @param random randomness for the blinding scalar
   * @throws DuplicateIdException if an id appears twice
   * @throws io.fedcredit.crypto.InvalidParametersException if the parallelism is out of range
   */
  public static OprfPsiClient create(String sessionId, List<String> ids, int parallelism,
      SecureRandom random) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(random, "random");
    OprfPsiServer.checkParallelism(parallelism);
    IdList list = IdList.of(Objects.requireNonNull(ids, "ids"), EcdhPsiSettings.MAX_SET_SIZE,
        "session '" + sessionId + "', unbalanced PSI client");
    return new OprfPsiClient(sessionId, list, parallelism, random);
  }

  /**
   * The blinded query: H(id)^r for every id, in input order.
   *
   * @throws PsiProtocolException if called twice
   */
  public BlindedQuery query() {
    if (queried) {
      throw protocol("has already sent its query");
    }
    queried = true;
    byte[] blinded = GroupBatch.hashAndBlind(ids.size(), ids::bytes, OprfPsiServer.DST, r,
        parallelism);
    return new BlindedQuery(sessionId, BlindedElements.wrap(blinded));
  }

  /**
   * Removes the blinding from the server's answer and matches the tags.
   *
   * @param tags the server's precomputed tags
   * @param answer the server's evaluation of this client's query
   * @return this client's ids that the server holds, ordered by tag
   * @throws PsiProtocolException if there was no query, the session or key differs between the
   *     messages, the answer's size differs from the query's, or the tags are not sorted
   * @throws MalformedPointException if an answered element has small order
   */
  public PsiResult finish(ServerTags tags, EvaluatedQuery answer) {
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(answer, "answer");
    if (!queried || alignedPositions != null) {
      throw protocol("finishes once, after its query");
    }
    if (!answer.sessionId().equals(sessionId)) {
      throw protocol("received an answer for session '" + answer.sessionId() + "'");
    }
    if (!answer.keyId().equals(tags.keyId())) {
      throw protocol("the answer was made with key " + answer.keyId()
          + " but the tags with key " + tags.keyId());
    }
    int n = answer.elements().size();
    if (n != ids.size()) {
      throw protocol("the answer has " + n + " elements for the " + ids.size() + " queried");
    }
    byte[] t = tags.raw();
    for (int p = 1; p < tags.size(); p++) {
      if (Arrays.compareUnsigned(t, (p - 1) * T, p * T, t, p * T, (p + 1) * T) >= 0) {
        throw protocol("the server's tags are not strictly sorted at position " + p);
      }
    }
    byte[] unblinded = GroupBatch.blind(answer.elements().raw(), rInverse, parallelism,
        "session '" + sessionId + "', the server's answer");
    Arrays.fill(r, 0);
    Arrays.fill(rInverse, 0);
    MessageDigest sha = OprfPsiServer.sha256();
    byte[] mine = new byte[T];
    int[] positions = new int[n];
    int[] rowAt = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      OprfPsiServer.tag(sha, ids.bytes(i), unblinded, i * B, mine, 0);
      int p = search(t, tags.size(), mine);
      if (p >= 0) {
        positions[count] = p;
        rowAt[count++] = i;
      }
    }
    // order by tag, i.e. by position in the sorted tag list
    long[] keyed = new long[count];
    for (int c = 0; c < count; c++) {
      keyed[c] = (long) positions[c] << 32 | rowAt[c];
    }
    Arrays.sort(keyed);
    int[] rows = new int[count];
    int[] aligned = new int[count];
    for (int c = 0; c < count; c++) {
      aligned[c] = (int) (keyed[c] >>> 32);
      rows[c] = (int) keyed[c];
    }
    alignedPositions = aligned;
    return new PsiResult(ids.at(rows), rows, tags.size());
  }

  /**
   * After {@link #finish}: the intersection as positions in the server's tag list, in aligned
   * order. Sending it reveals the intersection (and nothing else) to the server.
   *
   * @throws PsiProtocolException if the client has not finished
   */
  public AlignedPositions alignedPositionsForServer() {
    if (alignedPositions == null) {
      throw protocol("sends aligned positions only after finishing");
    }
    return new AlignedPositions(sessionId, alignedPositions);
  }

  private static int search(byte[] tags, int n, byte[] probe) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Arrays.compareUnsigned(tags, mid * T, (mid + 1) * T, probe, 0, T);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private static long[] words(BigInteger v) {
    long[] w = new long[4];
    for (int i = 0; i < 4; i++) {
      w[i] = v.shiftRight(64 * i).longValue();
    }
    return w;
  }

  private PsiProtocolException protocol(String message) {
    return new PsiProtocolException("session '" + sessionId + "', unbalanced PSI client "
        + message);
  }

  @Override
  public String toString() {
    return "OprfPsiClient[session " + sessionId + ", " + ids.size() + " ids]";
  }
}
