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
    int from = index * MAX_VALUES_PER_CHUNK;
    if (index < 0 || index >= chunkCount(values.length)) {
      throw new IndexOutOfBoundsException("chunk " + index + " of " + chunkCount(values.length));
    }
    int to = Math.min(values.length, from + MAX_VALUES_PER_CHUNK);
    ValuesChunk.Builder b = ValuesChunk.newBuilder().setIndex(index).setOffset(from);
    for (int j = from; j < to; j++) {
      b.addValues(values[j]);
    }
    return b.build();
  }

  /**
   * Reassembles one vector from its chunks. Not thread-safe; one per stream.
   */
  public static final class Assembler {
    private final String context;
    private final double[] values;
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
      this.context = context;
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
      this.values = new double[length];
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
      int n = chunk.getValuesCount();
      int expectedSize = Math.min(MAX_VALUES_PER_CHUNK, values.length - filled);
      if (n != expectedSize) {
        throw new Rejection(Reason.MALFORMED, context + ": chunk " + chunk.getIndex() + " has "
            + n + " values, expected " + expectedSize);
      }
      for (int i = 0; i < n; i++) {
        values[filled + i] = chunk.getValues(i);
      }
      filled += n;
      nextIndex++;
    }

    public boolean isComplete() {
      return nextIndex == expectedChunks && filled == values.length;
    }

    /**
     * The reassembled vector.
     *
     * @throws Rejection MALFORMED when chunks are missing
     */
    public double[] result() {
      if (!isComplete()) {
        throw new Rejection(Reason.MALFORMED, context + ": stream ended after " + nextIndex
            + " of " + expectedChunks + " chunks (" + filled + " of " + values.length
            + " values)");
      }
      return values;
    }
  }
}
