package io.fedcredit.core.relay;

import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.wire.WireLimits;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The relay's mailboxes for one job: one ordered queue per (sender, recipient), bounded in
 * bytes per recipient. A deposit must carry the next (sequence, part) of its (sender, recipient)
 * pair; a repeat of one already accepted is ignored (so a sender may retry after a lost answer)
 * and a gap is refused. The mailboxes read no payload. Thread-safe.
 */
public final class Mailboxes {
  private final String jobId;
  private final Set<String> parties;
  private final int maxPayloadBytes;
  private final long maxQueuedBytes;
  private final Consumer<Envelope> observer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final Map<String, ArrayDeque<Envelope>> queues = new HashMap<>();
  /** Per (sender, recipient): sequence, part and parts of the last accepted envelope. */
  private final Map<String, long[]> lastAccepted = new HashMap<>();
  private final Map<String, Long> queuedBytes = new HashMap<>();
  private final Map<String, Integer> queuedEnvelopes = new HashMap<>();
  private boolean closed;

  /**
   * @param jobId the job
   * @param parties every party that may send or receive (including the arbiter)
   * @param maxPayloadBytes largest payload of one envelope
   * @param maxQueuedBytes most bytes waiting for one recipient
   * @param observer sees every accepted envelope (an audit log, or a test's transcript)
   */
  public Mailboxes(String jobId, List<String> parties, int maxPayloadBytes, long maxQueuedBytes,
      Consumer<Envelope> observer) {
    this.jobId = jobId;
    this.parties = Set.copyOf(parties);
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxQueuedBytes = maxQueuedBytes;
    this.observer = observer;
  }

  public String jobId() {
    return jobId;
  }

  /** Whether {@code party} belongs to the job. */
  public boolean hasParty(String party) {
    return parties.contains(party);
  }

  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /**
   * Accepts an envelope.
   *
   * @throws Rejection naming the field at fault: another job, an unknown party, a payload
   *     over the limit, a full mailbox, a gap in the sequence, or a closed job
   */
  public void deposit(Envelope e) {
    if (!e.jobId().equals(jobId)) {
      throw new Rejection(Reason.UNKNOWN_JOB, "envelope.job_id '" + e.jobId()
          + "' is not job " + jobId);
    }
    requireParty(e.from(), "envelope.from");
    requireParty(e.to(), "envelope.to");
    if (e.from().equals(e.to())) {
      throw new Rejection(Reason.INVALID_VALUE, "envelope.to: " + e.from()
          + " sends to itself");
    }
    if (e.type().isEmpty()) {
      throw new Rejection(Reason.INVALID_VALUE, "envelope.type is empty");
    }
    if (e.size() > maxPayloadBytes) {
      throw new Rejection(Reason.TOO_LARGE, "envelope.payload has " + e.size()
          + " bytes, more than the limit of " + maxPayloadBytes + "; split it into parts");
    }
    String pair = pair(e.from(), e.to());
    lock.lock();
    try {
      if (closed) {
        throw new Rejection(Reason.JOB_FINISHED, "job " + jobId + " is closed");
      }
      // position = (sequence, part) in order; the next is the next part, or part 0 of the next
      // message once the last one is complete
      long[] last = lastAccepted.get(pair);
      long expectedSeq = last == null ? 0 : last[2] == last[1] + 1 ? last[0] + 1 : last[0];
      long expectedPart = last == null || last[2] == last[1] + 1 ? 0 : last[1] + 1;
      boolean repeat = last != null && (e.sequence() < last[0]
          || e.sequence() == last[0] && e.part() <= last[1]);
      if (repeat) {
        return; // a retry of an envelope already accepted
      }
      if (e.sequence() != expectedSeq || e.part() != expectedPart
          || last != null && e.sequence() == last[0] && e.parts() != last[2]) {
        throw new Rejection(Reason.WRONG_PHASE, "envelope.sequence " + e.sequence()
            + " part " + e.part() + " from " + e.from() + " to " + e.to() + " in job " + jobId
            + "; expected sequence " + expectedSeq + " part " + expectedPart);
      }
      long queued = queuedBytes.getOrDefault(e.to(), 0L);
      if (queued + e.size() > maxQueuedBytes) {
        throw new Rejection(Reason.TOO_LARGE, "mailbox of " + e.to() + " in job " + jobId
            + " holds " + queued + " bytes; the limit is " + maxQueuedBytes + ": retry later");
      }
      int envelopes = queuedEnvelopes.getOrDefault(e.to(), 0);
      if (envelopes >= WireLimits.MAX_QUEUED_ENVELOPES) {
        throw new Rejection(Reason.TOO_LARGE, "mailbox of " + e.to() + " in job " + jobId
            + " holds " + envelopes + " envelopes; the limit is "
            + WireLimits.MAX_QUEUED_ENVELOPES + ": retry later");
      }
      queues.computeIfAbsent(pair, k -> new ArrayDeque<>()).add(e);
      queuedBytes.put(e.to(), queued + e.size());
      queuedEnvelopes.put(e.to(), envelopes + 1);
      lastAccepted.put(pair, new long[] {e.sequence(), e.part(), e.parts()});
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    observer.accept(e);
  }

  /**
   * Takes the next envelope from {@code from} to {@code to}, waiting up to {@code timeout}.
   *
   * @return the envelope, or {@code null} if none arrived in time
   * @throws Rejection for an unknown party or a closed job with nothing left to take
   */
  public Envelope take(String from, String to, Duration timeout) throws InterruptedException {
    requireParty(from, "from");
    requireParty(to, "party_id");
    long deadline = System.nanoTime() + timeout.toNanos();
    String pair = pair(from, to);
    lock.lock();
    try {
      while (true) {
        ArrayDeque<Envelope> q = queues.get(pair);
        if (q != null && !q.isEmpty()) {
          Envelope e = q.poll();
          queuedBytes.merge(to, (long) -e.size(), Long::sum);
          queuedEnvelopes.merge(to, -1, Integer::sum);
          return e;
        }
        if (closed) {
          throw new Rejection(Reason.JOB_FINISHED, "job " + jobId + " is closed");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        arrived.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Closes the job: waiting and later takes on empty queues fail with {@code CLOSED}. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void requireParty(String party, String field) {
    if (!parties.contains(party)) {
      throw new Rejection(Reason.NOT_ALLOWED, field + " '" + party
          + "' is not a party of job " + jobId + " " + parties);
    }
  }

  private static String pair(String from, String to) {
    return from + '\u0000' + to;
  }

  /** A party's transport straight into these mailboxes (the arbiter's, and tests'). */
  public EnvelopeTransport transportFor(String party) {
    requireParty(party, "party");
    return new EnvelopeTransport() {
      @Override
      public void send(Envelope envelope) {
        if (!envelope.from().equals(party)) {
          throw new Rejection(Reason.INVALID_VALUE, "envelope.from '" + envelope.from()
              + "' is not " + party);
        }
        deposit(envelope);
      }

      @Override
      public Envelope receive(String from, Duration timeout) throws InterruptedException {
        return take(from, party, timeout);
      }

      @Override
      public int maxPayloadBytes() {
        return maxPayloadBytes;
      }
    };
  }
}
