package io.fedcredit.core.data;

/**
 * A compact id-to-row map for uniqueness checks over millions of rows: open addressing over two
 * parallel arrays, about 16 bytes per id instead of a {@code HashMap}'s 60 or more. Not
 * thread-safe.
 */
final class IdIndex {
  private String[] keys;
  private int[] rows;
  private int size;
  private int mask;

  /** @param expected number of ids that will be added (a hint; the index grows past it) */
  IdIndex(int expected) {
    long wanted = Math.max(16, expected * 3L / 2 + 1); // load factor at most 2/3
    int capacity = 16;
    while (capacity < wanted && capacity < (1 << 30)) {
      capacity <<= 1;
    }
    keys = new String[capacity];
    rows = new int[capacity];
    mask = capacity - 1;
  }

  /** Adds {@code id -> row} unless the id is present; returns the earlier row, or -1. */
  int putIfAbsent(String id, int row) {
    int i = slot(id.hashCode());
    String k;
    while ((k = keys[i]) != null) {
      if (k.equals(id)) {
        return rows[i];
      }
      i = (i + 1) & mask;
    }
    keys[i] = id;
    rows[i] = row;
    if (++size * 3L > keys.length * 2L) {
      grow();
    }
    return -1;
  }

  /** The row of an id, or -1. */
  int get(String id) {
    int i = slot(id.hashCode());
    String k;
    while ((k = keys[i]) != null) {
      if (k.equals(id)) {
        return rows[i];
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  int size() {
    return size;
  }

  private int slot(int hash) {
    int h = hash * 0x9E3779B9; // spread sequential ids over the table
    return (h ^ (h >>> 16)) & mask;
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldRows = rows;
    if (oldKeys.length >= (1 << 30)) {
      throw new IllegalStateException("too many ids: " + size);
    }
    keys = new String[oldKeys.length * 2];
    rows = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      String k = oldKeys[j];
      if (k != null) {
        int i = slot(k.hashCode());
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = k;
        rows[i] = oldRows[j];
      }
    }
  }
}
