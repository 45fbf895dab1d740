package io.fedcredit.core.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.fedcredit.core.testing.ServingFixtures;
import io.fedcredit.core.testing.TestPki;
import io.fedcredit.crypto.InsecureSecretKeyAccess;
import io.fedcredit.crypto.pki.PartyCredential;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.crypto.pki.RevocationList;
import io.fedcredit.proto.ModelSignature;
import io.fedcredit.proto.ServingModelFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CRLReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingModelFilesTest {
  @TempDir
  Path dir;
  TestPki pki;
  PartyCredential bank;
  PartyCredential platform;
  List<ServingModel> pair;

  @BeforeEach
  void setUp() throws Exception {
    pki = TestPki.create("serve-fed", dir);
    bank = pki.issue(ServingFixtures.BANK, PartyRole.BANK);
    platform = pki.issue(ServingFixtures.PLATFORM, PartyRole.DATA_NODE);
    pair = ServingFixtures.scorecardPair("m/hetero-lr", 3, pki.federation());
  }

  @Test
  void bothHalvesRoundTripWithOneIdAndVersion() throws Exception {
    Path b = dir.resolve("bank.fcm");
    Path p = dir.resolve("platform.fcm");
    ServingModelFiles.write(pair.get(0), bank, b);
    ServingModelFiles.write(pair.get(1), platform, p);
    ServingModel rb = ServingModelFiles.read(b, pki.trust());
    ServingModel rp = ServingModelFiles.read(p, pki.trust());
    assertEquals(pair.get(0).toProto(), rb.toProto());
    assertEquals(pair.get(1).toProto(), rp.toProto());
    assertEquals(rb.modelId(), rp.modelId());
    assertEquals(3, rp.version());
    assertEquals(ServingFixtures.BANK, rp.bankParty());
    // the bank knows the data node's schema, and the data node computes the same fingerprint
    assertEquals(rb.dataNodes().get(0).fingerprint(), rp.self().fingerprint());
    assertEquals(ServingFixtures.PLATFORM_FEATURES, rb.dataNodes().get(0).features());
  }

  @Test
  void horizontalModelsExportAsOneWholeFile() throws Exception {
    ServingModel whole = ServingExport.whole(ServingFixtures.horizontalModel(), "h/logreg", 1,
        ServingFixtures.BANK, pki.federation());
    Path f = dir.resolve("whole.fcm");
    ServingModelFiles.write(whole, bank, f);
    ServingModel back = ServingModelFiles.read(f, pki.trust());
    assertEquals(ServingModel.Kind.HORIZONTAL, back.kind());
    assertEquals(ServingModel.Part.WHOLE, back.part());
    assertArrayEquals(ServingFixtures.horizontalModel().parameters(),
        back.horizontal().parameters());
    assertEquals(List.of("a", "b"), back.horizontal().featureNames());
  }

  @Test
  void alteredFilesAreRefused() throws Exception {
    byte[] good = ServingModelFiles.toBytes(pair.get(0), bank);
    ServingModelFile f = ServingModelFile.parseFrom(good);
    byte[] body = f.getModel().toByteArray();
    body[body.length / 2] ^= 1;
    byte[] bad = f.toBuilder().setModel(ByteString.copyFrom(body)).build().toByteArray();
    ServingModelException e = assertThrows(ServingModelException.class,
        () -> ServingModelFiles.fromBytes(bad, "bank.fcm", pki.trust()));
    assertTrue(e.getMessage().contains("altered") || e.getMessage().contains("not a"),
        e.getMessage());
  }

  @Test
  void anotherFederationsCaIsNotTrusted() throws Exception {
    TestPki other = TestPki.create("other-fed", dir.resolve("other"));
    byte[] bytes = ServingModelFiles.toBytes(pair.get(0), bank);
    ServingModelException e = assertThrows(ServingModelException.class,
        () -> ServingModelFiles.fromBytes(bytes, "bank.fcm", other.trust()));
    assertTrue(e.getMessage().contains("was not issued by the trusted CA"), e.getMessage());
  }

  @Test
  void onlyTheHolderInItsRoleSigns() throws Exception {
    // the writer refuses: a bank cannot sign the data node's half
    ServingModelException w = assertThrows(ServingModelException.class,
        () -> ServingModelFiles.toBytes(pair.get(1), bank));
    assertTrue(w.getMessage().contains("only its holder signs it"), w.getMessage());
    // and the reader refuses a forged file signed by a bank named like the data node
    PartyCredential impostor = pki.issue(ServingFixtures.PLATFORM + "-x", PartyRole.BANK);
    byte[] forged = sign(pair.get(1).toProto().toByteArray(), impostor, 1);
    ServingModelException r = assertThrows(ServingModelException.class,
        () -> ServingModelFiles.fromBytes(forged, "platform.fcm", pki.trust()));
    assertTrue(r.getMessage().contains("only the holder signs its part"), r.getMessage());
    // a bank with the data node's id but the wrong role
    PartyCredential wrongRole = pki.issue(ServingFixtures.PLATFORM, PartyRole.BANK);
    byte[] forged2 = sign(pair.get(1).toProto().toByteArray(), wrongRole, 1);
    ServingModelException r2 = assertThrows(ServingModelException.class,
        () -> ServingModelFiles.fromBytes(forged2, "platform.fcm", pki.trust()));
    assertTrue(r2.getMessage().contains("must be signed by a party in role data-node"),
        r2.getMessage());
  }

  @Test
  void aNewerFormatVersionIsRefusedByName() throws Exception {
    byte[] v2 = sign(pair.get(0).toProto().toByteArray(), bank, 2);
    ServingModelException e = assertThrows(ServingModelException.class,
        () -> ServingModelFiles.fromBytes(v2, "bank.fcm", pki.trust()));
    assertTrue(e.getMessage().contains("format version 2; this library reads version 1"),
        e.getMessage());
    ServingModelException g = assertThrows(ServingModelException.class,
        () -> ServingModelFiles.fromBytes("garbage".getBytes(StandardCharsets.UTF_8), "x.fcm",
            pki.trust()));
    assertTrue(g.getMessage().startsWith("x.fcm"), g.getMessage());
  }

  @Test
  void aModelKindFromAFutureVersionIsRefusedNotMisread() throws Exception {
    // a model kind written by a later version: field 13 of ServingModel, unknown here (12 was
    // this test's unknown kind until the trees took it)
    io.fedcredit.proto.ServingModel future = pair.get(0).toProto().toBuilder().clearLinear()
        .setUnknownFields(UnknownFieldSet.newBuilder().addField(13, UnknownFieldSet.Field
            .newBuilder().addLengthDelimited(ByteString.copyFromUtf8("kind")).build()).build())
        .build();
    byte[] file = sign(future.toByteArray(), bank, 1);
    ServingModelException e = assertThrows(ServingModelException.class,
        () -> ServingModelFiles.fromBytes(file, "future.fcm", pki.trust()));
    assertTrue(e.getMessage().contains("model kind this library does not know (fields [13]"),
        e.getMessage());
  }

  @Test
  void aRevokedSignerIsRefused() throws Exception {
    byte[] bytes = ServingModelFiles.toBytes(pair.get(0), bank);
    RevocationList crl = pki.ca().revoke(pki.ca().emptyRevocationList(Instant.now()),
        bank.certificate().getSerialNumber(), CRLReason.KEY_COMPROMISE, Instant.now());
    ServingModelException e = assertThrows(ServingModelException.class,
        () -> ServingModelFiles.fromBytes(bytes, "bank.fcm",
            new ModelTrust(pki.ca().certificate(), crl)));
    assertTrue(e.getMessage().contains("revoked"), e.getMessage());
    // the same file loads under a list that does not revoke its signer
    assertEquals(3, ServingModelFiles.fromBytes(bytes, "bank.fcm", new ModelTrust(
        pki.ca().certificate(), pki.ca().emptyRevocationList(Instant.now()))).version());
  }

  @Test
  void partsThatDisagreeAreRefusedNamingTheField() {
    ServingModel b = pair.get(0);
    // the bank half claims a data node schema other than its features
    io.fedcredit.proto.ServingModel.Builder p = b.toProto().toBuilder();
    p.setParts(1, p.getParts(1).toBuilder().setSchemaFingerprint(42));
    ServingModelException e = assertThrows(ServingModelException.class,
        () -> ServingModel.fromProto(p.build(), "bank.fcm"));
    assertTrue(e.getMessage().contains("field 'parts'") && e.getMessage().contains("fingerprint"),
        e.getMessage());
    io.fedcredit.proto.ServingModel.Builder v = b.toProto().toBuilder().setModelVersion(0);
    ServingModelException ev = assertThrows(ServingModelException.class,
        () -> ServingModel.fromProto(v.build(), "bank.fcm"));
    assertTrue(ev.getMessage().contains("field 'model_version'"), ev.getMessage());
  }

  /** A file signed outside {@link ServingModelFiles}, to forge what its writer refuses. */
  private static byte[] sign(byte[] model, PartyCredential signer, int formatVersion)
      throws Exception {
    Signature s = Signature.getInstance(ServingModelFiles.SIGNATURE_ALGORITHM);
    s.initSign(signer.privateKey(InsecureSecretKeyAccess.get()));
    s.update((ServingModelFiles.FORMAT + "/1\0").getBytes(StandardCharsets.UTF_8));
    s.update(model);
    return ServingModelFile.newBuilder()
        .setFormat(ServingModelFiles.FORMAT)
        .setFormatVersion(formatVersion)
        .setModel(ByteString.copyFrom(model))
        .setSignature(ModelSignature.newBuilder()
            .setAlgorithm(ServingModelFiles.SIGNATURE_ALGORITHM)
            .setSignerCertificate(ByteString.copyFrom(signer.certificate().getEncoded()))
            .setValue(ByteString.copyFrom(s.sign())))
        .build().toByteArray();
  }
}
