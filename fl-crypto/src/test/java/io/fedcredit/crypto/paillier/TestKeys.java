package io.fedcredit.crypto.paillier;

/** Two 2048-bit key pairs shared by the tests of this package (generated once per JVM). */
final class TestKeys {
  private TestKeys() {}

  private static final class Holder {
    static final PaillierKeyPair A = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    static final PaillierKeyPair B = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
  }

  static PaillierKeyPair a() {
    return Holder.A;
  }

  static PaillierKeyPair b() {
    return Holder.B;
  }
}
