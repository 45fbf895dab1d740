package io.fedcredit.core.wire;

import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import java.util.Collection;

/**
 * Size limits on the fields of every message the coordinator accepts, checked before anything
 * else reads them, so a hostile or broken party cannot make the coordinator hold, log or hash
 * unbounded strings and lists. gRPC's inbound message limit ({@code TransportSecurity}) bounds
 * one message; these bound what one message may make the coordinator keep. Each refusal is a
 * {@link Rejection} with reason {@link Reason#TOO_LARGE} (gRPC RESOURCE_EXHAUSTED) whose message
 * names the field, its size and the limit. Chunked vectors are bounded by {@link Chunking}.
 */
public final class WireLimits {
  /** Characters in an id: job, participant, party, envelope type, share owner. */
  public static final int MAX_ID_CHARS = 128;
  /** Characters in free text: library version, leave reason. */
  public static final int MAX_TEXT_CHARS = 1024;
  /** Bytes in a session token (tokens are 32 bytes; anything longer is not one). */
  public static final int MAX_TOKEN_BYTES = 64;
  /** Feature names in a table schema. */
  public static final int MAX_FEATURES = 100_000;
  /** Metrics in an update header. */
  public static final int MAX_METRICS = 64;
  /** Envelopes or shares in one secure-aggregation message (one per other party). */
  public static final int MAX_SECAGG_ENTRIES = 10_000;
  /** Bytes in one sealed envelope, share or public key of secure aggregation. */
  public static final int MAX_SECAGG_BYTES = 64 * 1024;
  /** Envelopes waiting in one recipient's relay mailbox (bytes are bounded separately). */
  public static final int MAX_QUEUED_ENVELOPES = 1 << 16;

  private WireLimits() {}

  /**
   * @throws Rejection TOO_LARGE when {@code value} has more than {@link #MAX_ID_CHARS} characters
   */
  public static void id(String field, String value) {
    text(field, value, MAX_ID_CHARS);
  }

  /** @throws Rejection TOO_LARGE when {@code value} has more than {@code max} characters */
  public static void text(String field, String value, int max) {
    if (value.length() > max) {
      throw new Rejection(Reason.TOO_LARGE, field + " has " + value.length()
          + " characters; at most " + max + " are accepted");
    }
  }

  /** @throws Rejection TOO_LARGE when a list or map has more than {@code max} entries */
  public static void count(String field, int count, int max) {
    if (count > max) {
      throw new Rejection(Reason.TOO_LARGE, field + " has " + count + " entries; at most " + max
          + " are accepted");
    }
  }

  /** @throws Rejection TOO_LARGE when a byte field has more than {@code max} bytes */
  public static void bytes(String field, int size, int max) {
    if (size > max) {
      throw new Rejection(Reason.TOO_LARGE, field + " has " + size + " bytes; at most " + max
          + " are accepted");
    }
  }

  /** Checks every id in {@code values} with {@link #id}; the field names the list. */
  public static void ids(String field, Collection<String> values) {
    for (String v : values) {
      id(field + "[]", v);
    }
  }
}
