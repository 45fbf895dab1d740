package io.fedcredit.client;

import java.io.PrintStream;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for long local work in the command lines (local training
 * rounds and epochs, a vertical job's PSI and epochs), drawn with {@code me.tongfei:progressbar}.
 * It is drawn only on an interactive terminal: never when the JVM has no console (output
 * redirected, tests), when {@code CI} is set, when {@code TERM} is {@code dumb}, when the logs
 * are JSON (a bar would break one-object-per-line), or when the progressbar library is not on the
 * class path (it is an optional dependency of fl-client); otherwise every method does nothing.
 * Thread-safe; {@link #close()} ends the bar.
 */
public final class ConsoleProgress implements AutoCloseable {
  private final Bar bar; // null: not drawn

  private ConsoleProgress(Bar bar) {
    this.bar = bar;
  }

  /**
   * Starts a bar if the terminal is interactive.
   *
   * @param task the bar's label, e.g. "job sme-2026"
   * @param max the number of steps, e.g. rounds
   * @param jsonLogs whether the logs are JSON (no bar then)
   */
  public static ConsoleProgress start(String task, long max, boolean jsonLogs) {
    return new ConsoleProgress(shouldDraw(jsonLogs, System.getenv(), System.console() != null)
        && libraryPresent() ? new Bar(task, max, System.err) : null);
  }

  /** A progress that draws nothing. */
  public static ConsoleProgress none() {
    return new ConsoleProgress(null);
  }

  /**
   * Whether a bar is drawn, from what the terminal is: a console, not CI, not a dumb terminal,
   * not JSON logs.
   */
  static boolean shouldDraw(boolean jsonLogs, Map<String, String> env, boolean console) {
    String ci = env.get("CI");
    return console && !jsonLogs && (ci == null || ci.isEmpty() || ci.equalsIgnoreCase("false"))
        && !"dumb".equals(env.get("TERM"));
  }

  private static boolean libraryPresent() {
    try {
      Class.forName("me.tongfei.progressbar.ProgressBar", false,
          ConsoleProgress.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Whether a bar is drawn. */
  public boolean isDrawn() {
    return bar != null;
  }

  /** Moves to step {@code step} of the maximum, with a short message after the bar. */
  public void stepTo(long step, String message) {
    if (bar != null) {
      bar.stepTo(step, message);
    }
  }

  /** Changes the message only. */
  public void message(String message) {
    if (bar != null) {
      bar.message(message);
    }
  }

  /** Changes the number of steps (when it becomes known). */
  public void max(long max) {
    if (bar != null) {
      bar.max(max);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }

  /** The library's bar; only loaded when the library is present. */
  private static final class Bar {
    private final ProgressBar pb;
    private boolean closed;

    Bar(String task, long max, PrintStream out) {
      pb = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
          .setConsumer(new ConsoleProgressBarConsumer(out)).build();
    }

    synchronized void stepTo(long step, String message) {
      pb.stepTo(step);
      pb.setExtraMessage(message);
    }

    synchronized void message(String message) {
      pb.setExtraMessage(message);
    }

    synchronized void max(long max) {
      pb.maxHint(max);
    }

    synchronized void close() {
      if (!closed) {
        closed = true;
        pb.close();
      }
    }
  }
}
