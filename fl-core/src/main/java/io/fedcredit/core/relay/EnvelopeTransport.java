package io.fedcredit.core.relay;

import java.time.Duration;

/** How one party of a relayed job reaches the relay's mailboxes. */
public interface EnvelopeTransport {

  /** Deposits an envelope in its recipient's mailbox (blocking until the relay accepted it). */
  void send(Envelope envelope);

  /**
   * The next envelope from {@code from} to this party, waiting up to {@code timeout}.
   *
   * @return the envelope, or {@code null} when none arrived in time
   * @throws InterruptedException when the calling thread is interrupted
   */
  Envelope receive(String from, Duration timeout) throws InterruptedException;

  /** Largest payload of one envelope; larger messages are split into parts. */
  int maxPayloadBytes();
}
