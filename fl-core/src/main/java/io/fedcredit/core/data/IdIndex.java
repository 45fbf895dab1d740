package io.fedcredit.core.data;

/**
 * A compact index over the ids of a table under construction, to reject duplicates among
 * millions of rows: open addressing over one {@code long[]} holding each id's hash and row (8
 * bytes per slot, a {@code HashMap} needs 60 or more and a node object per entry). The ids
 * themselves stay in the caller's array and are compared only when hashes match, so an insert
 * costs about one cache miss and writes no object references (which keeps garbage-collector
 * card scanning cheap while millions of fresh id strings are being read). Not thread-safe.
 */
final class IdIndex {
  private long[] slots; // (hash << 32) | (row + 1); 0 = empty
  private int size;
  private int mask;

  /** @param expected number of ids that will be added (a hint; the index grows past it) */
  IdIndex(int expected) {
    long wanted = Math.max(16, expected * 3L / 2 + 1); // load factor at most 2/3
    int capacity = 16;
    while (capacity < wanted && capacity < (1 << 30)) {
      capacity <<= 1;
    }
    slots = new long[capacity];
    mask = capacity - 1;
  }

  /**
   * Adds row {@code row} of {@code ids} unless an earlier row holds an equal id.
   *
   * @param ids the ids by row; rows added before must still hold their ids
   * @return the earlier row with the same id, or -1 when the id is new
   */
  int putIfAbsent(String[] ids, int row) {
    String id = ids[row];
    int h = id.hashCode();
    int i = probe(ids, id, h);
    if (slots[i] != 0) {
      return (int) slots[i] - 1;
    }
    slots[i] = ((long) h << 32) | (row + 1L);
    if (++size * 3L > slots.length * 2L) {
      grow();
    }
    return -1;
  }

  /**
   * The row holding {@code id}, or -1 when no added row does. Safe to call from many threads once
   * no more ids are added.
   */
  int find(String[] ids, String id) {
    long s = slots[probe(ids, id, id.hashCode())];
    return s == 0 ? -1 : (int) s - 1;
  }

  /** The slot holding {@code id}, or the empty slot where it would go. */
  private int probe(String[] ids, String id, int h) {
    int i = slot(h);
    long s;
    while ((s = slots[i]) != 0) {
      if ((int) (s >>> 32) == h && ids[(int) s - 1].equals(id)) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return i;
  }

  int size() {
    return size;
  }

  private int slot(int hash) {
    int h = hash * 0x9E3779B9; // spread ids that differ in their last characters
    return (h ^ (h >>> 15)) & mask;
  }

  private void grow() {
    long[] old = slots;
    if (old.length >= (1 << 30)) {
      throw new IllegalStateException("too many ids: " + size);
    }
    slots = new long[old.length * 2];
    mask = slots.length - 1;
    for (long s : old) {
      if (s != 0) {
        int i = slot((int) (s >>> 32));
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = s;
      }
    }
  }
}
