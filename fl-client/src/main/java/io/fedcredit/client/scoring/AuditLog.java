package io.fedcredit.client.scoring;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.serving.ScoreOutcome;
import io.fedcredit.core.serving.ScoreResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The append-only audit log of every scoring decision: one JSON object per line, e.g.
 *
 * <pre>
 * {"time":"2026-11-30T15:04:05.123Z","model":"sme/hetero-lr","version":3,"enterprise":"E123",
 *  "outcome":"SCORED","decision":"APPROVE","pd":0.0312,"score":612.4,
 *  "reasons":["platform/tax_paid","overdue_days"],"micros":{"bank":9,"platform":612,"total":640}}
 * {"time":"...","model":"...","version":3,"enterprise":"E124","outcome":"DEADLINE_EXCEEDED",
 *  "data_node":"platform","detail":"no answer within 200 ms","micros":{...}}
 * </pre>
 *
 * <p>It holds the time, model id and version, enterprise id, outcome, decision, probability of
 * default, score, the reason codes' feature names and the time per hop; never a feature value.
 * The file is opened for appending only, never truncated or rewritten. Lines are buffered and
 * flushed every {@code flushEvery} (default 200 ms) and on {@link #close()}, so a crash loses at
 * most that much; a write that fails marks the log broken and every later {@link #record} throws
 * {@link FedCreditException}, so no decision goes out unaudited after a failure. Thread-safe.
 */
public final class AuditLog implements AutoCloseable {
  private final Path file;
  private final Writer out;
  private final ScheduledExecutorService flusher;
  private IOException broken;
  private boolean closed;

  private AuditLog(Path file, Writer out, long flushMillis) {
    this.file = file;
    this.out = out;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "audit-log-flusher");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Opens {@code file} for appending (creating it and its folder), flushing every 200 ms.
   *
   * @throws IOException when the file cannot be opened
   */
  public static AuditLog open(Path file) throws IOException {
    return open(file, 200);
  }

  /**
   * Opens {@code file} for appending, flushing every {@code flushMillis} milliseconds.
   *
   * @throws IOException when the file cannot be opened
   */
  public static AuditLog open(Path file, long flushMillis) throws IOException {
    if (flushMillis <= 0) {
      throw new IllegalArgumentException("flushMillis must be positive: " + flushMillis);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
        StandardCharsets.UTF_8), 1 << 16);
    return new AuditLog(file, w, flushMillis);
  }

  /** The log file. */
  public Path file() {
    return file;
  }

  /**
   * Appends one decision.
   *
   * @throws FedCreditException when the log is closed or an earlier write failed
   */
  public void record(ScoreResult r) {
    String line = line(r);
    synchronized (this) {
      if (closed) {
        throw new FedCreditException("audit log " + file + " is closed");
      }
      if (broken != null) {
        throw new FedCreditException("audit log " + file + " failed (" + broken.getMessage()
            + "): no decision is given without its audit line", broken);
      }
      try {
        out.write(line);
      } catch (IOException e) {
        broken = e;
        throw new FedCreditException("audit log " + file + " cannot be written: "
            + e.getMessage(), e);
      }
    }
  }

  /**
   * Writes the buffered lines to the file.
   *
   * @throws FedCreditException when the write fails (the log is then broken)
   */
  public synchronized void flush() {
    if (closed || broken != null) {
      return;
    }
    try {
      out.flush();
    } catch (IOException e) {
      broken = e;
      throw new FedCreditException("audit log " + file + " cannot be written: " + e.getMessage(),
          e);
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (FedCreditException e) {
      // kept in `broken`: the next record() reports it to its caller
    }
  }

  /** Flushes and closes the file. */
  @Override
  public void close() {
    flusher.shutdownNow();
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        flush();
      } finally {
        closed = true;
        try {
          out.close();
        } catch (IOException e) {
          broken = e;
        }
      }
    }
  }

  /** The JSON line of a result (ends with a newline). */
  static String line(ScoreResult r) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"time\":\"");
    time(sb, r.time());
    sb.append("\",\"model\":");
    string(sb, r.modelId());
    sb.append(",\"version\":").append(r.modelVersion()).append(",\"enterprise\":");
    string(sb, r.enterpriseId());
    sb.append(",\"outcome\":\"").append(r.outcome().kind()).append('"');
    ScoreOutcome o = r.outcome();
    if (o instanceof ScoreOutcome.Scored s) {
      sb.append(",\"decision\":\"").append(s.decision()).append("\",\"pd\":")
          .append(s.probabilityOfDefault()).append(",\"score\":").append(s.score())
          .append(",\"reasons\":[");
      for (int i = 0; i < s.reasons().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        string(sb, s.reasons().get(i).feature());
      }
      sb.append(']');
    } else {
      sb.append(",\"data_node\":");
      string(sb, o.dataNode());
      sb.append(",\"detail\":");
      string(sb, o.detail());
    }
    sb.append(",\"micros\":{");
    boolean first = true;
    for (Map.Entry<String, Long> e : r.micros().entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      string(sb, e.getKey());
      sb.append(':').append(e.getValue());
    }
    return sb.append("}}\n").toString();
  }

  /** The seconds of the last time written, formatted once per second. */
  private record Second(long epochSecond, String text) {}

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", java.util.Locale.ROOT);
  private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

  /** ISO-8601 UTC with nanoseconds, e.g. {@code 2026-11-30T15:04:05.123456789Z}. */
  static void time(StringBuilder sb, Instant t) {
    Second s = lastSecond;
    if (s.epochSecond() != t.getEpochSecond()) {
      s = new Second(t.getEpochSecond(), LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0,
          ZoneOffset.UTC).format(SECONDS));
      lastSecond = s;
    }
    String nanos = Integer.toString(t.getNano());
    sb.append(s.text()).append('.');
    for (int i = nanos.length(); i < 9; i++) {
      sb.append('0');
    }
    sb.append(nanos).append('Z');
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    int plain = 0;
    while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"'
        && s.charAt(plain) != '\\') {
      plain++;
    }
    if (plain == s.length()) {
      sb.append(s).append('"');
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
