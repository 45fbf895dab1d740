package io.fedcredit.core.relay;

import java.util.Objects;

/**
 * One relayed message, or one part of a message too large for one envelope. The relay sees
 * every field; the payload of a guest-host envelope is sealed. Immutable (the payload is copied
 * in and out). {@code toString()} prints the size, never the payload.
 *
 * @param jobId the job
 * @param from the sender
 * @param to the recipient
 * @param type the payload's kind, e.g. {@code sealed} or {@code masked_gradient}
 * @param sequence 0, 1, 2, ... per (sender, recipient)
 * @param part this part's index, from 0
 * @param parts number of parts of the message, at least 1
 * @param payload the bytes
 */
public record Envelope(String jobId, String from, String to, String type, long sequence,
    int part, int parts, byte[] payload) {

  /** Checks that no field is null and the part numbers are consistent. */
  public Envelope {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(type, "type");
    if (parts < 1 || part < 0 || part >= parts) {
      throw new IllegalArgumentException("envelope part " + part + " of " + parts);
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("envelope sequence " + sequence + " is negative");
    }
    payload = payload.clone();
  }

  /** A copy of the payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload's length in bytes. */
  public int size() {
    return payload.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope e && e.jobId.equals(jobId) && e.from.equals(from)
        && e.to.equals(to) && e.sequence == sequence && e.part == part && e.parts == parts
        && e.type.equals(type) && java.util.Arrays.equals(e.payload, payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, from, to, sequence, part);
  }

  @Override
  public String toString() {
    return "Envelope[" + jobId + ", " + from + " -> " + to + ", " + type + " #" + sequence
        + (parts > 1 ? " part " + (part + 1) + "/" + parts : "") + ", " + payload.length
        + " bytes]";
  }
}
