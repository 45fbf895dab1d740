/**
 * The federation's public-key infrastructure: a {@link io.fedcredit.crypto.pki.CertificateAuthority}
 * that issues one ECDSA P-256 certificate per party, with the party's id, role and federation in
 * the certificate ({@code CN = id} and a SAN URI {@code fedcredit://<federation>/<role>/<id>},
 * read back by {@link io.fedcredit.crypto.pki.PartyIdentity#of}), a signed certificate
 * revocation list ({@link io.fedcredit.crypto.pki.RevocationList}), and PEM encoding
 * ({@link io.fedcredit.crypto.pki.Pem}, private keys as unencrypted PKCS#8).
 *
 * <p>Security argument in one paragraph: a party is whoever holds the private key of a
 * certificate that chains to the federation's CA, is not on the CA's latest revocation list and
 * names this federation. The CA's private key signs nothing but party certificates and revocation
 * lists and should stay offline with the operator; whoever holds it can mint any identity.
 * Private keys live in {@link io.fedcredit.crypto.pki.PartyCredential} and
 * {@link io.fedcredit.crypto.pki.CertificateAuthority}, whose {@code toString()} prints only the
 * identity and serial; reading a key needs {@link io.fedcredit.crypto.InsecureSecretKeyAccess}.
 *
 * <p>Keys bound to certificates: a party announces protocol keys (secure aggregation's round
 * keys, a Paillier aggregation key, a sealed channel's X25519 key) through the coordinator, which
 * could substitute its own. The party signs a {@link io.fedcredit.crypto.pki.KeyBinding} (purpose,
 * job, session, party, its certified role, the key bytes) with its certificate's key
 * ({@link io.fedcredit.crypto.pki.KeyAttestor}); every receiver checks the
 * {@link io.fedcredit.crypto.pki.KeyAttestation} against the CA, the revocation list and the
 * announced party ({@link io.fedcredit.crypto.pki.KeyAttestationVerifier}) and refuses with a
 * {@link io.fedcredit.crypto.pki.KeyBindingException} naming the failed check.
 * {@link io.fedcredit.crypto.pki.KeyAuthentication} chooses between that and no checks at all
 * (settings without certificates).
 *
 * <p>This package uses BouncyCastle's {@code bcpkix} to build certificates and CRLs and the JDK's
 * own providers for keys and signatures; it installs no JCA provider.
 */
package io.fedcredit.crypto.pki;
