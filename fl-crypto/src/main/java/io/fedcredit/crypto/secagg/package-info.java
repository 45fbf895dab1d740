/**
 * Secure aggregation after Bonawitz et al. (CCS 2017): the coordinator learns the sum of the
 * parties' vectors and nothing else, even when some parties drop out after sending their masked
 * input.
 *
 * <p>Building blocks: X25519 key agreement ({@link io.fedcredit.crypto.kex.AgreementKeyPair}),
 * HKDF-SHA256 ({@link io.fedcredit.crypto.kex.Kdf}), an AES-128-CTR pseudo-random generator that
 * expands 256-bit seeds into masks over the ring of 64-bit integers
 * ({@link io.fedcredit.crypto.secagg.MaskGenerator}), Shamir secret sharing over the prime field
 * of 2^521 - 1 ({@link io.fedcredit.crypto.secagg.ShamirSharing}), AES-256-GCM envelopes for the
 * shares, which travel party to party through the coordinator
 * ({@link io.fedcredit.crypto.secagg.ShareEnvelope}), and fixed-point encoding of doubles into the
 * ring with a bound that keeps sums from wrapping ({@link io.fedcredit.crypto.secagg.FixedPointRing}).
 *
 * <p>The four phases are pure state machines, {@link io.fedcredit.crypto.secagg.SecAggClient} and
 * {@link io.fedcredit.crypto.secagg.SecAggServer}; they take and return messages and never open a
 * socket. Threat model: an honest-but-curious coordinator that follows the protocol but reads
 * everything it relays, and any minority of parties below the threshold colluding with it. The
 * consistency-check round that defends against a coordinator lying about who dropped is not
 * implemented; clients do refuse unmasking requests that would reveal both masks of one party.
 */
package io.fedcredit.crypto.secagg;

import io.fedcredit.crypto.kex.AgreementKeyPair;

