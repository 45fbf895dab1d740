package io.fedcredit.core.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.vertical.FederatedWoe;
import io.fedcredit.core.vertical.HeteroLrConfig;
import io.fedcredit.core.vertical.HeteroLrMessages;
import io.fedcredit.core.vertical.VerticalJobConfig;
import io.fedcredit.core.vertical.SecureBoostMessages;
import io.fedcredit.core.vertical.VerticalJobMessages;
import io.fedcredit.crypto.paillier.Ciphertext;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.crypto.psi.AlignedPositions;
import io.fedcredit.crypto.psi.BlindedElements;
import io.fedcredit.crypto.psi.EcdhPsiMessages;
import io.fedcredit.crypto.psi.PsiRole;
import io.fedcredit.proto.EncryptedVector;
import io.fedcredit.proto.VerticalPayload;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Converts the messages of a vertical job to and from {@code fedcredit.v1.VerticalPayload}
 * bytes, with a type name per message (the payload's oneof case, e.g. {@code forward}).
 * Ciphertexts travel as {@code EncryptedVector}s and are read back under a key this codec
 * trusts: the arbiter's key (from the job setup, or {@link #trust}) or a guest's WOE key (from
 * its encrypted labels). One instance per party; thread-safe.
 */
public final class VerticalWire {
  private final Map<String, PaillierPublicKey> keys = new ConcurrentHashMap<>();

  /** A message in its wire form. */
  public record Encoded(String type, byte[] bytes) {}

  /** Trusts a Paillier public key for reading ciphertexts. */
  public void trust(PaillierPublicKey key) {
    keys.put(key.keyId(), key);
  }

  /** The type name of a message class, as {@link #encode} names it. */
  public static String typeOf(Class<?> type) {
    String name = TYPES.get(type);
    if (name == null) {
      throw new IllegalArgumentException("no wire form for " + type.getSimpleName());
    }
    return name;
  }

  private static final Map<Class<?>, String> TYPES = Map.ofEntries(
      Map.entry(VerticalJobMessages.Setup.class, "setup"),
      Map.entry(VerticalJobMessages.KeyAnnouncement.class, "key"),
      Map.entry(EcdhPsiMessages.BlindedSet.class, "psi_elements"),
      Map.entry(EcdhPsiMessages.DoubleBlindedSet.class, "psi_elements"),
      Map.entry(AlignedPositions.class, "psi_positions"),
      Map.entry(FederatedWoe.EncryptedLabels.class, "woe_labels"),
      Map.entry(FederatedWoe.BinSums.class, "woe_sums"),
      Map.entry(VerticalJobMessages.HostSelection.class, "selection"),
      Map.entry(HeteroLrMessages.HostForward.class, "forward"),
      Map.entry(HeteroLrMessages.Residual.class, "residual"),
      Map.entry(HeteroLrMessages.MaskedGradient.class, "masked_gradient"),
      Map.entry(HeteroLrMessages.Decrypted.class, "decrypted"),
      Map.entry(HeteroLrMessages.GuestEpochEnd.class, "epoch_end"),
      Map.entry(HeteroLrMessages.EpochResult.class, "epoch_result"),
      Map.entry(VerticalJobMessages.HostFinal.class, "host_final"),
      Map.entry(VerticalJobMessages.HostScorecard.class, "host_scorecard"),
      Map.entry(io.fedcredit.core.vertical.VerticalArbiter.TrainingShape.class,
          "training_shape"),
      Map.entry(SecureBoostMessages.GuestHello.class, "boost_hello"),
      Map.entry(SecureBoostMessages.HostFeatures.class, "boost_features"),
      Map.entry(SecureBoostMessages.TreeStart.class, "boost_tree"),
      Map.entry(SecureBoostMessages.LevelRequest.class, "boost_level_request"),
      Map.entry(SecureBoostMessages.LevelReply.class, "boost_level_reply"),
      Map.entry(SecureBoostMessages.RouteRequest.class, "boost_route_request"),
      Map.entry(SecureBoostMessages.RouteReply.class, "boost_route_reply"));

  /** Encodes a message. @throws IllegalArgumentException for a type without a wire form */
  public Encoded encode(Object message) {
    VerticalPayload.Builder p = VerticalPayload.newBuilder();
    if (message instanceof VerticalJobMessages.Setup s) {
      trust(s.arbiterKey());
      p.setSetup(setup(s));
    } else if (message instanceof VerticalJobMessages.KeyAnnouncement k) {
      io.fedcredit.proto.KeyAnnouncement.Builder kb = io.fedcredit.proto.KeyAnnouncement
          .newBuilder().setParty(k.party()).setX25519PublicKey(ByteString.copyFrom(k.publicKey()));
      if (k.attestation() != null) {
        kb.setAttestation(KeyAttestationWire.toProto(k.attestation()));
      }
      p.setKey(kb);
    } else if (message instanceof EcdhPsiMessages.BlindedSet b) {
      p.setPsiElements(psi(b.sessionId(), b.sender(), false, b.elements()));
    } else if (message instanceof EcdhPsiMessages.DoubleBlindedSet b) {
      p.setPsiElements(psi(b.sessionId(), b.sender(), true, b.elements()));
    } else if (message instanceof AlignedPositions a) {
      var b = io.fedcredit.proto.PsiAlignedPositions.newBuilder().setSessionId(a.sessionId());
      for (int v : a.positions()) {
        b.addPositions(v);
      }
      p.setPsiPositions(b);
    } else if (message instanceof FederatedWoe.EncryptedLabels l) {
      trust(l.key());
      p.setWoeLabels(io.fedcredit.proto.WoeEncryptedLabels.newBuilder()
          .setKey(PaillierWire.toProto(l.key())).setLabels(vector(l.labels())));
    } else if (message instanceof FederatedWoe.BinSums s) {
      var b = io.fedcredit.proto.WoeBinSums.newBuilder();
      for (FederatedWoe.FeatureSums f : s.features()) {
        var fb = io.fedcredit.proto.WoeFeatureSums.newBuilder().setFeature(f.feature())
            .setBads(vector(f.bads()));
        for (long r : f.rows()) {
          fb.addRows(r);
        }
        b.addFeatures(fb);
      }
      p.setWoeSums(b);
    } else if (message instanceof VerticalJobMessages.HostSelection s) {
      var b = io.fedcredit.proto.HostSelection.newBuilder().addAllFeatures(s.features());
      s.woe().forEach((f, w) -> b.addWoe(io.fedcredit.proto.HostWoeValues.newBuilder()
          .setFeature(f).addAllWoe(Arrays.stream(w).boxed().toList())));
      p.setSelection(b);
    } else if (message instanceof HeteroLrMessages.HostForward f) {
      var b = io.fedcredit.proto.HostForward.newBuilder().setHost(f.host()).setEpoch(f.epoch())
          .setBatch(f.batch()).setPredictors(vector(f.predictors()));
      if (!f.squares().isEmpty()) {
        b.setSquares(vector(f.squares()));
      }
      p.setForward(b);
    } else if (message instanceof HeteroLrMessages.Residual r) {
      p.setResidual(io.fedcredit.proto.Residual.newBuilder().setEpoch(r.epoch())
          .setBatch(r.batch()).setScaledResidual(vector(r.scaledResidual())));
    } else if (message instanceof HeteroLrMessages.MaskedGradient m) {
      p.setMaskedGradient(io.fedcredit.proto.MaskedGradient.newBuilder().setParty(m.party())
          .setEpoch(m.epoch()).setBatch(m.batch()).setMasked(vector(m.masked())));
    } else if (message instanceof HeteroLrMessages.Decrypted d) {
      var b = io.fedcredit.proto.Decrypted.newBuilder().setParty(d.party()).setEpoch(d.epoch())
          .setBatch(d.batch());
      for (BigInteger v : d.maskedScaled()) {
        b.addMaskedScaled(ByteString.copyFrom(v.toByteArray()));
      }
      p.setDecrypted(b);
    } else if (message instanceof HeteroLrMessages.GuestEpochEnd e) {
      var b = io.fedcredit.proto.GuestEpochEnd.newBuilder().setEpoch(e.epoch());
      if (e.loss() != null) {
        b.setLoss(io.fedcredit.proto.EncryptedLoss.newBuilder().setEpoch(e.loss().epoch())
            .setLoss(PaillierWire.toProto(e.loss().loss())).setRows(e.loss().rows())
            .setScaleBits(e.loss().scaleBits()));
      }
      p.setEpochEnd(b);
    } else if (message instanceof HeteroLrMessages.EpochResult r) {
      p.setEpochResult(io.fedcredit.proto.EpochResult.newBuilder().setEpoch(r.epoch())
          .setLoss(r.loss()).setConverged(r.converged()));
    } else if (message instanceof VerticalJobMessages.HostFinal f) {
      p.setHostFinal(io.fedcredit.proto.HostFinal.newBuilder()
          .addAllTrainScores(Arrays.stream(f.trainScores()).boxed().toList())
          .addAllTestScores(Arrays.stream(f.testScores()).boxed().toList())
          .addAllFeatures(f.features())
          .addAllRawWeights(Arrays.stream(f.rawWeights()).boxed().toList())
          .setConstant(f.constant()));
    } else if (message instanceof VerticalJobMessages.HostScorecard s) {
      var b = io.fedcredit.proto.HostScorecard.newBuilder().setModelId(s.modelId());
      s.points().forEach((f, pts) -> b.addFeatures(io.fedcredit.proto.HostScorecardFeature
          .newBuilder().setFeature(f).addAllPoints(Arrays.stream(pts).boxed().toList())));
      p.setHostScorecard(b);
    } else if (message instanceof io.fedcredit.core.vertical.VerticalArbiter.TrainingShape t) {
      p.setTrainingShape(io.fedcredit.proto.TrainingShape.newBuilder()
          .setTrainRows(t.trainRows()));
    } else if (!BoostWire.encode(this, message, p)) {
      throw new IllegalArgumentException("no wire form for "
          + (message == null ? "null" : message.getClass().getSimpleName()));
    }
    VerticalPayload built = p.build();
    return new Encoded(built.getBodyCase().name().toLowerCase(java.util.Locale.ROOT),
        built.toByteArray());
  }

  /**
   * Decodes a message.
   *
   * @throws WireFormatException naming the field when the bytes are not a valid payload of the
   *     given type, or carry ciphertexts under a key this codec does not trust
   */
  public Object decode(String type, byte[] bytes) {
    VerticalPayload p;
    try {
      p = VerticalPayload.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new WireFormatException("VerticalPayload of type '" + type + "' does not parse: "
          + e.getMessage());
    }
    String actual = p.getBodyCase().name().toLowerCase(java.util.Locale.ROOT);
    if (!actual.equals(type)) {
      throw new WireFormatException("envelope type '" + type + "' but payload holds '"
          + actual + "'");
    }
    try {
      return switch (p.getBodyCase()) {
        case SETUP -> setup(p.getSetup());
        case KEY -> new VerticalJobMessages.KeyAnnouncement(p.getKey().getParty(),
            p.getKey().getX25519PublicKey().toByteArray(), KeyAttestationWire.fromProto(
                "key.attestation", p.getKey().hasAttestation(), p.getKey().getAttestation()));
        case PSI_ELEMENTS -> {
          var m = p.getPsiElements();
          PsiRole role = PsiRole.valueOf(m.getSender());
          BlindedElements el = BlindedElements.fromBytes(m.getElements().toByteArray());
          yield m.getDoubleBlinded()
              ? new EcdhPsiMessages.DoubleBlindedSet(m.getSessionId(), role, el)
              : new EcdhPsiMessages.BlindedSet(m.getSessionId(), role, el);
        }
        case PSI_POSITIONS -> new AlignedPositions(p.getPsiPositions().getSessionId(),
            p.getPsiPositions().getPositionsList().stream().mapToInt(Integer::intValue)
                .toArray());
        case WOE_LABELS -> {
          PaillierPublicKey key = PaillierWire.fromProto(p.getWoeLabels().getKey());
          trust(key);
          yield new FederatedWoe.EncryptedLabels(key,
              Arrays.asList(PaillierWire.fromProto(p.getWoeLabels().getLabels(), key)));
        }
        case WOE_SUMS -> {
          List<FederatedWoe.FeatureSums> fs = new ArrayList<>();
          for (var f : p.getWoeSums().getFeaturesList()) {
            fs.add(new FederatedWoe.FeatureSums(f.getFeature(),
                f.getRowsList().stream().mapToLong(Long::longValue).toArray(),
                ciphertexts(f.getBads(), "woe_sums.bads")));
          }
          yield new FederatedWoe.BinSums(fs);
        }
        case SELECTION -> {
          Map<String, double[]> woe = new LinkedHashMap<>();
          for (var w : p.getSelection().getWoeList()) {
            woe.put(w.getFeature(), doubles(w.getWoeList()));
          }
          yield new VerticalJobMessages.HostSelection(p.getSelection().getFeaturesList(), woe);
        }
        case FORWARD -> {
          var f = p.getForward();
          yield new HeteroLrMessages.HostForward(f.getHost(), f.getEpoch(), f.getBatch(),
              ciphertexts(f.getPredictors(), "forward.predictors"),
              f.hasSquares() ? ciphertexts(f.getSquares(), "forward.squares") : List.of());
        }
        case RESIDUAL -> new HeteroLrMessages.Residual(p.getResidual().getEpoch(),
            p.getResidual().getBatch(),
            ciphertexts(p.getResidual().getScaledResidual(), "residual.scaled_residual"));
        case MASKED_GRADIENT -> {
          var m = p.getMaskedGradient();
          yield new HeteroLrMessages.MaskedGradient(m.getParty(), m.getEpoch(), m.getBatch(),
              ciphertexts(m.getMasked(), "masked_gradient.masked"));
        }
        case DECRYPTED -> {
          var d = p.getDecrypted();
          List<BigInteger> values = new ArrayList<>();
          for (ByteString b : d.getMaskedScaledList()) {
            values.add(new BigInteger(b.toByteArray()));
          }
          yield new HeteroLrMessages.Decrypted(d.getParty(), d.getEpoch(), d.getBatch(), values);
        }
        case EPOCH_END -> {
          var e = p.getEpochEnd();
          HeteroLrMessages.EncryptedLoss loss = null;
          if (e.hasLoss()) {
            var l = e.getLoss();
            PaillierPublicKey key = key(l.getLoss().getKeyId(), "epoch_end.loss");
            loss = new HeteroLrMessages.EncryptedLoss(l.getEpoch(),
                PaillierWire.fromProto(l.getLoss(), key), l.getRows(), l.getScaleBits());
          }
          yield new HeteroLrMessages.GuestEpochEnd(e.getEpoch(), loss);
        }
        case EPOCH_RESULT -> new HeteroLrMessages.EpochResult(p.getEpochResult().getEpoch(),
            p.getEpochResult().getLoss(), p.getEpochResult().getConverged());
        case HOST_FINAL -> {
          var f = p.getHostFinal();
          yield new VerticalJobMessages.HostFinal(doubles(f.getTrainScoresList()),
              doubles(f.getTestScoresList()), f.getFeaturesList(),
              doubles(f.getRawWeightsList()), f.getConstant());
        }
        case HOST_SCORECARD -> {
          Map<String, double[]> pts = new LinkedHashMap<>();
          for (var f : p.getHostScorecard().getFeaturesList()) {
            pts.put(f.getFeature(), doubles(f.getPointsList()));
          }
          yield new VerticalJobMessages.HostScorecard(p.getHostScorecard().getModelId(), pts);
        }
        case TRAINING_SHAPE -> new io.fedcredit.core.vertical.VerticalArbiter.TrainingShape(
            p.getTrainingShape().getTrainRows());
        case BOOST_HELLO, BOOST_FEATURES, BOOST_TREE, BOOST_LEVEL_REQUEST, BOOST_LEVEL_REPLY,
            BOOST_ROUTE_REQUEST, BOOST_ROUTE_REPLY -> BoostWire.decode(this, p);
        case BODY_NOT_SET -> throw new WireFormatException("VerticalPayload has no body");
      };
    } catch (WireFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new WireFormatException("VerticalPayload of type '" + type + "' is invalid: "
          + e.getMessage());
    }
  }

  private static io.fedcredit.proto.JobSetup setup(VerticalJobMessages.Setup s) {
    VerticalJobConfig c = s.config();
    HeteroLrConfig lr = c.lr();
    var b = io.fedcredit.proto.JobSetup.newBuilder().setJobId(c.jobId()).setGuest(c.guest())
        .addAllHosts(c.hosts())
        .setLr(io.fedcredit.proto.HeteroLrSettings.newBuilder().setEpochs(lr.epochs())
            .setBatchSize(lr.batchSize()).setLearningRate(lr.learningRate())
            .setDecay(lr.decay()).setL2(lr.l2()).setTolerance(lr.tolerance()).setSeed(lr.seed())
            .setFeatureBits(lr.featureBits()).setResidualBits(lr.residualBits())
            .setMaskBits(lr.maskBits()).setLossRows(lr.lossRows()))
        .setWoe(c.woe()).setMaxBins(c.maxBins()).setIvThreshold(c.ivThreshold())
        .setTestFraction(c.testFraction()).setArbiterKey(PaillierWire.toProto(s.arbiterKey()))
        .setBaseScore(c.scale().baseScore()).setBaseOdds(c.scale().baseOdds())
        .setPdo(c.scale().pdo());
    if (c.boost() != null) {
      b.setBoost(BoostWire.toProto(c.boost()));
    }
    return b.build();
  }

  private VerticalJobMessages.Setup setup(io.fedcredit.proto.JobSetup s) {
    var l = s.getLr();
    HeteroLrConfig lr = new HeteroLrConfig(l.getEpochs(), l.getBatchSize(), l.getLearningRate(),
        l.getDecay(), l.getL2(), l.getTolerance(), l.getSeed(), l.getFeatureBits(),
        l.getResidualBits(), l.getMaskBits(), l.getLossRows());
    VerticalJobConfig c = new VerticalJobConfig(s.getJobId(), s.getGuest(), s.getHostsList(), lr,
        s.getWoe(), s.getMaxBins(), s.getIvThreshold(), s.getTestFraction(),
        new Scorecard.Scale(s.getBaseScore(), s.getBaseOdds(), s.getPdo()),
        s.hasBoost() ? BoostWire.fromProto(s.getBoost()) : null);
    PaillierPublicKey key = PaillierWire.fromProto(s.getArbiterKey());
    trust(key);
    return new VerticalJobMessages.Setup(c, key);
  }

  private static io.fedcredit.proto.PsiElements psi(String session, PsiRole sender,
      boolean doubled, BlindedElements elements) {
    return io.fedcredit.proto.PsiElements.newBuilder().setSessionId(session)
        .setSender(sender.name()).setDoubleBlinded(doubled)
        .setElements(ByteString.copyFrom(elements.toBytes())).build();
  }

  private static EncryptedVector vector(List<Ciphertext> values) {
    return PaillierWire.toProto(values.toArray(new Ciphertext[0]));
  }

  List<Ciphertext> ciphertexts(EncryptedVector v, String field) {
    return Arrays.asList(PaillierWire.fromProto(v, key(v.getKeyId(), field)));
  }

  PaillierPublicKey key(ByteString keyId, String field) {
    PaillierPublicKey key = keys.get(HexFormat.of().formatHex(keyId.toByteArray()));
    if (key == null) {
      throw new WireFormatException(field + ": ciphertexts under key "
          + HexFormat.of().formatHex(keyId.toByteArray()) + ", which this party does not trust"
          + " (known: " + keys.keySet() + ")");
    }
    return key;
  }

  private static double[] doubles(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
