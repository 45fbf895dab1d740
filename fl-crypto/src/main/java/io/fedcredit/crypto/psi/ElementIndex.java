package io.fedcredit.crypto.psi;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An open-addressing hash table over fixed-width records of one byte array (blinded values,
 * tags): membership in expected constant time, for matching a million blinded values without a
 * million objects. The hash mixes the first 8 bytes with a random per-table key, so a peer cannot
 * choose records that collide.
 */
final class ElementIndex {
  private final byte[] data;
  private final int width;
  private final int[] slots; // position + 1, 0 = empty
  private final int mask;
  private final long key;

  private ElementIndex(byte[] data, int width) {
    this.data = data;
    this.width = width;
    int n = data.length / width;
    int cap = Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1;
    this.slots = new int[cap];
    this.mask = cap - 1;
    this.key = new SecureRandom().nextLong();
  }

  /**
   * Indexes every record.
   *
   * @return the index, or throws when two records are equal
   * @throws PsiProtocolException naming the two positions when a record repeats
   */
  static ElementIndex build(byte[] data, int width, String what) {
    ElementIndex index = new ElementIndex(data, width);
    for (int i = 0; i < data.length / width; i++) {
      int s = index.slotOf(data, i * width);
      if (index.slots[s] != 0) {
        throw new PsiProtocolException(what + ": elements " + (index.slots[s] - 1) + " and " + i
            + " are equal; each id must appear once");
      }
      index.slots[s] = i + 1;
    }
    return index;
  }

  /** Position of the record equal to {@code probe[off, off + width)}, or -1. */
  int find(byte[] probe, int off) {
    int p = slots[slotOf(probe, off)];
    return p - 1;
  }

  /** The slot holding an equal record, or the empty slot where it would go. */
  private int slotOf(byte[] probe, int off) {
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = h << 8 | (probe[off + i] & 0xFF);
    }
    h ^= key;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    int s = (int) h & mask;
    while (true) {
      int p = slots[s];
      if (p == 0 || Arrays.equals(data, (p - 1) * width, p * width, probe, off, off + width)) {
        return s;
      }
      s = (s + 1) & mask;
    }
  }

  /**
   * Positions 0..n-1 of fixed-width records sorted by their bytes, unsigned and lexicographic.
   * Sorts one long per record (top bits of the first 8 bytes, position in the low bits) with the
   * JDK's primitive sort, then re-sorts the rare runs whose top bits tie by their full bytes.
   */
  static int[] sortedPositions(byte[] data, int width) {
    int n = data.length / width;
    int posBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
    long posMask = (1L << posBits) - 1;
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = (prefix(data, i * width) ^ Long.MIN_VALUE) & ~posMask | i;
    }
    Arrays.sort(keys);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) (keys[i] & posMask);
    }
    int runStart = 0;
    for (int i = 1; i <= n; i++) {
      if (i == n || (keys[i] & ~posMask) != (keys[runStart] & ~posMask)) {
        if (i - runStart > 1) {
          Integer[] run = new Integer[i - runStart];
          for (int j = 0; j < run.length; j++) {
            run[j] = order[runStart + j];
          }
          Arrays.sort(run, (a, b) -> Arrays.compareUnsigned(data, a * width, (a + 1) * width,
              data, b * width, (b + 1) * width));
          for (int j = 0; j < run.length; j++) {
            order[runStart + j] = run[j];
          }
        }
        runStart = i;
      }
    }
    return order;
  }

  private static long prefix(byte[] data, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (data[off + i] & 0xFF);
    }
    return v;
  }
}
