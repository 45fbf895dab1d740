package io.fedcredit.core.vertical;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Links between parties in one process: messages are passed as objects through one queue per
 * (sender, recipient), each recorded in a {@link HeteroLrTraining.Transcript}. When a party fails,
 * {@link #fail} wakes every waiting party with an exception, so a job never hangs. Thread-safe.
 */
public final class InProcessLinks {
  private final Map<String, LinkedBlockingQueue<Object>> queues = new ConcurrentHashMap<>();
  private final HeteroLrTraining.Transcript transcript;
  private final Duration timeout;
  private volatile Throwable failure;

  /**
   * @param transcript sees every message
   * @param timeout longest wait for one message
   */
  public InProcessLinks(HeteroLrTraining.Transcript transcript, Duration timeout) {
    this.transcript = transcript;
    this.timeout = timeout;
  }

  /** The link of one party. */
  public PartyLink link(String self) {
    return new PartyLink() {
      @Override
      public String self() {
        return self;
      }

      @Override
      public void send(String to, Object message) {
        transcript.record(self, to, message);
        queue(self, to).add(message);
      }

      @Override
      public <T> T receive(String from, Class<T> type) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
          while (true) {
            Throwable f = failure;
            if (f != null) {
              throw new VerticalJobException(self + ": another party failed: " + f, f);
            }
            Object m = queue(from, self).poll(100, TimeUnit.MILLISECONDS);
            if (m != null) {
              return VerticalJobException.expect(m, type, from, self);
            }
            if (System.nanoTime() > deadline) {
              throw new VerticalJobException(self + ": no " + type.getSimpleName() + " from "
                  + from + " within " + timeout);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new VerticalJobException(self + " interrupted waiting for " + from, e);
        }
      }
    };
  }

  /** Marks the job failed: every party waiting for a message gets an exception. */
  public void fail(Throwable cause) {
    if (failure == null) {
      failure = cause;
    }
  }

  /**
   * Runs each party's task on its own thread over these links and waits for all; the first
   * failure fails the links (waking the others) and is rethrown.
   *
   * @return each party's result, by party
   * @throws VerticalJobException wrapping the first party's failure
   */
  public <T> Map<String, T> runAll(Map<String, Callable<T>> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), r -> {
      Thread t = new Thread(r, "vertical-party");
      t.setDaemon(true);
      return t;
    });
    try {
      Map<String, Future<T>> futures = new LinkedHashMap<>();
      tasks.forEach((party, task) -> futures.put(party, pool.submit(() -> {
        try {
          return task.call();
        } catch (Throwable t) {
          fail(t);
          throw t;
        }
      })));
      Map<String, T> out = new LinkedHashMap<>();
      Throwable first = null;
      for (Map.Entry<String, Future<T>> e : futures.entrySet()) {
        try {
          out.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException ex) {
          if (first == null) {
            first = ex.getCause();
          }
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          fail(ex);
          throw new VerticalJobException("interrupted while the parties ran", ex);
        }
      }
      Throwable root = failure != null ? failure : first;
      if (root != null) {
        if (root instanceof RuntimeException re && !(root instanceof VerticalJobException)) {
          throw re;
        }
        throw new VerticalJobException("a party failed: " + root.getMessage(), root);
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private LinkedBlockingQueue<Object> queue(String from, String to) {
    return queues.computeIfAbsent(from + '\u0000' + to, k -> new LinkedBlockingQueue<>());
  }
}
