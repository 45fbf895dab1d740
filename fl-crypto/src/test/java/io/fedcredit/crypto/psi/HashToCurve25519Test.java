package io.fedcredit.crypto.psi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Hash to curve against RFC 9380's vectors for {@code curve25519_XMD:SHA-512_ELL2_RO_} (appendix
 * J.4.1: u[0], u[1], Q0, Q1 and P.x) and against curve arithmetic: every output lies in the
 * prime-order subgroup.
 */
class HashToCurve25519Test {
  private static final byte[] DST =
      "QUUX-V01-CS02-with-curve25519_XMD:SHA-512_ELL2_RO_".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();

  /** msg, u0, u1, Q0.x, Q0.y, Q1.x, Q1.y, P.x (big-endian hex, as in the RFC). */
  private static final List<String[]> VECTORS = List.of(
      new String[] {"",
          "005fe8a7b8fef0a16c105e6cadf5a6740b3365e18692a9c05bfbb4d97f645a6a",
          "1347edbec6a2b5d8c02e058819819bee177077c9d10a4ce165aab0fd0252261a",
          "36b4df0c864c64707cbf6cf36e9ee2c09a6cb93b28313c169be29561bb904f98",
          "6cd59d664fb58c66c892883cd0eb792e52055284dac3907dd756b45d15c3983d",
          "3fa114783a505c0b2b2fbeef0102853c0b494e7757f2a089d0daae7ed9a0db2b",
          "76c0fe7fec932aaafb8eefb42d9cbb32eb931158f469ff3050af15cfdbbeff94",
          "2de3780abb67e861289f5749d16d3e217ffa722192d16bbd9d1bfb9d112b98c0"},
      new String[] {"abc",
          "49bed021c7a3748f09fa8cdfcac044089f7829d3531066ac9e74e0994e05bc7d",
          "5c36525b663e63389d886105cee7ed712325d5a97e60e140aba7e2ce5ae851b6",
          "16b3d86e056b7970fa00165f6f48d90b619ad618791661b7b5e1ec78be10eac1",
          "4ab256422d84c5120b278cbdfc4e1facc5baadffeccecf8ee9bf3946106d50ca",
          "7ec29ddbf34539c40adfa98fcb39ec36368f47f30e8f888cc7e86f4d46e0c264",
          "10d1abc1cae2d34c06e247f2141ba897657fb39f1080d54f09ce0af128067c74",
          "2b4419f1f2d48f5872de692b0aca72cc7b0a60915dd70bde432e826b6abc526d"},
      new String[] {"abcdef0123456789",
          "6412b7485ba26d3d1b6c290a8e1435b2959f03721874939b21782df17323d160",
          "24c7b46c1c6d9a21d32f5707be1380ab82db1054fde82865d5c9e3d968f287b2",
          "71de3dadfe268872326c35ac512164850860567aea0e7325e6b91a98f86533ad",
          "26a08b6e9a18084c56f2147bf515414b9b63f1522e1b6c5649f7d4b0324296ec",
          "5704069021f61e41779e2ba6b932268316d6d2a6f064f997a22fef16d1eaeaca",
          "50483c7540f64fb4497619c050f2c7fe55454ec0f0e79870bb44302e34232210",
          "68ca1ea5a6acf4e9956daa101709b1eee6c1bb0df1de3b90d4602382a104c036"},
      new String[] {"q128_" + "q".repeat(128),
          "5e123990f11bbb5586613ffabdb58d47f64bb5f2fa115f8ea8df0188e0c9e1b5",
          "5e8553eb00438a0bb1e7faa59dec6d8087f9c8011e5fb8ed9df31cb6c0d4ac19",
          "7a94d45a198fb5daa381f45f2619ab279744efdd8bd8ed587fc5b65d6cea1df0",
          "67d44f85d376e64bb7d713585230cdbfafc8e2676f7568e0b6ee59361116a6e1",
          "30506fb7a32136694abd61b6113770270debe593027a968a01f271e146e60c18",
          "7eeee0e706b40c6b5174e551426a67f975ad5a977ee2f01e8e20a6d612458c3b",
          "096e9c8bae6c06b554c1ee69383bb0e82267e064236b3a30608d4ed20b73ac5a"},
      new String[] {"a512_" + "a".repeat(512),
          "20f481e85da7a3bf60ac0fb11ed1d0558fc6f941b3ac5469aa8b56ec883d6d7d",
          "017d57fd257e9a78913999a23b52ca988157a81b09c5442501d07fed20869465",
          "02d606e2699b918ee36f2818f2bc5013e437e673c9f9b9cdc15fd0c5ee913970",
          "29e9dc92297231ef211245db9e31767996c5625dfbf92e1c8107ef887365de1e",
          "38920e9b988d1ab7449c0fa9a6058192c0c797bb3d42ac345724341a1aa98745",
          "24dcc1be7c4d591d307e89049fd2ed30aae8911245a9d8554bf6032e5aa40d3d",
          "1bc61845a138e912f047b5e70ba9606ba2a447a4dade024c8ef3dd42b7bbc5fe"});

