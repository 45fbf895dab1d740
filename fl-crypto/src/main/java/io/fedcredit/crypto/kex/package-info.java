/**
 * Key agreement and key derivation shared by secure aggregation and sealed channels: X25519
 * (RFC 7748, BouncyCastle) in {@link io.fedcredit.crypto.kex.AgreementKeyPair} and HKDF-SHA256
 * (RFC 5869) in {@link io.fedcredit.crypto.kex.Kdf}.
 */
package io.fedcredit.crypto.kex;
