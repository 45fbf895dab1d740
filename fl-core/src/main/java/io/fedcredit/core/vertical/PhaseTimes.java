package io.fedcredit.core.vertical;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Wall-clock time spent per named phase of a party's steps (encryption, {@code X^T [[d]]},
 * decryption, waiting for messages, sending), for reports on where a job's time goes.
 * Thread-safe; phases of parties on different threads overlap, so the sum may exceed the
 * elapsed time.
 */
public final class PhaseTimes {
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

  /** Runs {@code step}, adding its time to {@code phase}. */
  public <T> T time(String phase, Supplier<T> step) {
    long t0 = System.nanoTime();
    try {
      return step.get();
    } finally {
      add(phase, System.nanoTime() - t0);
    }
  }

  /** Runs {@code step}, adding its time to {@code phase}. */
  public void run(String phase, Runnable step) {
    long t0 = System.nanoTime();
    try {
      step.run();
    } finally {
      add(phase, System.nanoTime() - t0);
    }
  }

  /** Adds time to a phase. */
  public void add(String phase, long elapsedNanos) {
    nanos.computeIfAbsent(phase, k -> new LongAdder()).add(elapsedNanos);
  }

  /** Seconds per phase, by name. */
  public Map<String, Double> seconds() {
    Map<String, Double> out = new TreeMap<>();
    nanos.forEach((k, v) -> out.put(k, v.sum() / 1e9));
    return out;
  }

  /**
   * A link that adds the time of every send to {@code prefix + "send"} (encoding, sealing,
   * transport) and of every receive to {@code prefix + "wait"} (transport, decoding, and waiting
   * for the other parties to compute).
   */
  public PartyLink timed(PartyLink link, String prefix) {
    return new PartyLink() {
      @Override
      public String self() {
        return link.self();
      }

      @Override
      public void send(String to, Object message) {
        run(prefix + "send", () -> link.send(to, message));
      }

      @Override
      public <T> T receive(String from, Class<T> type) {
        return time(prefix + "wait", () -> link.receive(from, type));
      }
    };
  }
}
