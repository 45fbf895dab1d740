package io.fedcredit.core.vertical;

import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.crypto.seal.SealedChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link PartyLink} that seals every message to a peer with an open {@link SealedChannel}
 * (encoded with {@link VerticalWire}, then encrypted and authenticated, bound to the job, both
 * party ids, the message type and its sequence number) and opens every message from it. Messages
 * to and from other parties (the arbiter) pass through unchanged. Not thread-safe.
 */
public final class SealedLinks implements PartyLink {
  private final PartyLink inner;
  private final VerticalWire wire;
  private final Map<String, SealedChannel> channels = new HashMap<>();

  /**
   * @param inner the link the sealed messages travel on
   * @param wire the codec of this party (it must trust the keys of received ciphertexts)
   */
  public SealedLinks(PartyLink inner, VerticalWire wire) {
    this.inner = inner;
    this.wire = wire;
  }

  /** From now on, messages to and from {@code peer} are sealed with {@code channel}. */
  public void open(String peer, SealedChannel channel) {
    channels.put(peer, channel);
  }

  @Override
  public String self() {
    return inner.self();
  }

  @Override
  public void send(String to, Object message) {
    SealedChannel c = channels.get(to);
    if (c == null) {
      inner.send(to, message);
      return;
    }
    VerticalWire.Encoded e = wire.encode(message);
    inner.send(to, new VerticalJobMessages.Sealed(c.seal(e.type(), e.bytes())));
  }

  @Override
  public <T> T receive(String from, Class<T> type) {
    SealedChannel c = channels.get(from);
    if (c == null) {
      return inner.receive(from, type);
    }
    VerticalJobMessages.Sealed s = inner.receive(from, VerticalJobMessages.Sealed.class);
    String wireType = VerticalWire.typeOf(type);
    Object message = wire.decode(wireType, c.open(wireType, s.box()));
    return VerticalJobException.expect(message, type, from, self());
  }
}
