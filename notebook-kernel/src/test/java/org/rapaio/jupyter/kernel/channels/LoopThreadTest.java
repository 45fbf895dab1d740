package org.rapaio.jupyter.kernel.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopThreadTest {

  @AfterEach
  void openGate() {
    LoopThread.releaseLoops();
  }

  @Test
  void aStartedLoopTurnsUntilShutdown() throws Exception {
    for (int attempt = 0; attempt < 200; attempt++) {  // the kernel's race lost about 1 in 5
      CountDownLatch turns = new CountDownLatch(3);
      LoopThread loop = new LoopThread("test-loop", 0, turns::countDown);
      loop.start();
      assertTrue(turns.await(30, TimeUnit.SECONDS), "the loop stopped before its third turn");
      loop.shutdown();
      loop.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(loop.isAlive(), "the loop did not end after shutdown()");
    }
  }

  @Test
  void aHeldLoopWaitsForItsReleaseBeforeItsFirstTurn() throws Exception {
    AtomicInteger turns = new AtomicInteger();
    CountDownLatch ran = new CountDownLatch(1);
    LoopThread.holdLoops();
    LoopThread loop = new LoopThread("held-loop", 1, () -> {
      turns.incrementAndGet();
      ran.countDown();
    });
    loop.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (loop.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(Thread.State.WAITING, loop.getState(), "the loop is not waiting at the gate");
    assertEquals(0, turns.get(), "the loop turned before it was released");
    LoopThread.releaseLoops();
    assertTrue(ran.await(30, TimeUnit.SECONDS), "the released loop never turned");
    loop.shutdown();
    loop.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(loop.isAlive());
  }

  @Test
  void anInterruptedLoopEnds() throws Exception {
    LoopThread loop = new LoopThread("sleepy-loop", 60_000, () -> { });
    loop.start();
    loop.interrupt();
    loop.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(loop.isAlive());
  }
}
