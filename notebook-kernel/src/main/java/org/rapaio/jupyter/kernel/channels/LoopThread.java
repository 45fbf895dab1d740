package org.rapaio.jupyter.kernel.channels;

import java.util.concurrent.CountDownLatch;

/**
 * FedCredit's own loop thread for rapaio-jupyter-kernel 3.0.1, with the same name and API as the
 * kernel's class; the notebook kernel puts its jar ahead of the kernel jar, so the kernel's
 * channels (shell, control, heartbeat) run their poll loops on this class. It differs from the
 * kernel's in two ways, each fixing a start-up race that made about one notebook run in three to
 * seven hang with "Kernel didn't respond" (both still present in the kernel's 3.0.4):
 *
 * <ol>
 *   <li>{@link #start()} marks the loop running <em>before</em> the thread starts, so the loop
 *       cannot read {@code running == false} and end before its first turn;
 *   <li>a loop waits at a gate before its first turn. {@code io.fedcredit.notebook.KernelLauncher}
 *       closes the gate before {@code Channels.connect} and opens it after, so no channel reads a
 *       message before {@code connect} has built the kernel's handler map (otherwise an early
 *       {@code kernel_info_request} meets a null map and the exception ends the shell thread).
 *       The gate is open unless someone closes it.
 * </ol>
 */
public final class LoopThread extends Thread {
  private static volatile CountDownLatch gate = new CountDownLatch(0);

  private volatile boolean running;
  private final long sleep;
  private final Runnable loopBody;

  /**
   * @param name the thread's name
   * @param sleep milliseconds to sleep after each turn of the loop
   * @param loopBody one turn of the loop
   */
  public LoopThread(String name, long sleep, Runnable loopBody) {
    super(name);
    this.sleep = sleep;
    this.loopBody = loopBody;
  }

  /**
   * Makes loops started from now on wait before their first turn until {@link #releaseLoops()}.
   * Call it before any loop starts.
   */
  public static void holdLoops() {
    gate = new CountDownLatch(1);
  }

  /** Lets every held loop, and every loop started later, run. */
  public static void releaseLoops() {
    gate.countDown();
  }

  @Override
  public void run() {
    try {
      gate.await();
      while (running) {
        loopBody.run();
        Thread.sleep(sleep);
      }
    } catch (InterruptedException e) {
      running = false;
    }
  }

  /** Marks the loop running, then starts the thread. */
  @Override
  public synchronized void start() {
    running = true;
    super.start();
  }

  /** Ends the loop after its current turn. */
  public void shutdown() {
    running = false;
  }
}
