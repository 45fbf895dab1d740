package io.fedcredit.crypto.psi;

import java.util.Objects;

/** The messages of the unbalanced (OPRF-based) PSI, as records. */
public final class OprfPsiMessages {
  /** Bytes per tag. */
  public static final int TAG_BYTES = 16;

  private OprfPsiMessages() {}

  /**
   * Server to client, once per server key (precomputed, reusable across sessions): the OPRF tag
   * of every server id, sorted (so the order says nothing about the ids). Immutable; the array is
   * copied in and out.
   *
   * @param keyId the public id of the server key the tags were made with
   * @param tags n * 16 bytes, sorted unsigned-lexicographically
   */
  public record ServerTags(String keyId, byte[] tags) {
    /**
     * Copies the tags and checks their length.
     *
     * @throws PsiProtocolException if the length is not a multiple of 16
     */
    public ServerTags {
      Objects.requireNonNull(keyId, "keyId");
      if (tags.length % TAG_BYTES != 0) {
        throw new PsiProtocolException("server tags take 16 bytes each; " + tags.length
            + " bytes is not a multiple of 16");
      }
      tags = tags.clone();
    }

    /** A copy of the tags. */
    @Override
    public byte[] tags() {
      return tags.clone();
    }

    /** Number of tags (the server's set size). */
    public int size() {
      return tags.length / TAG_BYTES;
    }

    /** The backing array, for this package; never modified. */
    byte[] raw() {
      return tags;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ServerTags t && keyId.equals(t.keyId)
          && java.util.Arrays.equals(tags, t.tags);
    }

    @Override
    public int hashCode() {
      return keyId.hashCode() * 31 + java.util.Arrays.hashCode(tags);
    }

    @Override
    public String toString() {
      return "ServerTags[key " + keyId + ", " + size() + " tags]";
    }
  }

  /**
   * Client to server: the client's ids hashed to the curve and raised to a random scalar r the
   * server never sees.
   *
   * @param sessionId the client's session
   * @param elements H(id)^r for each client id
   */
  public record BlindedQuery(String sessionId, BlindedElements elements) {
    /** Checks that no field is null. */
    public BlindedQuery {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(elements, "elements");
    }
  }

  /**
   * Server to client: the query raised to the server key, in the order received.
   *
   * @param sessionId the query's session
   * @param keyId the public id of the server key used
   * @param elements H(id)^(r k), position by position as in the query
   */
  public record EvaluatedQuery(String sessionId, String keyId, BlindedElements elements) {
    /** Checks that no field is null. */
    public EvaluatedQuery {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(elements, "elements");
    }
  }
}
