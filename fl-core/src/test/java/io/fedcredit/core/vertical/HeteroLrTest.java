package io.fedcredit.core.vertical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.Schema;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.testing.TestTables;
import io.fedcredit.core.vertical.HeteroLrMessages.Decrypted;
import io.fedcredit.core.vertical.HeteroLrMessages.EpochResult;
import io.fedcredit.core.vertical.HeteroLrMessages.HostForward;
import io.fedcredit.core.vertical.HeteroLrMessages.MaskedGradient;
import io.fedcredit.core.vertical.HeteroLrMessages.Residual;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hetero logistic regression, three parties in one process: the federated model matches the
 * same algorithm on the joined plaintext rows, and what each party receives is ciphertext or
 * masked.
 */
class HeteroLrTest {
  private static PaillierKeyPair keys;
  private static FeatureTable guestTable;
  private static FeatureTable hostTable;

  @BeforeAll
  static void setUp() {
    keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    // one logistic table split by columns: the guest gets the label and 2 features, the host 3
    FeatureTable all = TestTables.logistic(300, 5, 0.0, 21, "e");
    guestTable = all.withFeatures(List.of("f0", "f3"));
    hostTable = all.withFeatures(List.of("f1", "f2", "f4")).withoutLabels();
  }

  private static HeteroLrConfig config() {
    return new HeteroLrConfig(3, 100, 0.3, 0.5, 1e-3, 1e-6, 5, 10, 24, 40, 100);
  }

  @Test
  @Timeout(300)
  void matchesThePlaintextAlgorithmAndKeepsEveryMessageEncryptedOrMasked() {
    HeteroLrConfig cfg = config();
    SecureRandom random = new SecureRandom();
    HeteroLrGuest guest = new HeteroLrGuest(guestTable, cfg, random);
    HeteroLrHost host = new HeteroLrHost("platform", hostTable, cfg, keys.publicKey(), random);
    HeteroLrArbiter arbiter = new HeteroLrArbiter(keys, cfg);
    List<Object[]> seen = new ArrayList<>();
    List<EpochResult> epochs = HeteroLrTraining.run(guest, List.of(host), arbiter, cfg,
        (from, to, m) -> seen.add(new Object[] {from, to, m}), r -> { });
    assertEquals(3, epochs.size());
    // the Taylor loss falls
    assertTrue(epochs.get(2).loss() < epochs.get(0).loss(), epochs.toString());

    PlaintextHeteroLr plain = new PlaintextHeteroLr(guestTable, hostTable, cfg);
    plain.train();
    double[] y = guest.labels();
    double federated = BinaryMetrics.auc(HeteroLrTraining.predictAligned(guest, List.of(host)),
        y);
    double joined = BinaryMetrics.auc(plain.predict(), y);
    assertEquals(joined, federated, 0.003, "federated " + federated + " vs plaintext " + joined);
    assertTrue(federated > 0.7, "AUC " + federated);

    // what crossed: guest <-> host only ciphertexts; the arbiter only masked values and the loss
    int decryptions = 0;
    for (Object[] s : seen) {
      Object m = s[2];
      if (m instanceof HostForward f) {
        assertEquals("guest", s[1]);
        f.predictors().forEach(c -> assertTrue(c instanceof Ciphertext));
      } else if (m instanceof Residual r) {
        assertEquals("platform", s[1]);
        assertEquals(100, r.scaledResidual().size());
      } else if (m instanceof MaskedGradient g) {
        assertEquals("arbiter", s[1]);
      } else if (m instanceof Decrypted d) {
        for (BigInteger v : d.maskedScaled()) {
          // a masked value is a uniform number of residual+mask+48 bits: never small
          assertTrue(v.bitLength() > 40 + 24, "decrypted value looks unmasked: " + v);
          decryptions++;
        }
      } else if (m instanceof HeteroLrMessages.GuestEpochEnd || m instanceof EpochResult) {
        // the loss is the one plaintext the arbiter may learn
      } else {
        throw new AssertionError("unexpected message " + m.getClass());
      }
    }
    assertEquals(arbiter.decryptedValues(), decryptions);
    assertFalse(seen.isEmpty());
  }

  @Test
  void plaintextBaselineLearnsTheSignal() {
    PlaintextHeteroLr plain = new PlaintextHeteroLr(guestTable, hostTable, config().withEpochs(5));
    plain.train();
    assertTrue(BinaryMetrics.auc(plain.predict(), plain.labels()) > 0.7);
  }

  @Test
  void hostRefusesLabelsAndGuestNeedsThem() {
    SecureRandom random = new SecureRandom();
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new HeteroLrHost("h", guestTable, config(), keys.publicKey(), random));
    FeatureTable unlabelled = FeatureTable.of(Schema.unlabelled("id", List.of("a")),
        new String[] {"x"}, null, new double[] {1});
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new HeteroLrGuest(unlabelled, config(), random));
  }
}
