/**
 * Private set intersection on enterprise ids, so that a bank (guest, label holder) and the
 * platform's data node (host, feature holder) can align rows for vertical training without either
 * learning the other's ids outside the intersection.
 *
 * <h2>Protocols</h2>
 * <ul>
 *   <li>{@link io.fedcredit.crypto.psi.EcdhPsiParty}: balanced Diffie-Hellman PSI (Meadows 1986;
 *       Huberman, Franklin and Hogg, EC 1999). Each side sends its ids hashed to the curve and
 *       raised to a secret scalar, shuffled ({@link io.fedcredit.crypto.psi.EcdhPsiMessages});
 *       each raises the other's to its own scalar; H(x)^(ab) = H(x)^(ba) identifies common ids.
 *       Both sides, or only the guest ({@link io.fedcredit.crypto.psi.EcdhPsiSettings.Reveal}),
 *       learn the intersection, ordered by its doubly-blinded values so that both hold it in the
 *       same row order ({@link io.fedcredit.crypto.psi.PsiResult}).</li>
 *   <li>{@link io.fedcredit.crypto.psi.OprfPsiServer} / {@link io.fedcredit.crypto.psi.OprfPsiClient}:
 *       unbalanced PSI for a bank with a few thousand ids against millions, on the 2HashDH OPRF
 *       (Jarecki and Liu, TCC 2009; the same shape as De Cristofaro and Tsudik's RSA blind
 *       signature PSI, FC 2010). The large side's work is done once per key; per bank it raises
 *       the bank's blinded ids to its key. What it trades: the server learns the bank's set size;
 *       the bank learns which of its queried ids the server holds, so a key carries a query
 *       budget.</li>
 * </ul>
 *
 * <h2>Group and encodings</h2>
 * Curve25519 (RFC 7748), order 8 l with l = 2^252 + 2774...3493 prime, handled by u-coordinate
 * only: {@link io.fedcredit.crypto.psi.X25519} is a constant-time Montgomery ladder on this
 * package's own field arithmetic (five 51-bit limbs; high words of products from a
 * {@code double} estimate), tested against BouncyCastle, {@code BigInteger} and RFC 7748's
 * vectors. Since u([a][b]P) = u([b][a]P) and u(-P) = u(P), blinding commutes on u-coordinates.
 * Ids are hashed with RFC 9380's {@code curve25519_XMD:SHA-512_ELL2_RO_}
 * ({@link io.fedcredit.crypto.psi.HashToCurve25519}: two Elligator 2 maps, a point addition, and
 * multiplication by the cofactor 8), with a tag per protocol. Blinded elements travel as 32-byte
 * canonical u-coordinates ({@link io.fedcredit.crypto.psi.BlindedElements}).
 *
 * <p>Why not ristretto255 (RFC 9496): it gives a prime-order group without cofactor reasoning,
 * but every encoding and decoding costs an inverse square root (about one exponentiation, a tenth
 * of a scalar multiplication, per element sent and per element received) and its arithmetic runs
 * on Edwards coordinates, where a variable-base scalar multiplication costs about as much as the
 * Montgomery ladder. The u-coordinate ladder with batched inversions is the cheapest way to
 * blind a million points, and the cofactor is handled as follows.
 *
 * <h2>Security argument (semi-honest parties)</h2>
 * <ul>
 *   <li><b>Hash.</b> The RO suite's output is indistinguishable from a random oracle into the
 *       subgroup G of order l (RFC 9380, section 10; Brier et al., CRYPTO 2010; Farashahi et al.,
 *       Math. Comp. 2013). The non-uniform {@code _NU_} encoding would save one exponentiation per
 *       id and is not used, since the argument below needs a random oracle.</li>
 *   <li><b>Scalars.</b> {@link io.fedcredit.crypto.psi.BlindingKey}: k = 8 t with t uniform in
 *       [1, 2^252), fresh per session; k mod l is within 2^-127 of uniform, and k kills any
 *       component of order dividing 8.</li>
 *   <li><b>Views.</b> The host sees {H(x)^a : x in X}, shuffled; under DDH in G with H a random
 *       oracle, for x outside Y these are indistinguishable from random elements of G even to a
 *       host that can evaluate H on any candidate id: testing a guess y means deciding whether
 *       (H(y), H(y)^b, H(x)^a, H(x)^(ab)) is a Diffie-Hellman tuple. No plain hash of an id is
 *       ever sent (a test checks the messages against SHA-256, SHA-512 and the unblinded hash to
 *       curve of every id). The doubly-blinded values of the intersection are pseudorandom too,
 *       so ordering by them reveals nothing about the ids. Each side learns the intersection (if
 *       revealed to it) and the other's set size. The same argument covers the OPRF protocol,
 *       whose queries H(x)^r with uniform r are perfectly hiding.</li>
 *   <li><b>Received points.</b> Encodings must be canonical (bit 255 clear, value below p).
 *       Points of small order (on the curve or on its twist) become the identity once raised to
 *       a multiple of 8 and are refused ({@link io.fedcredit.crypto.psi.MalformedPointException}),
 *       as are values that repeat after blinding (P and P + T with T of small order). Points on
 *       the quadratic twist are not rejected: X25519 is twist-secure (the twist has order 4 l'
 *       with l' a 253-bit prime), so [k] T reveals nothing usable about k, and such a value can
 *       never equal a doubly-blinded curve point of the honest side.</li>
 *   <li><b>Side channels.</b> The ladder, the field arithmetic, the hash to curve and the batched
 *       inversions are constant time in ids and scalars: no secret-dependent branch or index;
 *       selections by mask; the {@code double} arithmetic only ever sees integers, never
 *       subnormals. A JIT compiler gives no formal guarantee; this is the usual care for Java
 *       cryptography. {@code BigInteger} is used for the OPRF client's one inverse of r per
 *       session and when a key is imported.</li>
 * </ul>
 *
 * <p><b>Why the semi-honest model suffices here.</b> The parties are a regulated bank and the
 * platform's data node, bound by the federation's contracts; both run FedCredit's code, their
 * messages go through the coordinator's audit log, and the payoff of cheating is another party's
 * customer list, which the contracts already forbid them to seek. A malicious model would need
 * zero-knowledge proofs of consistent exponentiation (a verifiable OPRF, RFC 9497) for every
 * element. Messages should travel sealed between the two parties: a coordinator that saw both
 * doubly-blinded sets in clear would learn the intersection's size (not its ids).
 *
 * <p><b>What a malicious party could do.</b> Put guessed ids in its own set (inherent to any
 * PSI; bounded by {@link io.fedcredit.crypto.psi.EcdhPsiSettings#maxSetSize()}, which should be
 * the declared set size, and by the OPRF key's query budget); raise some elements to another
 * scalar or send garbage, so that the honest side computes a wrong (smaller) intersection; or stop
 * once it has its own result, so that the other side gets none. It cannot extract the honest
 * side's scalar through small-subgroup or twist points, and it cannot learn ids outside the
 * intersection without solving CDH.
 *
 * <p>All protocol classes are state machines over the message records; none opens a socket.
 * Exceptions derive from {@link io.fedcredit.crypto.psi.PsiException}, itself a
 * {@link io.fedcredit.crypto.CryptoException}; their messages name the session, step and position,
 * never an id or a secret.
 */
package io.fedcredit.crypto.psi;
