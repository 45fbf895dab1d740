package io.fedcredit.core.vertical;

import io.fedcredit.core.relay.Envelope;
import io.fedcredit.core.relay.EnvelopeTransport;
import io.fedcredit.core.wire.VerticalWire;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link PartyLink} over relayed envelopes: each message is encoded with {@link VerticalWire},
 * split into parts no larger than the relay allows, and numbered per recipient; received parts
 * are reassembled and decoded. A {@link VerticalJobMessages.Sealed} message travels as type
 * {@code sealed} with its box as the payload. Not thread-safe: one party, one thread.
 */
public final class EnvelopeLink implements PartyLink {
  /** The envelope type of sealed guest-host messages. */
  public static final String SEALED = "sealed";

  private final String jobId;
  private final String self;
  private final EnvelopeTransport transport;
  private final VerticalWire wire;
  private final Duration timeout;
  private final Map<String, Long> sent = new HashMap<>();
  private final Map<String, Long> received = new HashMap<>();

  /**
   * @param jobId the job
   * @param self this party's id
   * @param transport the way to the relay's mailboxes
   * @param wire this party's codec
   * @param timeout longest wait for one message
   */
  public EnvelopeLink(String jobId, String self, EnvelopeTransport transport, VerticalWire wire,
      Duration timeout) {
    this.jobId = jobId;
    this.self = self;
    this.transport = transport;
    this.wire = wire;
    this.timeout = timeout;
  }

  @Override
  public String self() {
    return self;
  }

  /** This party's codec. */
  public VerticalWire wire() {
    return wire;
  }

  @Override
  public void send(String to, Object message) {
    String type;
    byte[] bytes;
    if (message instanceof VerticalJobMessages.Sealed s) {
      type = SEALED;
      bytes = s.box();
    } else {
      VerticalWire.Encoded e = wire.encode(message);
      type = e.type();
      bytes = e.bytes();
    }
    long seq = sent.merge(to, 1L, Long::sum) - 1;
    int max = transport.maxPayloadBytes();
    int parts = Math.max(1, (bytes.length + max - 1) / max);
    for (int i = 0; i < parts; i++) {
      byte[] part = Arrays.copyOfRange(bytes, i * max, Math.min(bytes.length, (i + 1) * max));
      transport.send(new Envelope(jobId, self, to, type, seq, i, parts, part));
    }
  }

  @Override
  public <T> T receive(String from, Class<T> type) {
    Envelope first = next(from, type);
    long seq = received.getOrDefault(from, 0L);
    if (first.sequence() != seq || first.part() != 0) {
      throw new VerticalJobException(self + " expected message " + seq + " from " + from
          + ", part 1, but received " + first);
    }
    received.put(from, seq + 1);
    byte[] bytes = first.payload();
    if (first.parts() > 1) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.writeBytes(bytes);
      for (int i = 1; i < first.parts(); i++) {
        Envelope e = next(from, type);
        if (e.sequence() != seq || e.part() != i || e.parts() != first.parts()
            || !e.type().equals(first.type())) {
          throw new VerticalJobException(self + " expected part " + (i + 1) + " of "
              + first.parts() + " of message " + seq + " from " + from + ", received " + e);
        }
        all.writeBytes(e.payload());
      }
      bytes = all.toByteArray();
    }
    Object message;
    if (first.type().equals(SEALED)) {
      message = new VerticalJobMessages.Sealed(bytes);
    } else {
      message = wire.decode(first.type(), bytes);
    }
    return VerticalJobException.expect(message, type, from, self);
  }

  private Envelope next(String from, Class<?> type) {
    try {
      Envelope e = transport.receive(from, timeout);
      if (e == null) {
        throw new VerticalJobException(self + " in job " + jobId + ": no "
            + type.getSimpleName() + " from " + from + " within " + timeout);
      }
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new VerticalJobException(self + " interrupted waiting for " + from, ex);
    }
  }

  @Override
  public String toString() {
    return "EnvelopeLink[" + jobId + ", " + self + "]";
  }
}
