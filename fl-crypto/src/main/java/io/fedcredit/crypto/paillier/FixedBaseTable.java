package io.fedcredit.crypto.paillier;

import java.math.BigInteger;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.IntStream;

/**
 * Fixed-base exponentiation {@code B^(x + C)} by the windowed table method (Brickell, Gordon,
 * McCurley and Wilson): the exponent is cut into {@code t = ceil(k / w)} digits of w bits, row i of
 * the table holds {@code B^((d + 1) * 2^(w i))} for every digit value d, and the power is the
 * product of one entry per row: {@code t - 1} modular multiplications and no squarings.
 *
 * <p>Entries store {@code d + 1}, not {@code d}, so that no entry is the identity: a multiplication
 * by 1 would be measurably faster and would reveal a zero digit. The exponent therefore gains a
 * public constant {@code C = sum_i 2^(w i)}; {@code B^(x + C)} with x uniform over k bits is as
 * good a randomizer as {@code B^x}, since it is {@code B^x} times a fixed public element.
 *
 * <p>With {@link PaillierParameters.TableLookup#CONSTANT_TIME} each row is one contiguous
 * {@code long} array (entries of fixed length, least significant limb first) and a lookup reads
 * every entry of the row, keeping the wanted one with a mask computed without branches, so the
 * memory addresses touched do not depend on the secret digit. With
 * {@link PaillierParameters.TableLookup#DIRECT} the entry is read directly (faster, but the cache
 * line touched depends on the digit).
 *
 * <p>When {@link JdkMontgomery} is available, entries are stored in Montgomery form and the
 * product runs on the JDK's Montgomery intrinsics (about three times faster); the result is the
 * same. The lookups stay as described above.
 *
 * <p>Immutable after construction and thread-safe.
 */
final class FixedBaseTable {
  private final BarrettReducer reducer;
  private final int exponentBits;
  private final int window;
  private final int rows;
  private final boolean constantTime;
  private final int entryBytes;
  private final int entryLimbs;
  /** Constant-time layout: row i, entry d at limbs {@code [d * entryLimbs, (d+1) * entryLimbs)}. */
  private final long[][] packedRows;
  /** Direct layout. */
  private final BigInteger[][] entries;
  /** Direct layout in Montgomery form, when {@link #mont} is set. */
  private final int[][][] montEntries;
  /** The Montgomery arithmetic of the modulus, or null for Barrett. */
  private final JdkMontgomery mont;

  FixedBaseTable(BigInteger base, BarrettReducer reducer, int exponentBits, int window,
      boolean constantTime) {
    this.reducer = reducer;
    this.exponentBits = exponentBits;
    this.window = window;
    this.rows = (exponentBits + window - 1) / window;
    this.constantTime = constantTime;
    this.entryLimbs = (reducer.modulus().bitLength() + 63) / 64;
    this.entryBytes = entryLimbs * 8;
    BigInteger[] rowBases = new BigInteger[rows];
    BigInteger g = base;
    for (int i = 0; i < rows; i++) {
      rowBases[i] = g;
      for (int s = 0; s < window && i + 1 < rows; s++) {
        g = reducer.square(g);
      }
    }
    BigInteger[][] built = new BigInteger[rows][];
    // in parallel only from outside the common pool: a table built lazily under a key's lock from
    // inside a parallel loop must not wait for pool workers that may be blocked on that lock
    IntStream indices = IntStream.range(0, rows);
    (ForkJoinTask.inForkJoinPool() ? indices : indices.parallel()).forEach(i -> {
      int size = 1 << digitBits(i);
      BigInteger[] row = new BigInteger[size];
      row[0] = rowBases[i];
      for (int d = 1; d < size; d++) {
        row[d] = reducer.multiply(row[d - 1], rowBases[i]);
      }
      built[i] = row;
    });
    JdkMontgomery m = JdkMontgomery.available() ? new JdkMontgomery(reducer.modulus()) : null;
    // Montgomery-form entries must fit the table's fixed entry size (they do for moduli of a
    // whole number of 64-bit limbs give or take a bit, as p^2, q^2 and n^2 are)
    this.mont = m != null && m.words() == 2 * entryLimbs ? m : null;
    if (mont != null) {
      IntStream all = IntStream.range(0, rows);
      (ForkJoinTask.inForkJoinPool() ? all : all.parallel()).forEach(i -> {
        for (int d = 0; d < built[i].length; d++) {
          built[i][d] = JdkMontgomery.value(mont.toMontgomery(built[i][d]), mont.words());
        }
      });
    }
    if (constantTime) {
      packedRows = new long[rows][];
      byte[] bytes = new byte[entryBytes];
      for (int i = 0; i < rows; i++) {
        long[] packed = new long[built[i].length * entryLimbs];
        for (int d = 0; d < built[i].length; d++) {
          java.util.Arrays.fill(bytes, (byte) 0);
          writeFixed(built[i][d], bytes, 0, entryBytes);
          for (int l = 0; l < entryLimbs; l++) {
            long limb = 0;
            for (int b = 0; b < 8; b++) {
              limb |= (bytes[entryBytes - 1 - (8 * l + b)] & 0xffL) << (8 * b);
            }
            packed[d * entryLimbs + l] = limb;
          }
        }
        packedRows[i] = packed;
      }
      entries = null;
      montEntries = null;
    } else if (mont != null) {
      montEntries = new int[rows][][];
      for (int i = 0; i < rows; i++) {
        montEntries[i] = new int[built[i].length][];
        for (int d = 0; d < built[i].length; d++) {
          montEntries[i][d] = JdkMontgomery.words(built[i][d], mont.words());
        }
      }
      entries = null;
      packedRows = null;
    } else {
      entries = built;
      montEntries = null;
      packedRows = null;
    }
  }

