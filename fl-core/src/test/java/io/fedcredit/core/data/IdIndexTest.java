package io.fedcredit.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IdIndexTest {

  @Test
  void findsDuplicatesAfterGrowingAndAmongEqualHashes() {
    int n = 50_000;
    String[] ids = new String[n + 3];
    IdIndex index = new IdIndex(4); // forces many rehashes
    for (int i = 0; i < n; i++) {
      ids[i] = "E" + i;
      assertEquals(-1, index.putIfAbsent(ids, i));
    }
    ids[n] = "Aa"; // "Aa" and "BB" share a hash code
    ids[n + 1] = "BB";
    assertEquals(-1, index.putIfAbsent(ids, n));
    assertEquals(-1, index.putIfAbsent(ids, n + 1));
    ids[n + 2] = new String("E12345"); // equal, not the same object
    assertEquals(12345, index.putIfAbsent(ids, n + 2));
    assertEquals(n + 2, index.size());
  }
}
