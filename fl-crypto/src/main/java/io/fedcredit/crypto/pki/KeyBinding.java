package io.fedcredit.crypto.pki;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a party vouches for when it announces public keys that a coordinator relays to its peers:
 * "in job {@code jobId}, session {@code session} (a round, or a run of a vertical job), I,
 * {@code partyId}, announce these keys for {@code purpose}". A {@link KeyAttestor} signs it,
 * together with the role in the signer's certificate, and a {@link KeyAttestationVerifier}
 * rebuilds it from what the receiver expects, so a signature made for another job, round, party,
 * purpose or key does not verify. Immutable; the keys are public and copied in and out.
 *
 * @param purpose what the keys are for, e.g. {@code secagg/round-keys}
 * @param jobId the job
 * @param session the round (decimal) or another id of one run of the protocol
 * @param partyId the announcing party
 * @param publicKeys the announced public keys, in the protocol's order
 */
public record KeyBinding(String purpose, String jobId, String session, String partyId,
    List<byte[]> publicKeys) {
  private static final byte[] DOMAIN =
      "fedcredit/key-binding/v1".getBytes(StandardCharsets.US_ASCII);

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException when a field is empty or there are no keys
   */
  public KeyBinding {
    for (String[] f : new String[][] {{"purpose", purpose}, {"jobId", jobId},
        {"session", session}, {"partyId", partyId}}) {
      if (f[1] == null || f[1].isEmpty()) {
        throw new IllegalArgumentException("key binding: " + f[0] + " must not be empty");
      }
    }
    Objects.requireNonNull(publicKeys, "publicKeys");
    if (publicKeys.isEmpty()) {
      throw new IllegalArgumentException("key binding: no public key to bind");
    }
    List<byte[]> copy = new ArrayList<>();
    for (byte[] k : publicKeys) {
      copy.add(Objects.requireNonNull(k, "public key").clone());
    }
    publicKeys = List.copyOf(copy);
  }

  /** A binding of a single key. */
  public static KeyBinding of(String purpose, String jobId, String session, String partyId,
      byte[] publicKey) {
    return new KeyBinding(purpose, jobId, session, partyId, List.of(publicKey));
  }

  @Override
  public List<byte[]> publicKeys() {
    return publicKeys.stream().map(byte[]::clone).toList();
  }

  /**
   * The bytes that are signed: a domain tag, then purpose, job, session, party, the signer's role
   * and every key, each prefixed with its length (4 bytes, big-endian), so no two different
   * bindings encode alike.
   */
  public byte[] statement(PartyRole role) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, DOMAIN);
    for (String s : List.of(purpose, jobId, session, partyId, role.wireName())) {
      field(out, s.getBytes(StandardCharsets.UTF_8));
    }
    writeInt(out, publicKeys.size());
    for (byte[] k : publicKeys) {
      field(out, k);
    }
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, byte[] bytes) {
    writeInt(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KeyBinding b) || !purpose.equals(b.purpose) || !jobId.equals(b.jobId)
        || !session.equals(b.session) || !partyId.equals(b.partyId)
        || publicKeys.size() != b.publicKeys.size()) {
      return false;
    }
    for (int i = 0; i < publicKeys.size(); i++) {
      if (!Arrays.equals(publicKeys.get(i), b.publicKeys.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(purpose, jobId, session, partyId, publicKeys.size());
  }

  @Override
  public String toString() {
    return "KeyBinding[" + purpose + ", job " + jobId + ", session " + session + ", party "
        + partyId + ", " + publicKeys.size() + " public key(s)]";
  }
}
