package io.fedcredit.core.logging;

import org.slf4j.MDC;

/**
 * The job, round and party of what a thread is doing, in SLF4J's MDC under {@link #JOB},
 * {@link #ROUND} and {@link #PARTY}: JSON log lines carry them as fields, so an operator can
 * filter one job's or one bank's lines. Each method returns a scope that restores the previous
 * values when closed (try-with-resources), so nested and reused threads stay correct.
 */
public final class LogContext implements AutoCloseable {
  /** MDC key of the job id. */
  public static final String JOB = "job";
  /** MDC key of the round. */
  public static final String ROUND = "round";
  /** MDC key of the party (participant) id. */
  public static final String PARTY = "party";

  private final String[] keys;
  private final String[] previous;

  private LogContext(String[] keys, String[] values) {
    this.keys = keys;
    this.previous = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      previous[i] = MDC.get(keys[i]);
      put(keys[i], values[i]);
    }
  }

  /** Job and party (either may be null, which leaves it unset). */
  public static LogContext of(String job, String party) {
    return new LogContext(new String[] {JOB, PARTY}, new String[] {job, party});
  }

  /** Job, round and party (any may be null, which leaves it unset). */
  public static LogContext of(String job, long round, String party) {
    return new LogContext(new String[] {JOB, ROUND, PARTY},
        new String[] {job, Long.toString(round), party});
  }

  /** The round alone, inside an enclosing job scope. */
  public static LogContext round(long round) {
    return new LogContext(new String[] {ROUND}, new String[] {Long.toString(round)});
  }

  private static void put(String key, String value) {
    if (value == null || value.isEmpty()) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** Restores the values the keys had before. */
  @Override
  public void close() {
    for (int i = 0; i < keys.length; i++) {
      put(keys[i], previous[i]);
    }
  }
}
