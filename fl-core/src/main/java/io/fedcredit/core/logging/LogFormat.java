package io.fedcredit.core.logging;

import io.fedcredit.core.FedCreditException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The console log format of a FedCredit command line: {@link #TEXT} (the logback configuration's
 * pattern, for people) or {@link #JSON} (one JSON object per line, for log shippers: timestamp,
 * level, thread, logger, the formatted message, the MDC with job, round and party where known,
 * and any exception). In JSON the raw message template and its arguments are left out: only the
 * formatted message, which is what the text format shows too, so neither format carries more than
 * the other.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /**
   * The format named {@code name} ({@code text} or {@code json}, any case).
   *
   * @param where where the name came from, for the message (an option or a config field)
   * @throws FedCreditException naming {@code where}, the value and the choices
   */
  public static LogFormat parse(String name, String where) {
    if (name != null) {
      for (LogFormat f : values()) {
        if (f.name().equalsIgnoreCase(name.trim())) {
          return f;
        }
      }
    }
    throw new FedCreditException(where + " is '" + name + "'; the log format is one of "
        + Arrays.stream(values()).map(LogFormat::wireName).collect(Collectors.joining(", ")));
  }

  /** {@code text} or {@code json}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Switches every console appender of the process's logback configuration to this format. Does
   * nothing but warn when SLF4J is not bound to logback (a bank's own service may use another
   * backend; it keeps its own format).
   */
  public void apply() {
    apply(false);
  }

  /**
   * Like {@link #apply()}; with {@code besideProgressBar} (text only, while a terminal progress
   * bar is drawn on the same terminal) every line first clears the terminal line, so a log line
   * replaces the bar, which redraws itself below it, instead of running into it.
   */
  public void apply(boolean besideProgressBar) {
    if (!LogbackConsole.available()) {
      LoggerFactory.getLogger(LogFormat.class).warn("--log-format {}: the logging backend is "
          + "not logback; keeping its own format", wireName());
      return;
    }
    LogbackConsole.use(this, besideProgressBar && this == TEXT);
  }
}
