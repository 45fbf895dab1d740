package io.fedcredit.core.testing;

import io.fedcredit.core.logging.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs code with the console log appender (logback-test.xml's, on standard output) in a given
 * format and returns the non-blank lines it wrote; the text format and standard output are back
 * afterwards.
 */
public final class ConsoleCapture {
  private ConsoleCapture() {}

  /** The lines logged while {@code body} ran, and its result. */
  public record Captured<T>(List<String> lines, T result) {}

  public static <T> Captured<T> run(LogFormat format, Callable<T> body) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    T result;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      format.apply();
      result = body.call();
    } finally {
      LogFormat.TEXT.apply();
      System.setOut(old);
    }
    List<String> lines = new ArrayList<>();
    for (String l : buf.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!l.isBlank()) {
        lines.add(l);
      }
    }
    return new Captured<>(lines, result);
  }
}
