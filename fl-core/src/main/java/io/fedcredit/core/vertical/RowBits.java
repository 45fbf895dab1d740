package io.fedcredit.core.vertical;

import java.util.Arrays;

/** Partitions of a node's rows as bit maps (bit i of byte i / 8, least significant first). */
final class RowBits {
  private RowBits() {}

  /** The bit map of {@code left} (a subsequence of {@code rows}) over {@code rows}. */
  static byte[] of(int[] rows, int[] left) {
    byte[] bits = new byte[(rows.length + 7) / 8];
    int j = 0;
    for (int i = 0; i < rows.length && j < left.length; i++) {
      if (rows[i] == left[j]) {
        bits[i >>> 3] |= (byte) (1 << (i & 7));
        j++;
      }
    }
    if (j != left.length) {
      throw new IllegalArgumentException("the left rows are not a subsequence of the node's");
    }
    return bits;
  }

  /** A bit map of flags. */
  static byte[] of(boolean[] flags) {
    byte[] bits = new byte[(flags.length + 7) / 8];
    for (int i = 0; i < flags.length; i++) {
      if (flags[i]) {
        bits[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    return bits;
  }

  /** Bit i of a bit map. */
  static boolean get(byte[] bits, int i) {
    return (bits[i >>> 3] & (1 << (i & 7))) != 0;
  }

  /**
   * Flags of {@code count} bits.
   *
   * @throws IllegalArgumentException when the map has another length or bits beyond count
   */
  static boolean[] flags(byte[] bits, int count, String what) {
    check(bits, count, what);
    boolean[] out = new boolean[count];
    for (int i = 0; i < count; i++) {
      out[i] = get(bits, i);
    }
    return out;
  }

  /**
   * {@code rows} split by the bit map: {@code [0]} left, {@code [1]} right, both in order.
   *
   * @throws IllegalArgumentException when the map does not have one bit per row
   */
  static int[][] split(int[] rows, byte[] bits, String what) {
    check(bits, rows.length, what);
    int[] left = new int[rows.length];
    int[] right = new int[rows.length];
    int nl = 0;
    int nr = 0;
    for (int i = 0; i < rows.length; i++) {
      if (get(bits, i)) {
        left[nl++] = rows[i];
      } else {
        right[nr++] = rows[i];
      }
    }
    return new int[][] {Arrays.copyOf(left, nl), Arrays.copyOf(right, nr)};
  }

  private static void check(byte[] bits, int count, String what) {
    if (bits.length != (count + 7) / 8) {
      throw new IllegalArgumentException(what + ": a bit map of " + bits.length + " bytes for "
          + count + " rows");
    }
    for (int i = count; i < bits.length * 8; i++) {
      if (get(bits, i)) {
        throw new IllegalArgumentException(what + ": bit " + i + " set beyond " + count
            + " rows");
      }
    }
  }
}