  private int digitBits(int row) {
    return Math.min(window, exponentBits - row * window);
  }

  int exponentBits() {
    return exponentBits;
  }

  /** The public offset {@code C = sum_i 2^(w i)} added to every exponent. */
  BigInteger exponentOffset() {
    BigInteger c = BigInteger.ZERO;
    for (int i = 0; i < rows; i++) {
      c = c.setBit(i * window);
    }
    return c;
  }

  /** Bytes held by the table (for documentation and capacity planning). */
  long sizeInBytes() {
    long total = 0;
    for (int i = 0; i < rows; i++) {
      total += (long) (1 << digitBits(i)) * entryBytes;
    }
    return total;
  }

  /**
   * Returns {@code B^(x + C) mod m}, where x is read little-endian from {@code exponent}
   * ({@code ceil(k / 8)} bytes; bits at or above k are ignored).
   */
  BigInteger pow(byte[] exponent) {
    if (mont != null) {
      return montgomeryPow(exponent);
    }
    long[] limbs = constantTime ? new long[entryLimbs] : null;
    byte[] bytes = constantTime ? new byte[entryBytes] : null;
    BigInteger acc = lookup(0, digit(exponent, 0), limbs, bytes);
    for (int i = 1; i < rows; i++) {
      acc = reducer.multiply(acc, lookup(i, digit(exponent, i), limbs, bytes));
    }
    return acc;
  }

  private BigInteger montgomeryPow(byte[] exponent) {
    int len = mont.words();
    long[] limbs = new long[entryLimbs];
    int[] entry = new int[len];
    // the first entry is copied: a direct table's entries are shared and must never be written
    int[] acc = mont.buffer();
    System.arraycopy(lookupWords(0, digit(exponent, 0), limbs, entry), 0, acc, 0, len);
    int[] spare = mont.buffer();
    for (int i = 1; i < rows; i++) {
      entry = lookupWords(i, digit(exponent, i), limbs, entry);
      int[] out = mont.multiply(acc, entry, spare);
      spare = acc;
      acc = out;
    }
    return mont.fromMontgomery(acc);
  }

  /**
   * An entry in Montgomery form, as words (most significant first) in the first {@code len}
   * words of {@code out}, read as {@link #lookup}.
   */
  private int[] lookupWords(int row, int digit, long[] limbs, int[] out) {
    if (!constantTime) {
      return montEntries[row][digit];
    }
    select(row, digit, limbs);
    int len = mont.words();
    for (int l = 0; l < entryLimbs; l++) {
      out[len - 1 - 2 * l] = (int) limbs[l];
      out[len - 2 - 2 * l] = (int) (limbs[l] >>> 32);
    }
    return out;
  }

  /** The constant-time read of one entry's limbs into {@code limbs}. */
  private void select(int row, int digit, long[] limbs) {
    long[] packed = packedRows[row];
    int count = packed.length / entryLimbs;
    java.util.Arrays.fill(limbs, 0L);
    for (int e = 0; e < count; e++) {
      // all ones when e == digit, zero otherwise, without a branch on the secret digit
      long mask = ((long) (e ^ digit) - 1) >> 63;
      int offset = e * entryLimbs;
      for (int j = 0; j < entryLimbs; j++) {
        limbs[j] |= packed[offset + j] & mask;
      }
    }
  }

  private int digit(byte[] exponent, int row) {
    int bit = row * window;
    int index = bit >>> 3;
    int word = 0;
    for (int b = 0; b < 3 && index + b < exponent.length; b++) {
      word |= (exponent[index + b] & 0xff) << (8 * b);
    }
    return (word >>> (bit & 7)) & ((1 << digitBits(row)) - 1);
  }

  private BigInteger lookup(int row, int digit, long[] limbs, byte[] bytes) {
    if (!constantTime) {
      return entries[row][digit];
    }
    select(row, digit, limbs);
    for (int l = 0; l < entryLimbs; l++) {
      long limb = limbs[l];
      int at = entryBytes - 8 * l - 1;
      for (int b = 0; b < 8; b++) {
        bytes[at - b] = (byte) (limb >>> (8 * b));
      }
    }
    return new BigInteger(1, bytes);
  }

  /** Writes the unsigned big-endian value of {@code x} into exactly {@code length} bytes. */
  static void writeFixed(BigInteger x, byte[] out, int offset, int length) {
    byte[] raw = x.toByteArray();
    int skip = raw.length > length ? raw.length - length : 0;
    int copy = raw.length - skip;
    System.arraycopy(raw, skip, out, offset + length - copy, copy);
  }
}
