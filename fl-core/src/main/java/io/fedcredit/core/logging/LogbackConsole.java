package io.fedcredit.core.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The one place that touches logback itself (an optional dependency: loaded only when SLF4J is
 * bound to it). Swaps the encoders of the root logger's console appenders; the text encoder each
 * had first is remembered so the format can be switched back.
 */
final class LogbackConsole {
  private static final String TEXT_ENCODER = "fedcredit.text-encoder";
  /** Carriage return, then ANSI "erase to end of line". */
  private static final String CLEAR_LINE = "\r\u001B[K";

  private LogbackConsole() {}

  static boolean available() {
    try {
      Class.forName("ch.qos.logback.classic.LoggerContext", false,
          LogbackConsole.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return false;
    }
    return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
  }

  static synchronized void use(LogFormat format, boolean clearLine) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof ConsoleAppender<ILoggingEvent> c) {
        consoles.add(c);
      }
    }
    for (ConsoleAppender<ILoggingEvent> c : consoles) {
      @SuppressWarnings("unchecked")
      Encoder<ILoggingEvent> text = (Encoder<ILoggingEvent>) ctx.getObject(TEXT_ENCODER + "."
          + c.getName());
      if (text == null && !(c.getEncoder() instanceof JsonEncoder)) {
        text = c.getEncoder();
        ctx.putObject(TEXT_ENCODER + "." + c.getName(), text);
      }
      Encoder<ILoggingEvent> next = format == LogFormat.JSON ? json(ctx) : text;
      if (next == null) {
        next = pattern(ctx, DEFAULT_PATTERN);
      }
      if (clearLine && next instanceof PatternLayoutEncoder p) {
        next = pattern(ctx, CLEAR_LINE + p.getPattern());
      }
      c.stop();
      c.setEncoder(next);
      c.start();
    }
  }

  private static Encoder<ILoggingEvent> json(LoggerContext ctx) {
    JsonEncoder e = new JsonEncoder();
    e.setContext(ctx);
    e.setWithSequenceNumber(false);
    e.setWithNanoseconds(false);
    e.setWithContext(false);
    e.setWithMessage(false);   // the template: the formatted message says it all
    e.setWithArguments(false); // raw arguments: never duplicated into the line
    e.setWithFormattedMessage(true);
    e.start();
    return e;
  }

  private static final String DEFAULT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

  private static Encoder<ILoggingEvent> pattern(LoggerContext ctx, String pattern) {
    PatternLayoutEncoder e = new PatternLayoutEncoder();
    e.setContext(ctx);
    e.setPattern(pattern);
    e.start();
    return e;
  }
}
