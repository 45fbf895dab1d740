package io.fedcredit.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress bar is drawn on an interactive terminal only. */
class ConsoleProgressTest {

  @Test
  void drawnOnlyOnAConsoleOutsideCiWithTextLogs() {
    assertTrue(ConsoleProgress.shouldDraw(false, Map.of("TERM", "xterm"), true));
    assertTrue(ConsoleProgress.shouldDraw(false, Map.of("CI", "false"), true));
    assertFalse(ConsoleProgress.shouldDraw(false, Map.of(), false), "no console");
    assertFalse(ConsoleProgress.shouldDraw(true, Map.of(), true), "JSON logs");
    assertFalse(ConsoleProgress.shouldDraw(false, Map.of("CI", "true"), true), "CI");
    assertFalse(ConsoleProgress.shouldDraw(false, Map.of("TERM", "dumb"), true), "dumb");
  }

  @Test
  void inTestsNothingIsDrawnAndEveryCallIsHarmless() {
    // surefire's forked JVM has no console: the bar is never drawn here
    try (ConsoleProgress p = ConsoleProgress.start("job j", 3, false)) {
      assertFalse(p.isDrawn());
      p.max(5);
      p.message("round 1: local epoch 1/2");
      p.stepTo(1, "round 1: trained");
      ClientCli.progressListener(p).onEpoch(1, 1, 2);
    }
  }
}
