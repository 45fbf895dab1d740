package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.CryptoException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * The versioned binary format of Paillier keys and ciphertexts (format version 1). Every record is
 *
 * <pre>
 *   offset  size  field
 *   0       4     magic "FCPL" (0x46 0x43 0x50 0x4C)
 *   4       1     format version, 1
 *   5       1     kind: 1 public key, 2 private key, 3 ciphertext
 *   6       ...   body (below); integers big-endian, big numbers unsigned big-endian, fixed length
 *   end-4   4     CRC-32C of every preceding byte
 * </pre>
 *
 * Bodies, where {@code N = modulusBits / 8}:
 * <pre>
 *   public key   u16 modulusBits, u16 randomnessExponentBits, 16-byte key id, n (N bytes),
 *                h_s (2N bytes)
 *   private key  u16 modulusBits, u16 randomnessExponentBits, 16-byte key id, p (N/2 bytes),
 *                q (N/2 bytes), h_s (2N bytes)
 *   ciphertext   16-byte key id, u16 modulusBits, i32 fractionalBits, c (2N bytes)
 * </pre>
 *
 * The checksum catches corruption and casual tampering; it is not a MAC. Authenticity comes from
 * the channel (sealed envelopes, mutual TLS). Readers also re-derive the key id, check ranges and
 * reject trailing bytes, so a record that passes the checksum but carries a forged key or an
 * out-of-range ciphertext is still rejected.
 */
final class BinaryFormat {
  static final int VERSION = 1;
  static final int KIND_PUBLIC_KEY = 1;
  static final int KIND_PRIVATE_KEY = 2;
  static final int KIND_CIPHERTEXT = 3;
  private static final byte[] MAGIC = {0x46, 0x43, 0x50, 0x4C};

  private BinaryFormat() {}

  /** Writes one record; {@link #finish()} appends the checksum. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

    Writer(int kind) {
      out.writeBytes(MAGIC);
      out.write(VERSION);
      out.write(kind);
    }

    Writer u16(int v) {
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    Writer i32(int v) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    Writer bytes(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Writer fixed(BigInteger x, int length) {
      byte[] b = new byte[length];
      FixedBaseTable.writeFixed(x, b, 0, length);
      out.writeBytes(b);
      return this;
    }

    byte[] finish() {
      CRC32C crc = new CRC32C();
      byte[] body = out.toByteArray();
      crc.update(body);
      return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }
  }

  /** Reads one record, throwing the caller's exception type on any malformation. */
  static final class Reader {
    private final ByteBuffer in;
    private final Function<String, ? extends CryptoException> error;
    private final String what;

    Reader(byte[] record, int expectedKind, String what,
        Function<String, ? extends CryptoException> error) {
      this.error = error;
      this.what = what;
      if (record == null || record.length < MAGIC.length + 2 + 4) {
        throw error.apply(what + " bytes are too short to be a record ("
            + (record == null ? "null" : record.length + " bytes") + ")");
      }
      for (int i = 0; i < MAGIC.length; i++) {
        if (record[i] != MAGIC[i]) {
          throw error.apply(what + " bytes do not start with the FCPL magic");
        }
      }
      int version = record[4] & 0xff;
      if (version != VERSION) {
        throw error.apply(what + " bytes have format version " + version + "; this library reads "
            + VERSION);
      }
      int kind = record[5] & 0xff;
      if (kind != expectedKind) {
        throw error.apply(what + " bytes hold record kind " + kind + ", expected " + expectedKind);
      }
      CRC32C crc = new CRC32C();
      crc.update(record, 0, record.length - 4);
      int stored = ByteBuffer.wrap(record, record.length - 4, 4).getInt();
      if (stored != (int) crc.getValue()) {
        throw error.apply(what + " bytes fail their CRC-32C check: corrupted or tampered");
      }
      this.in = ByteBuffer.wrap(record, 6, record.length - 10);
    }

    private void need(int n, String field) {
      if (in.remaining() < n) {
        throw error.apply(what + " bytes end inside field " + field);
      }
    }

    int u16(String field) {
      need(2, field);
      return in.getShort() & 0xffff;
    }

    int i32(String field) {
      need(4, field);
      return in.getInt();
    }

    byte[] bytes(int n, String field) {
      need(n, field);
      byte[] b = new byte[n];
      in.get(b);
      return b;
    }

    BigInteger fixed(int n, String field) {
      return new BigInteger(1, bytes(n, field));
    }

    void end() {
      if (in.hasRemaining()) {
        throw error.apply(what + " bytes have " + in.remaining() + " trailing bytes");
      }
    }
  }
}
