/**
 * Vertical federated learning between a guest (the bank: labels and its own features), one or
 * more hosts (the platform's data node: features) and an arbiter (the coordinator: the Paillier
 * key pair). Hetero logistic regression in the FATE shape, as pure state machines over messages:
 * hosts send encrypted partial linear predictors, the guest forms the encrypted Taylor residual,
 * each party computes its encrypted gradient with one multi-exponentiation per feature
 * ({@code X^T [[d]]}), adds a random mask, and the arbiter decrypts only masked gradients and the
 * loss. Guest-host messages travel sealed through the coordinator
 * ({@link io.fedcredit.crypto.seal.SealedChannel}), so the arbiter, which holds the private key,
 * never sees a ciphertext it could decrypt into a party's data.
 */
package io.fedcredit.core.vertical;
