package io.fedcredit.core.strategy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The byte format of {@link Strategy#snapshot()}: a strategy writes its fields with a
 * {@link DataOutputStream}, and a wrapper nests its inner strategy's snapshot with
 * {@link #writeNested}. Reading a truncated or foreign snapshot fails with an
 * {@link IllegalArgumentException} that names the strategy.
 */
public final class StrategySnapshot {
  private StrategySnapshot() {}

  /** Writes the fields of one snapshot. */
  @FunctionalInterface
  public interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads the fields of one snapshot. */
  @FunctionalInterface
  public interface Reader {
    void read(DataInputStream in) throws IOException;
  }

  /** The bytes {@code body} writes. */
  public static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Reads {@code snapshot} with {@code reader}, which must consume it exactly.
   *
   * @throws IllegalArgumentException naming {@code owner} when the bytes are truncated, too long
   *     or rejected by the reader
   */
  public static void read(byte[] snapshot, String owner, Reader reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      reader.read(in);
      if (in.available() > 0) {
        throw new IllegalArgumentException("snapshot of " + owner + " has " + in.available()
            + " trailing bytes: it was taken from a differently configured strategy");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("snapshot of " + owner + " is truncated or malformed ("
          + snapshot.length + " bytes): it was taken from a differently configured strategy", e);
    }
  }

  /** Writes an inner strategy's snapshot, length first. */
  public static void writeNested(DataOutputStream out, byte[] inner) throws IOException {
    out.writeInt(inner.length);
    out.write(inner);
  }

  /** Reads what {@link #writeNested} wrote. */
  public static byte[] readNested(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("nested snapshot of " + n + " bytes, " + in.available() + " left");
    }
    return in.readNBytes(n);
  }

  /** Writes a vector, length first; {@code null} as length -1. */
  public static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
    out.writeInt(values == null ? -1 : values.length);
    if (values != null) {
      for (double v : values) {
        out.writeDouble(v);
      }
    }
  }

  /** Reads what {@link #writeDoubles} wrote (bit-exact), or {@code null}. */
  public static double[] readDoubles(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || (long) n * Double.BYTES > in.available()) {
      throw new IOException("vector of " + n + " values, " + in.available() + " bytes left");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = in.readDouble();
    }
    return out;
  }
}
