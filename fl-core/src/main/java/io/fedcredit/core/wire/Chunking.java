package io.fedcredit.core.wire;

import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.proto.ValuesChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a vector into {@link ValuesChunk}s of at most {@link #MAX_VALUES_PER_CHUNK} values
 * (256 KiB of doubles, far below gRPC's 4 MiB default message limit), and reassembles them with
 * strict checks: chunks must arrive in order, contiguous, without overlap or excess.
 */
public final class Chunking {
  /** Values per chunk: 32,768 doubles = 256 KiB of payload. */
  public static final int MAX_VALUES_PER_CHUNK = 32_768;

  private Chunking() {}

  /** Number of chunks a vector of {@code length} values travels in (at least 1). */
  public static int chunkCount(int length) {
    return Math.max(1, (length + MAX_VALUES_PER_CHUNK - 1) / MAX_VALUES_PER_CHUNK);
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
    int from = start(values.length, index);
    int to = Math.min(values.length, from + MAX_VALUES_PER_CHUNK);
    ValuesChunk.Builder b = ValuesChunk.newBuilder().setIndex(index).setOffset(from);
    for (int j = from; j < to; j++) {
      b.addValues(values[j]);
    }
    return b.build();
  }

  /** Chunk {@code index} of a vector of 64-bit words (masked inputs). */
  public static ValuesChunk chunk(long[] words, int index) {
    int from = start(words.length, index);
    int to = Math.min(words.length, from + MAX_VALUES_PER_CHUNK);
    ValuesChunk.Builder b = ValuesChunk.newBuilder().setIndex(index).setOffset(from);
    for (int j = from; j < to; j++) {
      b.addWords(words[j]);
    }
    return b.build();
  }

  private static int start(int length, int index) {
    if (index < 0 || index >= chunkCount(length)) {
      throw new IndexOutOfBoundsException("chunk " + index + " of " + chunkCount(length));
    }
    return index * MAX_VALUES_PER_CHUNK;
  }

  /**
   * Reassembles one vector from its chunks: doubles ({@code values}) or, for masked inputs,
   * 64-bit words ({@code words}). Not thread-safe; one per stream.
   */
  public static final class Assembler {
    private final String context;
    private final boolean words;
    private final int length;
    private final double[] values;
    private final long[] wordValues;
    private final int expectedChunks;
    private int nextIndex;
    private int filled;

    /**
     * @param context names the stream in error messages (job, round, participant)
     * @param length total number of values announced by the header
     * @param expectedChunks number of chunks announced by the header
     * @param maxLength the largest vector the receiver accepts
     * @throws Rejection TOO_LARGE or MALFORMED when the announced sizes are impossible
     */
    public Assembler(String context, int length, int expectedChunks, int maxLength) {
      this(context, length, expectedChunks, maxLength, false);
    }

    /**
     * @param words whether the chunks carry 64-bit words instead of doubles
     */
    public Assembler(String context, int length, int expectedChunks, int maxLength,
        boolean words) {
      this.context = context;
      this.words = words;
      if (length < 0) {
        throw new Rejection(Reason.MALFORMED, context + ": negative length " + length);
      }
      if (length > maxLength) {
        throw new Rejection(Reason.TOO_LARGE, context + ": " + length
            + " values announced, at most " + maxLength + " accepted");
      }
      if (expectedChunks != chunkCount(length)) {
        throw new Rejection(Reason.MALFORMED, context + ": " + expectedChunks
            + " chunks announced for " + length + " values; expected " + chunkCount(length)
            + " of at most " + MAX_VALUES_PER_CHUNK + " values");
      }
      this.length = length;
      this.values = words ? null : new double[length];
      this.wordValues = words ? new long[length] : null;
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
      int n = words ? chunk.getWordsCount() : chunk.getValuesCount();
      int other = words ? chunk.getValuesCount() : chunk.getWordsCount();
      int expectedSize = Math.min(MAX_VALUES_PER_CHUNK, length - filled);
      if (n != expectedSize || other != 0) {
        throw new Rejection(Reason.MALFORMED, context + ": chunk " + chunk.getIndex() + " has "
            + n + (words ? " words" : " values") + (other != 0 ? " and " + other
            + (words ? " values" : " words") : "") + ", expected " + expectedSize
            + (words ? " words" : " values"));
      }
      for (int i = 0; i < n; i++) {
        if (words) {
          wordValues[filled + i] = chunk.getWords(i);
        } else {
          values[filled + i] = chunk.getValues(i);
        }
      }
      filled += n;
      nextIndex++;
    }

    public boolean isComplete() {
      return nextIndex == expectedChunks && filled == length;
    }

    /**
     * The reassembled vector.
     *
     * @throws Rejection MALFORMED when chunks are missing
     */
    public double[] result() {
      checkComplete();
      if (words) {
        throw new IllegalStateException("this stream carries words; use words()");
      }
      return values;
    }

    /** The reassembled words of a masked input. */
    public long[] words() {
      checkComplete();
      if (!words) {
        throw new IllegalStateException("this stream carries values; use result()");
      }
      return wordValues;
    }

    private void checkComplete() {
      if (!isComplete()) {
        throw new Rejection(Reason.MALFORMED, context + ": stream ended after " + nextIndex
            + " of " + expectedChunks + " chunks (" + filled + " of " + length + " entries)");
      }
    }
  }
}
