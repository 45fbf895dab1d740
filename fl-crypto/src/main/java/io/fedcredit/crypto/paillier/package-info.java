/**
 * Paillier encryption for federated learning: keys, fixed-point encoding, ciphertexts bound to
 * their key and encoding, packing of many values per plaintext, and multi-exponentiation for
 * encrypted matrix products.
 *
 * <h2>Start here</h2>
 * <pre>{@code
 * PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
 * PaillierPublicKey pub = keys.publicKey();
 * Ciphertext a = pub.encrypt(1.5, FixedPointEncoding.DEFAULT);
 * Ciphertext b = pub.encrypt(-0.25, FixedPointEncoding.DEFAULT);
 * double sum = keys.privateKey().decryptDouble(a.add(b));   // 1.25
 * byte[] wire = a.add(b).toBytes();                         // validated on the way back in
 * }</pre>
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>{@code g = n + 1}, so {@code g^m = 1 + m n mod n^2} costs one multiplication.</li>
 *   <li>Randomness {@code h_s^x} with x of {@code |n|/2} bits (Damgård–Jurik–Nielsen), computed
 *       with a windowed fixed-base table read in constant time by default; see
 *       {@link io.fedcredit.crypto.paillier.PaillierParameters} for the security argument and the
 *       side-channel handling.</li>
 *   <li>Barrett reduction mod {@code n^2} in the hot loops; decryption by the Chinese remainder
 *       theorem, and encryption by the key holder too
 *       ({@link io.fedcredit.crypto.paillier.PaillierPrivateKey#encrypt}).</li>
 *   <li>{@link io.fedcredit.crypto.paillier.CompressedCiphertext}: many small values per ciphertext
 *       for decryption, one private-key operation per batch.</li>
 *   <li>{@link io.fedcredit.crypto.paillier.PackingScheme}: many quantized values per plaintext
 *       with headroom for sums over K parties.</li>
 *   <li>{@link io.fedcredit.crypto.paillier.HomomorphicLinearAlgebra}: {@code X^T [[d]]} by
 *       Pippenger's bucket method.</li>
 *   <li>Bytes: a versioned, checksummed format validated on the way in (range, key id); see the
 *       {@code toBytes}/{@code fromBytes} methods.</li>
 * </ul>
 * Every exception extends {@link io.fedcredit.crypto.CryptoException}.
 */
package io.fedcredit.crypto.paillier;