  private static byte[] le(String beHex) {
    byte[] be = HEX.parseHex(beHex);
    byte[] out = new byte[be.length];
    for (int i = 0; i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  private static byte[] msg(String[] v) {
    return v[0].getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void hashToFieldMatchesRfc9380() {
    for (String[] v : VECTORS) {
      byte[] uniform = HashToCurve25519.expandMessageXmd(msg(v), DST, 96);
      long[] u = Field25519.create();
      byte[] enc = new byte[32];
      Field25519.fromWideBigEndian(u, uniform, 0);
      Field25519.encode(u, enc, 0);
      assertArrayEquals(le(v[1]), enc, "u[0] of '" + v[0] + "'");
      Field25519.fromWideBigEndian(u, uniform, 48);
      Field25519.encode(u, enc, 0);
      assertArrayEquals(le(v[2]), enc, "u[1] of '" + v[0] + "'");
    }
  }

  @Test
  void elligatorMapMatchesRfc9380() {
    HashToCurve25519.Hasher h = new HashToCurve25519.Hasher(DST);
    for (String[] v : VECTORS) {
      for (int q = 0; q < 2; q++) {
        long[] u = Field25519.create();
        Field25519.decode(u, le(v[1 + q]), 0);
        byte[][] xy = h.mapToCurveForTest(u);
        assertArrayEquals(le(v[3 + 2 * q]), xy[0], "Q" + q + ".x of '" + v[0] + "'");
        assertArrayEquals(le(v[4 + 2 * q]), xy[1], "Q" + q + ".y of '" + v[0] + "'");
      }
    }
  }

  @Test
  void hashToCurveMatchesRfc9380() {
    for (String[] v : VECTORS) {
      assertArrayEquals(le(v[7]), HashToCurve25519.hashToCurve(msg(v), DST), "P.x of '"
          + v[0] + "'");
    }
  }

  @Test
  void expandMessageXmdMatchesDraftVectors() {
    // SHA-512 vectors of the draft's reference implementation (tag "QUUX-V01-CS02-with-expander")
    byte[] dst = "QUUX-V01-CS02-with-expander".getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(HEX.parseHex(
        "2eaa1f7b5715f4736e6a5dbe288257abf1faa028680c1d938cd62ac699ead642"),
        HashToCurve25519.expandMessageXmd(new byte[0], dst, 32));
    assertArrayEquals(HEX.parseHex(
        "0eeda81f69376c80c0f8986496f22f21124cb3c562cf1dc608d2c13005553b0f"),
        HashToCurve25519.expandMessageXmd("abc".getBytes(StandardCharsets.US_ASCII), dst, 32));
  }

  /** Every output is in the subgroup of order l: [l] P is the identity (u = 0 with X25519). */
  @Property(tries = 40)
  void outputsLieInThePrimeOrderSubgroup(@ForAll byte[] msg) {
    byte[] u = HashToCurve25519.hashToCurve(msg, DST);
    BigInteger l = BigInteger.ONE.shiftLeft(252).add(
        new BigInteger("27742317777372353535851937790883648493"));
    long[] k = new long[4];
    for (int i = 0; i < 4; i++) {
      k[i] = l.shiftRight(64 * i).longValue();
    }
    long[] x1 = Field25519.create();
    Field25519.decode(x1, u, 0);
    long[] x = Field25519.create();
    long[] z = Field25519.create();
    new X25519.Ladder().run(x1, k, x, z);
    assertEquals(1L, Field25519.isZero(z));
    assertEquals(0L, Field25519.isZero(x1));
  }

  @Test
  void rejectsBadTags() {
    assertThrows(IllegalArgumentException.class,
        () -> HashToCurve25519.hashToCurve(new byte[1], new byte[0]));
    assertThrows(IllegalArgumentException.class,
        () -> HashToCurve25519.hashToCurve(new byte[1], new byte[256]));
  }
}
