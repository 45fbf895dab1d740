package io.fedcredit.crypto.psi;

import io.fedcredit.crypto.InvalidParametersException;
import io.fedcredit.crypto.psi.OprfPsiMessages.BlindedQuery;
import io.fedcredit.crypto.psi.OprfPsiMessages.EvaluatedQuery;
import io.fedcredit.crypto.psi.OprfPsiMessages.ServerTags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * The large side of an unbalanced private set intersection (the platform's data node with
 * millions of ids against a bank with a few thousand), built on the 2HashDH oblivious PRF of
 * Jarecki and Liu: F_k(x) = SHA-256(label, x, H(x)^k) with H the RFC 9380 hash to curve25519.
 *
 * <p>{@link #precompute} evaluates F_k on every server id once (one hash to curve and one scalar
 * multiplication each) and sorts the 16-byte tags; {@link #tags()} can then be sent to any number
 * of clients, ahead of time. Per client the server only raises the client's blinded query to k
 * ({@link #evaluate}): work proportional to the small set. The server learns how many ids each
 * client queried and nothing else; the client learns which of its ids are in the server's set,
 * and the server's set size.
 *
 * <p><b>The trade-off.</b> Unlike a balanced ECDH-PSI the tags are published to the client, so a
 * client that queries an id learns whether the server holds it: the key's query budget (the total
 * number of elements this server object will evaluate) bounds how many ids clients can test. Give
 * each bank its own key and a budget of its portfolio size; rotate the key (precompute again) when
 * the budget is spent. Compared with RSA blind signatures (De Cristofaro and Tsudik, FC 2010),
 * which have the same shape, an evaluation costs one curve25519 scalar multiplication instead of
 * an RSA-2048 private-key operation.
 *
 * <p>Thread-safe: {@link #evaluate} may serve several sessions at once; the budget is shared.
 * {@code toString()} shows the key id and sizes only.
 */
public final class OprfPsiServer {
  /** The hash-to-curve tag of the unbalanced protocol. */
  static final byte[] DST = HashToCurve25519.dst(
      "FedCredit-OPRF-PSI-V01-CS01-with-curve25519_XMD:SHA-512_ELL2_RO_");
  private static final byte[] TAG_LABEL =
      "fedcredit/psi/oprf-tag/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int B = X25519.BYTES;
  private static final int T = OprfPsiMessages.TAG_BYTES;

  private final BlindingKey key;
  private final IdList ids;
  private final byte[] sortedTags;
  private final int[] rowOfPosition;
  private final int parallelism;
  private long budget;

  private OprfPsiServer(BlindingKey key, IdList ids, byte[] sortedTags, int[] rowOfPosition,
      int parallelism, long budget) {
    this.key = key;
    this.ids = ids;
    this.sortedTags = sortedTags;
    this.rowOfPosition = rowOfPosition;
    this.parallelism = parallelism;
    this.budget = budget;
  }

  /**
   * Evaluates the OPRF on every server id and sorts the tags. Costs one hash to curve and one
   * scalar multiplication per id, spread over {@code parallelism} threads.
   *
   * @param ids the server's ids, each once (copied; not modified)
   * @param key the server key; kept (not copied) for {@link #evaluate}, so do not destroy it
   * @param queryBudget how many query elements this server will evaluate in total, at least 0
   * @param parallelism threads, 1 to 256
   * @throws DuplicateIdException if an id appears twice
   * @throws InvalidParametersException if the budget or the parallelism is out of range
   */
  public static OprfPsiServer precompute(List<String> ids, BlindingKey key, long queryBudget,
      int parallelism) {
    Objects.requireNonNull(key, "key");
    if (queryBudget < 0) {
      throw new InvalidParametersException("queryBudget " + queryBudget + " is negative");
    }
    checkParallelism(parallelism);
    IdList list = IdList.of(Objects.requireNonNull(ids, "ids"), EcdhPsiSettings.MAX_SET_SIZE,
        "unbalanced PSI server");
    int n = list.size();
    byte[] evaluated = GroupBatch.hashAndBlind(n, list::bytes, DST, key.words(), parallelism);
    byte[] tags = new byte[n * T];
    Parallel.forRange(n, parallelism, OprfPsiServer::sha256, (sha, from, to) -> {
      for (int i = from; i < to; i++) {
        tag(sha, list.bytes(i), evaluated, i * B, tags, i * T);
      }
    });
    int[] order = ElementIndex.sortedPositions(tags, T);
    byte[] sorted = new byte[n * T];
    for (int p = 0; p < n; p++) {
      System.arraycopy(tags, order[p] * T, sorted, p * T, T);
    }
    return new OprfPsiServer(key, list, sorted, order, parallelism, queryBudget);
  }

  /** The sorted tags of every server id, for clients of this key (a copy). */
  public ServerTags tags() {
    return new ServerTags(key.id(), sortedTags);
  }

  /**
   * Raises a client's blinded query to the server key.
   *
   * @return the evaluated query, in the order received
   * @throws PsiProtocolException if the query would exceed the remaining budget (nothing is
   *     evaluated then)
   * @throws MalformedPointException if a query element has small order
   */
  public EvaluatedQuery evaluate(BlindedQuery query) {
    Objects.requireNonNull(query, "query");
    int n = query.elements().size();
    synchronized (this) {
      if (n > budget) {
        throw new PsiProtocolException("session '" + query.sessionId() + "': a query of " + n
            + " elements exceeds the remaining budget of " + budget + " for key " + key.id()
            + "; precompute with a fresh key");
      }
      budget -= n;
    }
    byte[] out = GroupBatch.blind(query.elements().raw(), key.words(), parallelism,
        "session '" + query.sessionId() + "', the client's query");
    return new EvaluatedQuery(query.sessionId(), key.id(), BlindedElements.wrap(out));
  }

  /**
   * The intersection a client revealed as positions in {@link #tags()}, in its aligned order.
   *
   * @throws PsiProtocolException if a position is out of range or repeated
   */
  public PsiResult acceptAlignedPositions(AlignedPositions positions) {
    Objects.requireNonNull(positions, "positions");
    int[] rows = PsiChecks.rowsAt(positions.positions(), rowOfPosition,
        "session '" + positions.sessionId() + "', unbalanced PSI server");
    return new PsiResult(ids.at(rows), rows, -1);
  }

  /** Query elements this server will still evaluate. */
  public synchronized long remainingBudget() {
    return budget;
  }

  /** Number of server ids. */
  public int size() {
    return ids.size();
  }

  /**
   * tag = the first 16 bytes of SHA-256(label, 4-byte length of id, id, u(H(id)^k)): 2HashDH,
   * binding the tag to the id as well as to the group element.
   */
  static void tag(MessageDigest sha, byte[] id, byte[] u, int uOff, byte[] out, int outOff) {
    sha.update(TAG_LABEL);
    sha.update(new byte[] {(byte) (id.length >>> 24), (byte) (id.length >>> 16),
        (byte) (id.length >>> 8), (byte) id.length});
    sha.update(id);
    sha.update(u, uOff, B);
    System.arraycopy(sha.digest(), 0, out, outOff, T);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides no SHA-256", e);
    }
  }

  static void checkParallelism(int parallelism) {
    if (parallelism < 1 || parallelism > 256) {
      throw new InvalidParametersException("parallelism " + parallelism + " is outside 1..256");
    }
  }

  @Override
  public String toString() {
    return "OprfPsiServer[key " + key.id() + ", " + ids.size() + " ids, budget left "
        + remainingBudget() + "]";
  }
}
