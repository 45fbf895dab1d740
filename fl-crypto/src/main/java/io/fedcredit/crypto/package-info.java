/**
 * FedCredit's cryptography: Paillier, secure-aggregation masks and Shamir sharing, private set
 * intersection, sealed party-to-party envelopes and PKI helpers. Depends on the JDK and
 * BouncyCastle only, and knows nothing of models, gRPC or DL4J, so it can be audited alone.
 *
 * <p>This package holds what every sub-package shares: the root exception
 * {@link io.fedcredit.crypto.CryptoException} and its named subclasses (key mismatch, encoding
 * mismatch, plaintext overflow, invalid ciphertext, malformed key, invalid parameters; secure
 * aggregation's {@link io.fedcredit.crypto.secagg.SecureAggregationException}), and
 * {@link io.fedcredit.crypto.InsecureSecretKeyAccess}, the token every method that exposes secret
 * key material requires, so that such places are easy to find in a review.
 */
package io.fedcredit.crypto;
