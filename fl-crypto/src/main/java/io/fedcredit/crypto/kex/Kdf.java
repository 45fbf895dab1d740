package io.fedcredit.crypto.kex;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869), used to turn key-agreement outputs and seeds into keys. */
public final class Kdf {
  private Kdf() {}

  /**
   * Derives {@code length} bytes.
   *
   * @param ikm input keying material (not modified)
   * @param salt optional salt, may be {@code null}
   * @param info context that separates uses of one secret (purpose, job, round, parties)
   */
  public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, salt, info));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }

  /** UTF-8 bytes of the parts joined with a 0 byte, an unambiguous {@code info} for HKDF. */
  public static byte[] info(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].indexOf('\u0000') >= 0) {
        throw new IllegalArgumentException("info parts must not contain NUL");
      }
      if (i > 0) {
        sb.append('\u0000');
      }
      sb.append(parts[i]);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
