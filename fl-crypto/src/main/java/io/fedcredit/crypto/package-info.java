/**
 * FedCredit's cryptography: Paillier, secure-aggregation masks and Shamir sharing, private set
 * intersection, sealed party-to-party envelopes and PKI helpers. Depends on the JDK and
 * BouncyCastle only, and knows nothing of models, gRPC or DL4J, so it can be audited alone.
 */
package io.fedcredit.crypto;
