package io.fedcredit.crypto.psi;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A party's own ids, checked once: no nulls, no duplicates, not too many. Immutable. */
final class IdList {
  private final List<String> ids;

  private IdList(List<String> ids) {
    this.ids = ids;
  }

  /**
   * Copies and checks the ids.
   *
   * @throws NullPointerException naming the row of a null id
   * @throws DuplicateIdException naming the two rows of a repeated id
   * @throws PsiProtocolException when there are more than {@code max}
   */
  static IdList of(List<String> ids, int max, String who) {
    if (ids.size() > max) {
      throw new PsiProtocolException(who + ": " + ids.size() + " ids exceed the session's "
          + "limit of " + max);
    }
    String[] copy = new String[ids.size()];
    Map<String, Integer> seen = new HashMap<>(Math.max(16, ids.size() * 4 / 3 + 1));
    int row = 0;
    for (String id : ids) {
      if (id == null) {
        throw new NullPointerException(who + ": the id at row " + row + " is null");
      }
      Integer before = seen.putIfAbsent(id, row);
      if (before != null) {
        throw new DuplicateIdException(before, row);
      }
      copy[row++] = id;
    }
    return new IdList(List.of(copy));
  }

  int size() {
    return ids.size();
  }

  String get(int row) {
    return ids.get(row);
  }

  /** The bytes hashed for the id at {@code row}: its UTF-8 encoding. */
  byte[] bytes(int row) {
    return ids.get(row).getBytes(StandardCharsets.UTF_8);
  }

  /** The ids at the given rows, in that order. */
  List<String> at(int[] rows) {
    String[] out = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = ids.get(rows[i]);
    }
    return List.of(out);
  }
}
