package io.fedcredit.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Standardizer;
import com.google.protobuf.ByteString;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Task;
import io.fedcredit.core.protocol.UpdateKind;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.proto.ValuesChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireTest {

  @Test
  void aHistogramWhoseCountsOverflowIsRefusedNotCrashed() {
    io.fedcredit.proto.ScoreHistogram h = io.fedcredit.proto.ScoreHistogram.newBuilder()
        .setLogitMin(-1).setLogitMax(1).addPositives(Long.MAX_VALUE).addPositives(Long.MAX_VALUE)
        .addNegatives(0).addNegatives(0).build();
    Rejection r = assertThrows(Rejection.class, () -> WireCodec.fromProto(h, 16));
    assertEquals(Rejection.Reason.INVALID_VALUE, r.reason());
  }

  @Test
  void keyAttestationsRoundTripAndOversizedOnesAreRefusedByField() {
    io.fedcredit.crypto.pki.CertificateAuthority ca =
        io.fedcredit.crypto.pki.CertificateAuthority.create("fed", java.time.Duration.ofDays(1),
            java.time.Instant.now(), new java.security.SecureRandom());
    io.fedcredit.crypto.pki.KeyAttestation a = new io.fedcredit.crypto.pki.KeyAttestor(
        ca.issue(new io.fedcredit.crypto.pki.PartyIdentity("fed", "bank-a",
            io.fedcredit.crypto.pki.PartyRole.BANK), List.of(), java.time.Duration.ofHours(1),
            java.time.Instant.now())).attest(io.fedcredit.crypto.pki.KeyBinding.of("p", "j", "1",
        "bank-a", new byte[32]));
    io.fedcredit.proto.KeyAttestation m = KeyAttestationWire.toProto(a);
    assertEquals(a, KeyAttestationWire.fromProto("keys.attestation", true, m));
    assertEquals(null, KeyAttestationWire.fromProto("keys.attestation", false, m));
    Rejection big = assertThrows(Rejection.class, () -> KeyAttestationWire.fromProto(
        "keys.attestation", true, m.toBuilder().setSignature(ByteString.copyFrom(
            new byte[4096])).build()));
    assertEquals(Rejection.Reason.TOO_LARGE, big.reason());
    assertTrue(big.getMessage().contains("keys.attestation.signature"), big.getMessage());
    Rejection junk = assertThrows(Rejection.class, () -> KeyAttestationWire.fromProto(
        "keys.attestation", true, m.toBuilder().setCertificateChain(0,
            ByteString.copyFromUtf8("not a certificate")).build()));
    assertEquals(Rejection.Reason.INVALID_VALUE, junk.reason());
  }

  @Test
  void chunksReassembleExactlyAtEveryBoundary() {
    int max = Chunking.MAX_VALUES_PER_CHUNK;
    for (int n : new int[] {0, 1, max - 1, max, max + 1, 3 * max + 7}) {
      double[] v = new SplittableRandom(n).doubles(n).toArray();
      List<ValuesChunk> chunks = Chunking.split(v);
      assertEquals(Chunking.chunkCount(n), chunks.size());
      Chunking.Assembler a = new Chunking.Assembler("test", n, chunks.size(), n);
      chunks.forEach(a::add);
      assertArrayEquals(v, a.result());
    }
  }

  @Test
  void assemblerRefusesMalformedStreams() {
    double[] v = new double[Chunking.MAX_VALUES_PER_CHUNK + 5];
    List<ValuesChunk> chunks = Chunking.split(v);
    Rejection tooLarge = assertThrows(Rejection.class,
        () -> new Chunking.Assembler("ctx", v.length, 2, 10));
    assertEquals(Rejection.Reason.TOO_LARGE, tooLarge.reason());
    assertThrows(Rejection.class, () -> new Chunking.Assembler("ctx", v.length, 3, v.length));

    Chunking.Assembler outOfOrder = new Chunking.Assembler("ctx", v.length, 2, v.length);
    Rejection r = assertThrows(Rejection.class, () -> outOfOrder.add(chunks.get(1)));
    assertTrue(r.getMessage().contains("chunk 1 arrived where chunk 0 was expected"));

    Chunking.Assembler early = new Chunking.Assembler("ctx", v.length, 2, v.length);
    early.add(chunks.get(0));
    assertThrows(Rejection.class, early::result);
    early.add(chunks.get(1));
    assertThrows(Rejection.class, () -> early.add(chunks.get(1)));
  }

  @Test
  void ciphertextChunksReassembleExactlyAndStayFarBelowTheMessageLimit() {
    int max = Chunking.MAX_CIPHERTEXTS_PER_CHUNK;
    SplittableRandom random = new SplittableRandom(5);
    for (int n : new int[] {0, 1, max, max + 1, 2 * max + 3}) {
      List<ByteString> cts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] c = new byte[768]; // a 3072-bit key's ciphertext
        random.nextBytes(c);
        cts.add(ByteString.copyFrom(c));
      }
      int chunks = Chunking.Payload.CIPHERTEXTS.chunkCount(n);
      Chunking.Assembler a = new Chunking.Assembler("test", n, chunks, n,
          Chunking.Payload.CIPHERTEXTS);
      for (int i = 0; i < chunks; i++) {
        ValuesChunk c = Chunking.chunk(cts, i);
        assertTrue(c.getSerializedSize() < 256 * 1024, "chunk of " + c.getSerializedSize() + " B");
        a.add(c);
      }
      assertEquals(cts, a.ciphertexts());
    }
    Chunking.Assembler mixed = new Chunking.Assembler("ctx", 2, 1, 2, Chunking.Payload.CIPHERTEXTS);
    Rejection r = assertThrows(Rejection.class, () -> mixed.add(Chunking.chunk(new double[2], 0)));
    assertEquals(Rejection.Reason.MALFORMED, r.reason());
    assertTrue(r.getMessage().contains("0 ciphertexts and 2 values"), r.getMessage());
  }

  @Test
  void paillierTasksRoundTrip() {
    PaillierKeyPair keys = PaillierKeyPair.generate(PaillierParameters.DEFAULT_2048);
    PaillierAggregationConfig cfg = PaillierAggregationConfig.defaults().withKeyHolder("bank-a");
    TrainingConfig tc = new TrainingConfig(1, 8, 0.1, 0, 3, TrainingConfig.Optimizer.SGD);
    Task.Fit fit = new Task.Fit(4, tc, 10_000, 7, null, null,
        new Task.Encryption(cfg, keys.publicKey(), cfg.scheme(5), List.of("dp.unclipped")));
    Task.Fit back = (Task.Fit) WireCodec.fromProto(WireCodec.toProto(fit, 1_000), 1_000);
    assertEquals(fit, back);
    assertEquals(keys.publicKey(), back.encryption().key());
    assertEquals(5, back.encryption().scheme().maxSummands());

    Task.PaillierKey key = new Task.PaillierKey(1, 5_000, 3072);
    assertEquals(key, WireCodec.fromProto(WireCodec.toProto(key, 0), 0));
    Task.PaillierDecrypt decrypt = new Task.PaillierDecrypt(2, 5_000);
    assertEquals(decrypt, WireCodec.fromProto(WireCodec.toProto(decrypt, 0), 0));
    for (UpdateKind kind : UpdateKind.values()) {
      assertEquals(kind, WireCodec.fromProto(WireCodec.toProto(kind)));
    }
  }

  @Test
  void modelFilesRoundTripAndRefuseCorruption(@TempDir Path dir) throws Exception {
    ModelSpec spec = ModelSpec.mlp(2, List.of(3), 9);
    GlobalModel m = new GlobalModel(spec, List.of("a", "b"),
        Standardizer.of(new double[] {1, 2}, new double[] {3, 4}),
        new double[] {0.5, -1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
        ModelProvenance.now("job", 7, "FedAvg", "none", List.of("bank-a", "bank-b")));
    Path f = dir.resolve("m.pb");
    GlobalModelFiles.write(m, f);
    GlobalModel back = GlobalModelFiles.read(f);
    assertEquals(spec, back.spec());
    assertEquals(List.of("a", "b"), back.featureNames());
    assertArrayEquals(m.parameters(), back.parameters());
    assertArrayEquals(new double[] {3, 4}, back.standardizer().scale());
    assertEquals(m.provenance(), back.provenance());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }

    Files.write(f, new byte[] {1, 2, 3});
    FedCreditException e = assertThrows(FedCreditException.class, () -> GlobalModelFiles.read(f));
    assertTrue(e.getMessage().contains("m.pb"), e.getMessage());
  }
}
