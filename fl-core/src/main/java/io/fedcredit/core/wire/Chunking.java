package io.fedcredit.core.wire;

import com.google.protobuf.ByteString;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.protocol.UpdateKind;
import io.fedcredit.proto.ValuesChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a vector into {@link ValuesChunk}s of at most {@link #MAX_VALUES_PER_CHUNK} values or
 * words (256 KiB) or {@link #MAX_CIPHERTEXTS_PER_CHUNK} ciphertexts (at most 256 KiB with
 * 4096-bit keys), far below gRPC's 4 MiB default message limit, and reassembles them with strict
 * checks: chunks must arrive in order, contiguous, without overlap or excess.
 */
public final class Chunking {
  /** Values per chunk: 32,768 doubles = 256 KiB of payload. */
  public static final int MAX_VALUES_PER_CHUNK = 32_768;
  /** Paillier ciphertexts per chunk: 128 KiB with 2048-bit keys, 192 KiB with 3072-bit keys. */
  public static final int MAX_CIPHERTEXTS_PER_CHUNK = 256;

  /** What the chunks of a stream carry. */
  public enum Payload {
    /** Doubles, in {@code ValuesChunk.values}. */
    VALUES(MAX_VALUES_PER_CHUNK, "values"),
    /** 64-bit words, in {@code ValuesChunk.words} (masked inputs, decrypted sums). */
    WORDS(MAX_VALUES_PER_CHUNK, "words"),
    /** Paillier ciphertexts, in {@code ValuesChunk.ciphertexts}. */
    CIPHERTEXTS(MAX_CIPHERTEXTS_PER_CHUNK, "ciphertexts");

    private final int perChunk;
    private final String noun;

    Payload(int perChunk, String noun) {
      this.perChunk = perChunk;
      this.noun = noun;
    }

    /** Most entries one chunk holds. */
    public int perChunk() {
      return perChunk;
    }

    /** Number of chunks {@code length} entries travel in (at least 1). */
    public int chunkCount(int length) {
      return Math.max(1, (length + perChunk - 1) / perChunk);
    }

    /** What the chunks of an update of this kind carry. */
    public static Payload of(UpdateKind kind) {
      return switch (kind) {
        case MASKED_INPUT, DECRYPTED_SUM -> WORDS;
        case ENCRYPTED_INPUT -> CIPHERTEXTS;
        case MODEL_DELTA, FEATURE_MOMENTS -> VALUES;
      };
    }

    private int count(ValuesChunk c) {
      return switch (this) {
        case VALUES -> c.getValuesCount();
        case WORDS -> c.getWordsCount();
        case CIPHERTEXTS -> c.getCiphertextsCount();
      };
    }
  }

  private Chunking() {}

  /** Number of chunks a vector of {@code length} values travels in (at least 1). */
  public static int chunkCount(int length) {
    return Payload.VALUES.chunkCount(length);
  }

  /** The chunks of a vector, in order. */
  public static List<ValuesChunk> split(double[] values) {
    int n = chunkCount(values.length);
    List<ValuesChunk> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(chunk(values, i));
    }
    return out;
  }

  /** Chunk {@code index} of a vector (built on demand, for streaming with flow control). */
  public static ValuesChunk chunk(double[] values, int index) {
    int from = start(Payload.VALUES, values.length, index);
    int to = Math.min(values.length, from + MAX_VALUES_PER_CHUNK);
    ValuesChunk.Builder b = ValuesChunk.newBuilder().setIndex(index).setOffset(from);
    for (int j = from; j < to; j++) {
      b.addValues(values[j]);
    }
    return b.build();
  }

  /** Chunk {@code index} of a vector of 64-bit words (masked inputs, decrypted sums). */
  public static ValuesChunk chunk(long[] words, int index) {
    int from = start(Payload.WORDS, words.length, index);
    int to = Math.min(words.length, from + MAX_VALUES_PER_CHUNK);
    ValuesChunk.Builder b = ValuesChunk.newBuilder().setIndex(index).setOffset(from);
    for (int j = from; j < to; j++) {
      b.addWords(words[j]);
    }
    return b.build();
  }

  /** Chunk {@code index} of a list of serialized ciphertexts. */
  public static ValuesChunk chunk(List<ByteString> ciphertexts, int index) {
    int from = start(Payload.CIPHERTEXTS, ciphertexts.size(), index);
    int to = Math.min(ciphertexts.size(), from + MAX_CIPHERTEXTS_PER_CHUNK);
    return ValuesChunk.newBuilder().setIndex(index).setOffset(from)
        .addAllCiphertexts(ciphertexts.subList(from, to)).build();
  }

  private static int start(Payload payload, int length, int index) {
    if (index < 0 || index >= payload.chunkCount(length)) {
      throw new IndexOutOfBoundsException("chunk " + index + " of " + payload.chunkCount(length));
    }
    return index * payload.perChunk();
  }

  /**
   * Reassembles one vector from its chunks: doubles, 64-bit words or ciphertexts
   * ({@link Payload}). Not thread-safe; one per stream.
   */
  public static final class Assembler {
    private final String context;
    private final Payload payload;
    private final int length;
    private final double[] values;
    private final long[] wordValues;
    private final List<ByteString> ciphertexts;
    private final int expectedChunks;
    private int nextIndex;
    private int filled;

    /**
     * An assembler of doubles.
     *
     * @param context names the stream in error messages (job, round, participant)
     * @param length total number of values announced by the header
     * @param expectedChunks number of chunks announced by the header
     * @param maxLength the largest vector the receiver accepts
     * @throws Rejection TOO_LARGE or MALFORMED when the announced sizes are impossible
     */
    public Assembler(String context, int length, int expectedChunks, int maxLength) {
      this(context, length, expectedChunks, maxLength, Payload.VALUES);
    }

    /**
     * An assembler of {@code payload} entries.
     *
     * @param length total number of entries announced by the header
     * @throws Rejection TOO_LARGE or MALFORMED when the announced sizes are impossible
     */
    public Assembler(String context, int length, int expectedChunks, int maxLength,
        Payload payload) {
      this.context = context;
      this.payload = payload;
      if (length < 0) {
        throw new Rejection(Reason.MALFORMED, context + ": negative length " + length);
      }
      if (length > maxLength) {
        throw new Rejection(Reason.TOO_LARGE, context + ": " + length + " " + payload.noun
            + " announced, at most " + maxLength + " accepted");
      }
      if (expectedChunks != payload.chunkCount(length)) {
        throw new Rejection(Reason.MALFORMED, context + ": " + expectedChunks
            + " chunks announced for " + length + " " + payload.noun + "; expected "
            + payload.chunkCount(length) + " of at most " + payload.perChunk());
      }
      this.length = length;
      this.values = payload == Payload.VALUES ? new double[length] : null;
      this.wordValues = payload == Payload.WORDS ? new long[length] : null;
      this.ciphertexts = payload == Payload.CIPHERTEXTS ? new ArrayList<>(length) : null;
      this.expectedChunks = expectedChunks;
    }

    /**
     * Adds the next chunk.
     *
     * @throws Rejection MALFORMED when the chunk is out of order, misplaced or too long
     */
    public void add(ValuesChunk chunk) {
      if (nextIndex >= expectedChunks) {
        throw new Rejection(Reason.MALFORMED, context + ": chunk " + chunk.getIndex()
            + " arrived after all " + expectedChunks + " announced chunks");
      }
      if (chunk.getIndex() != nextIndex) {
        throw new Rejection(Reason.MALFORMED, context + ": chunk " + chunk.getIndex()
            + " arrived where chunk " + nextIndex + " was expected");
      }
      if (chunk.getOffset() != filled) {
        throw new Rejection(Reason.MALFORMED, context + ": chunk " + chunk.getIndex()
            + " starts at offset " + chunk.getOffset() + ", expected " + filled);
      }
      int n = payload.count(chunk);
      int expectedSize = Math.min(payload.perChunk(), length - filled);
      StringBuilder others = new StringBuilder();
      for (Payload p : Payload.values()) {
        if (p != payload && p.count(chunk) != 0) {
          others.append(" and ").append(p.count(chunk)).append(' ').append(p.noun);
        }
      }
      if (n != expectedSize || others.length() > 0) {
        throw new Rejection(Reason.MALFORMED, context + ": chunk " + chunk.getIndex() + " has "
            + n + " " + payload.noun + others + ", expected " + expectedSize + " "
            + payload.noun);
      }
      switch (payload) {
        case VALUES -> {
          for (int i = 0; i < n; i++) {
            values[filled + i] = chunk.getValues(i);
          }
        }
        case WORDS -> {
          for (int i = 0; i < n; i++) {
            wordValues[filled + i] = chunk.getWords(i);
          }
        }
        case CIPHERTEXTS -> ciphertexts.addAll(chunk.getCiphertextsList());
      }
      filled += n;
      nextIndex++;
    }

    public boolean isComplete() {
      return nextIndex == expectedChunks && filled == length;
    }

    /**
     * The reassembled vector of doubles.
     *
     * @throws Rejection MALFORMED when chunks are missing
     */
    public double[] result() {
      checkComplete(Payload.VALUES);
      return values;
    }

    /** The reassembled words (masked inputs, decrypted sums). */
    public long[] words() {
      checkComplete(Payload.WORDS);
      return wordValues;
    }

    /** The reassembled ciphertexts, unchecked: read them with {@link PaillierWire}. */
    public List<ByteString> ciphertexts() {
      checkComplete(Payload.CIPHERTEXTS);
      return List.copyOf(ciphertexts);
    }

    private void checkComplete(Payload wanted) {
      if (payload != wanted) {
        throw new IllegalStateException("this stream carries " + payload.noun + ", not "
            + wanted.noun);
      }
      if (!isComplete()) {
        throw new Rejection(Reason.MALFORMED, context + ": stream ended after " + nextIndex
            + " of " + expectedChunks + " chunks (" + filled + " of " + length + " entries)");
      }
    }
  }
}
