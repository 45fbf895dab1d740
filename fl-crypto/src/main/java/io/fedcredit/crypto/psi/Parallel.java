package io.fedcredit.crypto.psi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a loop over [0, n) on a few threads, in slices pulled from a shared counter so that a
 * thread slowed by other load on the machine takes fewer slices. Each thread gets its own worker
 * (temporaries, digests) from a supplier.
 */
final class Parallel {
  /** Slices per thread: enough to balance a loaded machine, few enough to keep batches large. */
  private static final int SLICES_PER_THREAD = 8;
  private static final int MIN_SLICE = 256;

  /** The body of a loop slice: handles [from, to) with its thread's worker. */
  interface Slice<W> {
    void run(W worker, int from, int to);
  }

  private Parallel() {}

  static <W> void forRange(int n, int parallelism, Supplier<W> workers, Slice<W> body) {
    if (n == 0) {
      return;
    }
    int threads = Math.max(1, Math.min(parallelism, (n + MIN_SLICE - 1) / MIN_SLICE));
    if (threads == 1) {
      body.run(workers.get(), 0, n);
      return;
    }
    int slice = Math.max(MIN_SLICE, (n + threads * SLICES_PER_THREAD - 1)
        / (threads * SLICES_PER_THREAD));
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        try {
          W w = workers.get();
          int from;
          while (failure.get() == null && (from = next.getAndAdd(slice)) < n) {
            body.run(w, from, Math.min(n, from + slice));
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "fedcredit-psi-" + t);
      th.setDaemon(true);
      th.start();
      started.add(th);
    }
    boolean interrupted = false;
    for (Thread th : started) {
      while (true) {
        try {
          th.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
  }
}
