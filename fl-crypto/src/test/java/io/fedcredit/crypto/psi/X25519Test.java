package io.fedcredit.crypto.psi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** FedCredit's X25519 against RFC 7748's vectors and BouncyCastle's X25519 on random inputs. */
class X25519Test {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rfc7748Section52Vectors() {
    assertArrayEquals(
        HEX.parseHex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
        X25519.scalarMult(
            HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
            HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")));
    assertArrayEquals(
        HEX.parseHex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"),
        X25519.scalarMult(
            HEX.parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
            HEX.parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")));
  }

  @Test
  void rfc7748IteratedThousandTimes() {
    byte[] k = new byte[32];
    k[0] = 9;
    byte[] u = k.clone();
    for (int i = 0; i < 1000; i++) {
      byte[] r = X25519.scalarMult(k, u);
      u = k;
      k = r;
      if (i == 0) {
        assertArrayEquals(
            HEX.parseHex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"), k);
      }
    }
    assertArrayEquals(
        HEX.parseHex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"), k);
  }

  @Test
  void rfc7748DiffieHellman() {
    byte[] a = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] b = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    byte[] nine = new byte[32];
    nine[0] = 9;
    byte[] pa = X25519.scalarMult(a, nine);
    byte[] pb = X25519.scalarMult(b, nine);
    assertArrayEquals(
        HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), pa);
    assertArrayEquals(
        HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), pb);
    byte[] shared = HEX.parseHex(
        "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    assertArrayEquals(shared, X25519.scalarMult(a, pb));
    assertArrayEquals(shared, X25519.scalarMult(b, pa));
  }

  /** Any scalar, any u (top bit set, non-canonical, small order, twist points): same bytes. */
  @Property(tries = 1000)
  void matchesBouncyCastle(@ForAll @Size(32) byte[] scalar, @ForAll @Size(32) byte[] u) {
    byte[] expected = new byte[32];
    org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(scalar, 0, u, 0, expected, 0);
    assertArrayEquals(expected, X25519.scalarMult(scalar, u));
  }

  @Test
  void smallOrderPointsGiveZero() {
    byte[] k = new byte[32];
    k[5] = 7;
    assertArrayEquals(new byte[32], X25519.scalarMult(k, new byte[32]));
    byte[] one = new byte[32];
    one[0] = 1;
    assertArrayEquals(new byte[32], X25519.scalarMult(k, one));
    byte[] minusOne = Field25519Test.le32(Field25519Test.P.subtract(BigInteger.ONE));
    assertArrayEquals(new byte[32], X25519.scalarMult(k, minusOne));
  }

  @Test
  void rejectsWrongLengths() {
    assertThrows(IllegalArgumentException.class, () -> X25519.scalarMult(new byte[31],
        new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> X25519.scalarMult(new byte[32],
        new byte[33]));
  }
}
