package io.fedcredit.crypto.paillier;

import io.fedcredit.crypto.InvalidParametersException;
import java.util.Objects;

/**
 * Validated parameters of a Paillier key and of the encryptor built from it. Instances are
 * immutable; obtain them from the presets or from {@link #builder()}, whose {@code build()} rejects
 * anything outside the safe range.
 *
 * <h2>Security of the randomness</h2>
 * Encryption uses {@code g = n + 1} and Damgård–Jurik–Nielsen randomness: the key holds
 * {@code h_s = h^n mod n^2} for {@code h = -y^2 mod n} with y random, and each encryption
 * multiplies by {@code h_s^x} for a fresh uniform x of {@link #randomnessExponentBits()} bits.
 * The argument for this is the standard one (Damgård, Jurik and Nielsen, "A generalization of
 * Paillier's public-key system with applications to electronic voting", IJIS 2010): by Håstad,
 * Schrift and Shamir (1993), {@code h^x} with x of about {@code |n|/2} bits is indistinguishable
 * from {@code h^x} with x of full length if factoring n is hard, and a full-length exponent gives
 * a ciphertext distributed as in Paillier's scheme, whose security rests on decisional composite
 * residuosity. The builder therefore refuses exponents shorter than {@code modulusBits / 2}.
 *
 * <p>Ma, Han and Lei (ACSAC 2021) argue a 448-bit exponent for 2048-bit keys, but only for keys
 * generated their way (primes whose {@code p - 1} has a prescribed large prime factor and a base of
 * that order). This library does not implement their key generation, so it does not offer their
 * exponent length: with standard keys a 448-bit exponent has no security argument.
 *
 * <h2>Side channels</h2>
 * The exponent x is secret (knowing it decrypts the ciphertext). Fixed-base tables are indexed by
 * digits of x, so {@link TableLookup#CONSTANT_TIME} (the default) reads every entry of a row and
 * keeps the wanted one with a mask, making the memory access pattern independent of x.
 * {@code BigInteger}-based arithmetic is not itself constant-time (lengths are normalized and the
 * Barrett correction is a short data-dependent loop); those variations depend on the values of
 * products, not directly on table indices. Use {@link TableLookup#DIRECT} only where no
 * co-located process can observe this process's cache.
 */
public final class PaillierParameters {
  /** How fixed-base table entries are read. */
  public enum TableLookup {
    /** Scan the whole row with masked selection: access pattern independent of the secret digit. */
    CONSTANT_TIME,
    /** Index the row directly: faster, but the cache line read depends on the secret digit. */
    DIRECT
  }

  /** 2048-bit modulus (about 112-bit security), 1024-bit exponent, constant-time table. */
  public static final PaillierParameters DEFAULT_2048 = builder().modulusBits(2048).build();

  /** 3072-bit modulus (about 128-bit security), 1536-bit exponent, constant-time table. */
  public static final PaillierParameters DEFAULT_3072 = builder().modulusBits(3072).build();

  private final int modulusBits;
  private final int randomnessExponentBits;
  private final int windowBits;
  private final TableLookup tableLookup;

  private PaillierParameters(Builder b, int exponentBits, int window) {
    this.modulusBits = b.modulusBits;
    this.randomnessExponentBits = exponentBits;
    this.windowBits = window;
    this.tableLookup = b.tableLookup;
  }

  /** True for the supported modulus sizes: 2048, 3072 and 4096 bits. */
  public static boolean isSupportedModulusBits(int bits) {
    return bits == 2048 || bits == 3072 || bits == 4096;
  }

  /** Returns a builder preset to {@link #DEFAULT_2048}'s values. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this instance's values, to change one of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.modulusBits = modulusBits;
    b.randomnessExponentBits = randomnessExponentBits;
    b.windowBits = windowBits;
    b.tableLookup = tableLookup;
    return b;
  }

  /** Bit length of the modulus n: 2048, 3072 or 4096. */
  public int modulusBits() {
    return modulusBits;
  }

  /** Bit length of the random exponent x in {@code h_s^x}; at least {@code modulusBits / 2}. */
  public int randomnessExponentBits() {
    return randomnessExponentBits;
  }

  /** Window (digit) width of the fixed-base table, in bits. */
  public int windowBits() {
    return windowBits;
  }

  /** How the fixed-base table is read. */
  public TableLookup tableLookup() {
    return tableLookup;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PaillierParameters p && p.modulusBits == modulusBits
        && p.randomnessExponentBits == randomnessExponentBits && p.windowBits == windowBits
        && p.tableLookup == tableLookup;
  }

  @Override
  public int hashCode() {
    return Objects.hash(modulusBits, randomnessExponentBits, windowBits, tableLookup);
  }

  @Override
  public String toString() {
    return "PaillierParameters{modulusBits=" + modulusBits + ", randomnessExponentBits="
        + randomnessExponentBits + ", windowBits=" + windowBits + ", tableLookup=" + tableLookup
        + "}";
  }

  /** Builder for {@link PaillierParameters}; not thread-safe. */
  public static final class Builder {
    private int modulusBits = 2048;
    private int randomnessExponentBits = 0;
    private int windowBits = 0;
    private TableLookup tableLookup = TableLookup.CONSTANT_TIME;

    private Builder() {}

    /** Sets the modulus size: 2048 (default), 3072 or 4096. */
    public Builder modulusBits(int bits) {
      this.modulusBits = bits;
      return this;
    }

    /**
     * Sets the randomness exponent length; default {@code modulusBits / 2}. Values below
     * {@code modulusBits / 2} are rejected (see the class comment for why).
     */
    public Builder randomnessExponentBits(int bits) {
      this.randomnessExponentBits = bits;
      return this;
    }

    /**
     * Sets the table window, 2 to 10 bits. Default 6 for a constant-time table (5.6 MB for 2048-bit
     * keys) and 8 for a direct one (16 MB). Wider windows mean fewer multiplications per
     * encryption and tables twice as large per extra bit.
     */
    public Builder windowBits(int bits) {
      this.windowBits = bits;
      return this;
    }

    /** Sets how table entries are read; default {@link TableLookup#CONSTANT_TIME}. */
    public Builder tableLookup(TableLookup lookup) {
      this.tableLookup = Objects.requireNonNull(lookup, "tableLookup");
      return this;
    }

    /**
     * Validates and returns the parameters.
     *
     * @throws InvalidParametersException naming the field at fault and its accepted range
     */
    public PaillierParameters build() {
      if (!isSupportedModulusBits(modulusBits)) {
        throw new InvalidParametersException("modulusBits is " + modulusBits
            + "; use 2048 (default), 3072 or 4096. Shorter moduli are below 112-bit security.");
      }
      int exponent = randomnessExponentBits == 0 ? modulusBits / 2 : randomnessExponentBits;
      if (exponent < modulusBits / 2 || exponent > modulusBits) {
        throw new InvalidParametersException("randomnessExponentBits is " + exponent
            + "; it must lie in [" + modulusBits / 2 + ", " + modulusBits + "] for a "
            + modulusBits + "-bit modulus: shorter exponents have no security argument with "
            + "standard keys (see PaillierParameters)");
      }
      int window = windowBits == 0 ? (tableLookup == TableLookup.CONSTANT_TIME ? 6 : 8)
          : windowBits;
      if (window < 2 || window > 10) {
        throw new InvalidParametersException("windowBits is " + window + "; use 2 to 10");
      }
      return new PaillierParameters(this, exponent, window);
    }
  }
}
