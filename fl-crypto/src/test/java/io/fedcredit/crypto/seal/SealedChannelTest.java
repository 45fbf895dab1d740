package io.fedcredit.crypto.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedcredit.crypto.kex.AgreementKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SealedChannelTest {
  private final SecureRandom random = new SecureRandom();
  private final AgreementKeyPair guestKeys = AgreementKeyPair.generate(random);
  private final AgreementKeyPair hostKeys = AgreementKeyPair.generate(random);

  private SealedChannel guest() {
    return new SealedChannel(guestKeys, "bank", "platform", hostKeys.publicKey(), "job-1", random);
  }

  private SealedChannel host() {
    return new SealedChannel(hostKeys, "platform", "bank", guestKeys.publicKey(), "job-1", random);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void messagesArriveInOrderAndOnlyOnce() {
    SealedChannel g = guest();
    SealedChannel h = host();
    byte[] m1 = g.seal("residual", bytes("first"));
    byte[] m2 = g.seal("residual", bytes("second"));
    assertArrayEquals(bytes("first"), h.open("residual", m1));
    // a replay of m1 is refused: the receiver expects message 2 now
    assertThrows(SealingException.class, () -> h.open("residual", m1));
    assertArrayEquals(bytes("second"), h.open("residual", m2));
    // and the other direction has its own sequence
    assertArrayEquals(bytes("back"), g.open("gradient", h.seal("gradient", bytes("back"))));
  }

  @Test
  void relayCannotAlterRetypeReorderOrRedirect() {
    SealedChannel g = guest();
    byte[] m1 = g.seal("residual", bytes("first"));
    byte[] m2 = g.seal("residual", bytes("second"));
    byte[] tampered = m1.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThrows(SealingException.class, () -> host().open("residual", tampered));
    assertThrows(SealingException.class, () -> host().open("gradient", m1));
    assertThrows(SealingException.class, () -> host().open("residual", m2));
    SealedChannel otherJob = new SealedChannel(hostKeys, "platform", "bank", guestKeys.publicKey(),
        "job-2", random);
    assertThrows(SealingException.class, () -> otherJob.open("residual", m1));
    AgreementKeyPair outsider = AgreementKeyPair.generate(random);
    SealedChannel eavesdropper = new SealedChannel(outsider, "platform", "bank",
        guestKeys.publicKey(), "job-1", random);
    assertThrows(SealingException.class, () -> eavesdropper.open("residual", m1));
  }

  @Test
  void toStringShowsNoSecret() {
    org.junit.jupiter.api.Assertions.assertEquals(
        "SealedChannel[bank <-> platform, job-1, sent 0, received 0]", guest().toString());
  }
}
