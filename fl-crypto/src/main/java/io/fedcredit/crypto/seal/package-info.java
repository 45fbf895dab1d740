/**
 * Sealed party-to-party messages that travel through the coordinator, which relays them and
 * cannot read, alter, redirect or replay them: {@link io.fedcredit.crypto.seal.Aead} (AES-256-GCM
 * under an HKDF-derived key, bound to associated data) and
 * {@link io.fedcredit.crypto.seal.SealedChannel} (a pairwise channel keyed by X25519 between two
 * identities, with a sequence number per direction against replay and reordering). The
 * coordinator sees sender, recipient, message type and size only.
 */
package io.fedcredit.crypto.seal;
