package io.fedcredit.core.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class SharedDataTest {

  @Test
  void skipsWithAClearMessageWhenTheFileOrFolderIsMissing(@TempDir Path empty) {
    String saved = System.getProperty(SharedData.PROPERTY);
    try {
      System.setProperty(SharedData.PROPERTY, empty.toString());
      assertFalse(SharedData.isAvailable("nope.csv"));
      TestAbortedException missingFile = assertThrows(TestAbortedException.class,
          () -> SharedData.file("nope.csv"));
      assertTrue(missingFile.getMessage().contains("nope.csv")
          && missingFile.getMessage().contains(SharedData.PROPERTY), missingFile.getMessage());
      System.clearProperty(SharedData.PROPERTY);
      TestAbortedException unset = assertThrows(TestAbortedException.class,
          () -> SharedData.file("nope.csv"));
      assertTrue(unset.getMessage().contains("is not set"), unset.getMessage());
    } finally {
      if (saved == null) {
        System.clearProperty(SharedData.PROPERTY);
      } else {
        System.setProperty(SharedData.PROPERTY, saved);
      }
    }
  }
}
