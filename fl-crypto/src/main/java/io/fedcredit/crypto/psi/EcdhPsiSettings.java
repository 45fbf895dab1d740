package io.fedcredit.crypto.psi;

import io.fedcredit.crypto.InvalidParametersException;
import java.util.Objects;

/**
 * What both parties of an ECDH-PSI session agree on before it starts: the session id (every
 * message carries it), who learns the intersection, and limits. Immutable; build with
 * {@link #builder(String)}, which validates.
 */
public final class EcdhPsiSettings {
  /** Largest set a session accepts: 32-byte elements must fit one Java array. */
  public static final int MAX_SET_SIZE = Integer.MAX_VALUE / BlindedElements.ELEMENT_BYTES;

  /** Who learns the intersection. */
  public enum Reveal {
    /** Both parties learn the intersection, in the same aligned order. */
    BOTH,
    /**
     * Only the guest (label holder) learns it; the host learns the guest's set size and nothing
     * else, unless the guest later sends {@link AlignedPositions}.
     */
    GUEST_ONLY
  }

  private final String sessionId;
  private final Reveal reveal;
  private final int parallelism;
  private final int maxSetSize;

  private EcdhPsiSettings(Builder b) {
    this.sessionId = b.sessionId;
    this.reveal = b.reveal;
    this.parallelism = b.parallelism;
    this.maxSetSize = b.maxSetSize;
  }

  /**
   * A builder with the defaults: reveal to both, parallelism = available processors, sets of at
   * most {@link #MAX_SET_SIZE} ids.
   *
   * @param sessionId names the session in every message, e.g. {@code "job-42/psi"}
   */
  public static Builder builder(String sessionId) {
    return new Builder(sessionId);
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder(sessionId).reveal(reveal).parallelism(parallelism).maxSetSize(maxSetSize);
  }

  /** The session id carried by every message. */
  public String sessionId() {
    return sessionId;
  }

  /** Who learns the intersection. */
  public Reveal reveal() {
    return reveal;
  }

  /** Threads used for hashing and blinding. */
  public int parallelism() {
    return parallelism;
  }

  /** Largest set either party may send or hold. */
  public int maxSetSize() {
    return maxSetSize;
  }

  @Override
  public String toString() {
    return "EcdhPsiSettings[session=" + sessionId + ", reveal=" + reveal + ", parallelism="
        + parallelism + ", maxSetSize=" + maxSetSize + "]";
  }

  /** Builds {@link EcdhPsiSettings}; {@link #build()} validates every field. */
  public static final class Builder {
    private final String sessionId;
    private Reveal reveal = Reveal.BOTH;
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private int maxSetSize = MAX_SET_SIZE;

    private Builder(String sessionId) {
      this.sessionId = sessionId;
    }

    /** Who learns the intersection (default {@link Reveal#BOTH}). */
    public Builder reveal(Reveal reveal) {
      this.reveal = reveal;
      return this;
    }

    /** Threads for hashing and blinding, 1 to 256 (default: available processors). */
    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /** Largest set accepted from either side, 1 to {@link #MAX_SET_SIZE}. */
    public Builder maxSetSize(int maxSetSize) {
      this.maxSetSize = maxSetSize;
      return this;
    }

    /**
     * The settings.
     *
     * @throws InvalidParametersException naming the field, the value and the accepted range
     */
    public EcdhPsiSettings build() {
      if (sessionId == null || sessionId.isBlank()) {
        throw new InvalidParametersException("sessionId must be a non-blank string, e.g. "
            + "\"job-42/psi\"");
      }
      Objects.requireNonNull(reveal, "reveal");
      if (parallelism < 1 || parallelism > 256) {
        throw new InvalidParametersException("parallelism " + parallelism
            + " is outside 1..256");
      }
      if (maxSetSize < 1 || maxSetSize > MAX_SET_SIZE) {
        throw new InvalidParametersException("maxSetSize " + maxSetSize + " is outside 1.."
            + MAX_SET_SIZE);
      }
      return new EcdhPsiSettings(this);
    }
  }
}
