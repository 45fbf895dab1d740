package io.fedcredit.core.vertical;

/**
 * One party's connection to the other parties of a vertical job: send a typed message to a named
 * party, receive the next message from a named party. Messages from one sender arrive in the
 * order sent. Implementations: {@link InProcessLinks} (objects passed in memory), {@link
 * EnvelopeLink} (serialized into relayed envelopes), and {@link SealedLinks}, which seals what
 * goes to a peer so the relay cannot read it.
 */
public interface PartyLink {

  /** This party's id. */
  String self();

  /**
   * Sends a message to {@code to}.
   *
   * @throws VerticalJobException when the message cannot be delivered
   */
  void send(String to, Object message);

  /**
   * The next message from {@code from}, which must be a {@code type}.
   *
   * @throws VerticalJobException when none arrives in time, the job failed elsewhere, or the
   *     message is of another type
   */
  <T> T receive(String from, Class<T> type);
}
