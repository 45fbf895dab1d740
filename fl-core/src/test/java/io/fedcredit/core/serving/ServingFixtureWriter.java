package io.fedcredit.core.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fedcredit.core.testing.ServingFixtures;
import io.fedcredit.crypto.pki.CertificateAuthority;
import io.fedcredit.crypto.pki.PartyCredential;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.crypto.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the compatibility fixture that {@link ServingCompatibilityTest} reads: run it once per
 * format version, never again for the same version (the files stand for what that version
 * wrote):
 * {@code ./mvnw -B -pl fl-core -am test -Dtest=ServingFixtureWriter -Dserving.fixtures.write=v1
 * -Dsurefire.failIfNoSpecifiedTests=false}; the tree models' fixture likewise with
 * {@code -Dserving.fixtures.write.trees=v1-trees}.
 */
class ServingFixtureWriter {
  static final String FEDERATION = "fixture-fed";
  static final String MODEL_ID = "fixture/hetero-lr";

  @Test
  @EnabledIfSystemProperty(named = "serving.fixtures.write", matches = "v\\d+")
  void write() throws Exception {
    Signers f = signers(System.getProperty("serving.fixtures.write"));
    List<ServingModel> pair = ServingFixtures.scorecardPair(MODEL_ID, 7, FEDERATION);
    ServingModelFiles.write(pair.get(0), f.bank(), f.dir().resolve("bank-a.fcm"));
    ServingModelFiles.write(pair.get(1), f.platform(), f.dir().resolve("platform.fcm"));
    ServingModelFiles.write(ServingExport.whole(ServingFixtures.horizontalModel(),
        "fixture/logreg", 2, ServingFixtures.BANK, FEDERATION), f.bank(),
        f.dir().resolve("whole.fcm"));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(
        f.dir().resolve("expected.json").toFile(), ServingCompatibilityTest.score(pair.get(0),
            pair.get(1)));
  }

  /**
   * The tree models' fixture, read by {@link TreeServingCompatibilityTest}:
   * {@code -Dserving.fixtures.write.trees=v1-trees}.
   */
  @Test
  @EnabledIfSystemProperty(named = "serving.fixtures.write.trees", matches = "v\\d+-trees")
  void writeTrees() throws Exception {
    Signers f = signers(System.getProperty("serving.fixtures.write.trees"));
    List<ServingModel> pair = ServingFixtures.treePair(TreeServingCompatibilityTest.MODEL_ID,
        3, FEDERATION, 0);
    ServingModel whole = ServingExport.wholeTrees(ServingFixtures.wholeTrees(),
        TreeServingCompatibilityTest.WHOLE_ID, 2, ServingFixtures.BANK, FEDERATION,
        "fixture-horizontal", Map.of());
    ServingModelFiles.write(pair.get(0), f.bank(), f.dir().resolve("bank-a.fcm"));
    ServingModelFiles.write(pair.get(1), f.platform(), f.dir().resolve("platform.fcm"));
    ServingModelFiles.write(whole, f.bank(), f.dir().resolve("whole.fcm"));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(
        f.dir().resolve("expected.json").toFile(), TreeServingCompatibilityTest.score(
            pair.get(0), pair.get(1), whole));
  }

  private record Signers(Path dir, PartyCredential bank, PartyCredential platform) {}

  /** A new CA in a new fixture folder (its certificate written there), and the two parties. */
  private static Signers signers(String version) throws Exception {
    Path dir = Path.of("src/test/resources/serving", version);
    Files.createDirectories(dir);
    Instant now = Instant.now();
    CertificateAuthority ca = CertificateAuthority.create(FEDERATION, Duration.ofDays(36_500),
        now, new SecureRandom());
    PartyCredential bank = ca.issue(new PartyIdentity(FEDERATION, ServingFixtures.BANK,
        PartyRole.BANK), List.of(), Duration.ofDays(36_500), now);
    PartyCredential platform = ca.issue(new PartyIdentity(FEDERATION, ServingFixtures.PLATFORM,
        PartyRole.DATA_NODE), List.of(), Duration.ofDays(36_500), now);
    Files.writeString(dir.resolve("ca.pem"), Pem.encode(ca.certificate()));
    return new Signers(dir, bank, platform);
  }
}
