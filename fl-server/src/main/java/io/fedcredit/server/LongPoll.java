package io.fedcredit.server;

import io.fedcredit.core.protocol.Task;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time and long polling for one job's protocol: a daemon thread ticks the protocol every
 * {@value #TICK_MILLIS} ms so its deadlines fire, and polls wait until the protocol's version
 * changes (a new task may be due) or their window ends. Thread-safe.
 */
final class LongPoll implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LongPoll.class);
  private static final long TICK_MILLIS = 50;

  private final LongSupplier version;
  private final Object monitor = new Object();
  private final ScheduledExecutorService ticker;
  private long lastSignalled = -1;

  /**
   * Starts ticking.
   *
   * @param version the protocol's version, which changes whenever a task may have changed
   * @param tick lets the protocol's time pass
   */
  LongPoll(String threadName, LongSupplier version, Runnable tick) {
    this.version = version;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(() -> {
      try {
        tick.run();
        signal();
      } catch (RuntimeException e) {
        LOG.error("{}: tick failed", threadName, e);
      }
    }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Polls until the task is not {@link Task.Wait}, or {@code maxWaitMillis} have passed. */
  Task await(LongSupplier clock, long maxWaitMillis, Supplier<Task> poll)
      throws InterruptedException {
    long deadline = clock.getAsLong() + maxWaitMillis;
    while (true) {
      long seen = version.getAsLong();
      Task task = poll.get();
      signal();
      long remaining = deadline - clock.getAsLong();
      if (!(task instanceof Task.Wait) || remaining <= 0) {
        return task;
      }
      synchronized (monitor) {
        if (version.getAsLong() == seen) {
          monitor.wait(Math.min(remaining, 1000));
        }
      }
    }
  }

  /** Runs a protocol input, then wakes the polls waiting for a change, even if it threw. */
  void signalling(Runnable input) {
    try {
      input.run();
    } finally {
      signal();
    }
  }

  /** Wakes the waiting polls if the version changed. */
  void signal() {
    long v = version.getAsLong();
    synchronized (monitor) {
      if (v != lastSignalled) {
        lastSignalled = v;
        monitor.notifyAll();
      }
    }
  }

  /** Stops ticking and wakes every waiting poll. */
  @Override
  public void close() {
    ticker.shutdownNow();
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }
}
