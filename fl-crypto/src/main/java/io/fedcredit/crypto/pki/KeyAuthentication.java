package io.fedcredit.crypto.pki;

import java.util.Objects;
import java.util.Optional;

/**
 * How a party treats the public keys that it and its peers announce through a relay (secure
 * aggregation's round keys, a Paillier aggregation key, a sealed channel's key).
 *
 * <p>{@link #certified} signs this party's announcements with its certificate's key and accepts a
 * peer's key only with a valid binding to that peer's certificate ({@link
 * KeyAttestationVerifier}): a relay that substitutes, strips or replays keys across jobs, rounds
 * or parties is detected. {@link #unauthenticated} (plaintext transport, tests, in-process demos)
 * sends no signatures and accepts any key: a relay that substitutes keys can then read what is
 * sealed under them, which is why it exists only for settings without certificates. Immutable.
 */
public final class KeyAuthentication {
  private static final KeyAuthentication NONE = new KeyAuthentication(null, null);

  private final KeyAttestor attestor;
  private final KeyAttestationVerifier verifier;

  private KeyAuthentication(KeyAttestor attestor, KeyAttestationVerifier verifier) {
    this.attestor = attestor;
    this.verifier = verifier;
  }

  /** Signs with {@code attestor}, accepts only keys that {@code verifier} accepts. */
  public static KeyAuthentication certified(KeyAttestor attestor,
      KeyAttestationVerifier verifier) {
    return new KeyAuthentication(Objects.requireNonNull(attestor, "attestor"),
        Objects.requireNonNull(verifier, "verifier"));
  }

  /** No signatures, no checks: for settings without certificates only. */
  public static KeyAuthentication unauthenticated() {
    return NONE;
  }

  /** Whether announced keys are signed and checked. */
  public boolean isCertified() {
    return attestor != null;
  }

  /**
   * The attestation to send with this party's announcement, or null when unauthenticated.
   *
   * @throws IllegalArgumentException when the binding names another party than the certificate
   */
  public KeyAttestation attest(KeyBinding binding) {
    return attestor == null ? null : attestor.attest(binding);
  }

  /**
   * Checks a peer's announcement.
   *
   * @param expected the binding the receiver expects (its job and session, the announcing party,
   *     the key bytes as received)
   * @param attestation what came with the key, or null
   * @return the signer's certified identity, or empty when unauthenticated (nothing is checked)
   * @throws KeyBindingException when certified and the key is not bound to the party's certificate
   */
  public Optional<PartyIdentity> verify(KeyBinding expected, KeyAttestation attestation) {
    return verifier == null ? Optional.empty()
        : Optional.of(verifier.verify(expected, attestation));
  }

  @Override
  public String toString() {
    return attestor == null ? "KeyAuthentication[unauthenticated]"
        : "KeyAuthentication[certified as " + attestor.identity() + "]";
  }
}
