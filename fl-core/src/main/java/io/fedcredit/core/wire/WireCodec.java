package io.fedcredit.core.wire;

import io.fedcredit.core.metrics.ScoreHistogram;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.model.TrainingConfig;
import io.fedcredit.core.protocol.Rejection;
import io.fedcredit.core.protocol.Rejection.Reason;
import io.fedcredit.core.protocol.RoundRef;
import io.fedcredit.core.protocol.Task;
import io.fedcredit.core.protocol.UpdateKind;
import com.google.protobuf.ByteString;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import io.fedcredit.crypto.secagg.MaskingGraph;
import io.fedcredit.crypto.pki.KeyAttestation;
import io.fedcredit.crypto.secagg.SecAggMessages.PublicKeys;
import io.fedcredit.crypto.secagg.SecAggMessages.Roster;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShare;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShares;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskRequest;
import io.fedcredit.crypto.secagg.SecAggMessages.UnmaskResponse;
import io.fedcredit.crypto.secagg.SecureAggregationException;
import io.fedcredit.crypto.secagg.Share;
import io.fedcredit.core.privacy.ClientDpInstruction;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.crypto.CryptoException;
import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.proto.DpInstruction;
import io.fedcredit.proto.Encryption;
import io.fedcredit.proto.PackedEncryptedVector;
import io.fedcredit.proto.PaillierAggConfig;
import io.fedcredit.proto.PaillierDecryptTask;
import io.fedcredit.proto.PaillierKey;
import io.fedcredit.proto.PaillierKeyTask;
import io.fedcredit.proto.EvaluateTask;
import io.fedcredit.proto.Masking;
import io.fedcredit.proto.OwnedShare;
import io.fedcredit.proto.PartyKeys;
import io.fedcredit.proto.SecAggConfig;
import io.fedcredit.proto.SecAggKeysTask;
import io.fedcredit.proto.SecAggRoster;
import io.fedcredit.proto.SecAggSharesTask;
import io.fedcredit.proto.SecAggUnmaskTask;
import io.fedcredit.proto.SealedEnvelope;
import io.fedcredit.proto.SharesOut;
import io.fedcredit.proto.UnmaskShares;
import io.fedcredit.proto.FinishedTask;
import io.fedcredit.proto.FitTask;
import io.fedcredit.proto.ModelHeader;
import io.fedcredit.proto.StatsTask;
import io.fedcredit.proto.WaitTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between domain types and protobuf messages. Conversions from the wire validate and
 * throw {@link Rejection} (INVALID_VALUE) naming the field at fault, so a malformed message never
 * reaches a protocol as a half-built object.
 */
public final class WireCodec {
  private WireCodec() {}

  public static io.fedcredit.proto.RoundRef toProto(RoundRef ref) {
    return io.fedcredit.proto.RoundRef.newBuilder()
        .setJobId(ref.jobId()).setRound(ref.round()).setParticipantId(ref.participantId())
        .build();
  }

  /** @throws Rejection INVALID_VALUE when the job or participant id is empty or the round negative */
  public static RoundRef fromProto(io.fedcredit.proto.RoundRef ref) {
    if (ref.getJobId().isEmpty()) {
      throw new Rejection(Reason.INVALID_VALUE, "ref.job_id is empty");
    }
    if (ref.getParticipantId().isEmpty()) {
      throw new Rejection(Reason.INVALID_VALUE, "ref.participant_id is empty (job "
          + ref.getJobId() + ")");
    }
    if (ref.getRound() < 0) {
      throw new Rejection(Reason.INVALID_VALUE, "ref.round is negative: " + ref.getRound());
    }
    return new RoundRef(ref.getJobId(), ref.getRound(), ref.getParticipantId());
  }

  public static io.fedcredit.proto.ModelSpec toProto(ModelSpec spec) {
    return io.fedcredit.proto.ModelSpec.newBuilder()
        .setKind(spec.kind().wireName())
        .setNumFeatures(spec.numFeatures())
        .addAllHiddenLayers(spec.hiddenLayers())
        .setInitSeed(spec.initSeed())
        .build();
  }

  public static ModelSpec fromProto(io.fedcredit.proto.ModelSpec spec) {
    try {
      return new ModelSpec(ModelSpec.Kind.parse(spec.getKind()), spec.getNumFeatures(),
          spec.getHiddenLayersList(), spec.getInitSeed());
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, "model spec: " + e.getMessage());
    }
  }

  public static io.fedcredit.proto.TrainingConfig toProto(TrainingConfig c) {
    return io.fedcredit.proto.TrainingConfig.newBuilder()
        .setLocalEpochs(c.localEpochs())
        .setBatchSize(c.batchSize())
        .setLearningRate(c.learningRate())
        .setL2(c.l2())
        .setSeed(c.seed())
        .setOptimizer(c.optimizer().wireName())
        .setProximalMu(c.proximalMu())
        .build();
  }

  public static TrainingConfig fromProto(io.fedcredit.proto.TrainingConfig c) {
    try {
      return new TrainingConfig(c.getLocalEpochs(), c.getBatchSize(), c.getLearningRate(),
          c.getL2(), c.getSeed(), TrainingConfig.Optimizer.parse(c.getOptimizer()),
          c.getProximalMu());
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, "training config: " + e.getMessage());
    }
  }

  public static io.fedcredit.proto.UpdateKind toProto(UpdateKind kind) {
    return switch (kind) {
      case MODEL_DELTA -> io.fedcredit.proto.UpdateKind.MODEL_DELTA;
      case FEATURE_MOMENTS -> io.fedcredit.proto.UpdateKind.FEATURE_MOMENTS;
      case MASKED_INPUT -> io.fedcredit.proto.UpdateKind.MASKED_INPUT;
      case ENCRYPTED_INPUT -> io.fedcredit.proto.UpdateKind.ENCRYPTED_INPUT;
      case DECRYPTED_SUM -> io.fedcredit.proto.UpdateKind.DECRYPTED_SUM;
    };
  }

  /** @throws Rejection INVALID_VALUE for an unspecified or unknown kind */
  public static UpdateKind fromProto(io.fedcredit.proto.UpdateKind kind) {
    return switch (kind) {
      case MODEL_DELTA -> UpdateKind.MODEL_DELTA;
      case FEATURE_MOMENTS -> UpdateKind.FEATURE_MOMENTS;
      case MASKED_INPUT -> UpdateKind.MASKED_INPUT;
      case ENCRYPTED_INPUT -> UpdateKind.ENCRYPTED_INPUT;
      case DECRYPTED_SUM -> UpdateKind.DECRYPTED_SUM;
      default -> throw new Rejection(Reason.INVALID_VALUE, "update kind " + kind
          + " is not one of MODEL_DELTA, FEATURE_MOMENTS, MASKED_INPUT, ENCRYPTED_INPUT, "
          + "DECRYPTED_SUM");
    };
  }

  public static io.fedcredit.proto.ScoreHistogram toProto(ScoreHistogram h) {
    io.fedcredit.proto.ScoreHistogram.Builder b = io.fedcredit.proto.ScoreHistogram.newBuilder()
        .setLogitMin(h.logitMin()).setLogitMax(h.logitMax());
    for (long c : h.positiveCounts()) {
      b.addPositives(c);
    }
    for (long c : h.negativeCounts()) {
      b.addNegatives(c);
    }
    return b.build();
  }

  /** @throws Rejection WRONG_SHAPE or INVALID_VALUE naming the histogram field at fault */
  public static ScoreHistogram fromProto(io.fedcredit.proto.ScoreHistogram h, int maxBins) {
    if (h.getPositivesCount() > maxBins || h.getNegativesCount() > maxBins) {
      throw new Rejection(Reason.WRONG_SHAPE, "histogram has more than " + maxBins + " bins");
    }
    long[] pos = h.getPositivesList().stream().mapToLong(Long::longValue).toArray();
    long[] neg = h.getNegativesList().stream().mapToLong(Long::longValue).toArray();
    try {
      return ScoreHistogram.fromCounts(h.getLogitMin(), h.getLogitMax(), pos, neg);
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, "histogram: " + e.getMessage());
    } catch (ArithmeticException e) {
      throw new Rejection(Reason.INVALID_VALUE, "histogram: the counts add up past 2^63");
    }
  }

  /** The header of a global-model download. */
  public static ModelHeader header(String jobId, long round, ModelSpec spec,
      List<String> featureNames, Standardizer standardizer, int numParameters) {
    ModelHeader.Builder b = ModelHeader.newBuilder()
        .setJobId(jobId)
        .setRound(round)
        .setModel(toProto(spec))
        .addAllFeatureNames(featureNames)
        .setNumParameters(numParameters)
        .setNumChunks(Chunking.chunkCount(numParameters));
    for (double m : standardizer.mean()) {
      b.addFeatureMean(m);
    }
    for (double s : standardizer.scale()) {
      b.addFeatureScale(s);
    }
    return b.build();
  }

  /** The standardizer carried by a model header. */
  public static Standardizer standardizer(ModelHeader header) {
    double[] mean = toArray(header.getFeatureMeanList());
    double[] scale = toArray(header.getFeatureScaleList());
    try {
      return Standardizer.of(mean, scale);
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, "model header standardizer: " + e.getMessage());
    }
  }

  public static io.fedcredit.proto.Task toProto(Task task, long now) {
    io.fedcredit.proto.Task.Builder b = io.fedcredit.proto.Task.newBuilder();
    if (task instanceof Task.Wait w) {
      b.setWait(WaitTask.newBuilder().setRetryAfterMs(w.retryAfterMillis()).setReason(w.reason()));
    } else if (task instanceof Task.Stats s) {
      b.setStats(StatsTask.newBuilder().setRound(s.round())
          .setDeadlineMs(Math.max(0, s.deadlineAt() - now)));
    } else if (task instanceof Task.Fit f) {
      FitTask.Builder fb = FitTask.newBuilder().setRound(f.round()).setConfig(toProto(f.config()))
          .setDeadlineMs(Math.max(0, f.deadlineAt() - now)).setNumParameters(f.numParameters());
      if (f.masking() != null) {
        Masking.Builder m = Masking.newBuilder()
            .setConfig(toProto(f.masking().config()))
            .addAllAuxNames(f.masking().auxNames());
        for (SealedShare e : f.masking().inbox()) {
          m.addInbox(SealedEnvelope.newBuilder().setParty(e.from())
              .setEnvelope(ByteString.copyFrom(e.envelope())));
        }
        fb.setMasking(m);
      }
      if (f.dp() != null) {
        fb.setDp(DpInstruction.newBuilder()
            .setClipNorm(f.dp().clipNorm())
            .setNoiseStddev(f.dp().noiseStddev())
            .setReportUnclipped(f.dp().reportUnclipped())
            .setUnclippedNoiseStddev(f.dp().unclippedNoiseStddev()));
      }
      if (f.encryption() != null) {
        fb.setEncryption(Encryption.newBuilder()
            .setConfig(toProto(f.encryption().config()))
            .setKey(PaillierWire.toProto(f.encryption().key()))
            .setMaxSummands(f.encryption().scheme().maxSummands())
            .addAllAuxNames(f.encryption().auxNames())
            .setKeyHolder(f.encryption().keyHolder())
            .setKeyRound(f.encryption().keyRound()));
        if (f.encryption().keyAttestation() != null) {
          fb.getEncryptionBuilder().setKeyAttestation(
              KeyAttestationWire.toProto(f.encryption().keyAttestation()));
        }
      }
      b.setFit(fb);
    } else if (task instanceof Task.SecAggKeys k) {
      b.setSecaggKeys(SecAggKeysTask.newBuilder().setRound(k.round())
          .setDeadlineMs(Math.max(0, k.deadlineAt() - now)).setConfig(toProto(k.config())));
    } else if (task instanceof Task.SecAggShares sh) {
      b.setSecaggShares(SecAggSharesTask.newBuilder().setRound(sh.round())
          .setDeadlineMs(Math.max(0, sh.deadlineAt() - now)).setRoster(toProto(sh.roster())));
    } else if (task instanceof Task.SecAggUnmask u) {
      b.setSecaggUnmask(SecAggUnmaskTask.newBuilder().setRound(u.round())
          .setDeadlineMs(Math.max(0, u.deadlineAt() - now))
          .addAllSurvivors(u.request().survivors()).addAllDropped(u.request().dropped()));
    } else if (task instanceof Task.PaillierKey k) {
      b.setPaillierKey(PaillierKeyTask.newBuilder().setRound(k.round())
          .setDeadlineMs(Math.max(0, k.deadlineAt() - now)).setModulusBits(k.modulusBits()));
    } else if (task instanceof Task.PaillierDecrypt d) {
      b.setPaillierDecrypt(PaillierDecryptTask.newBuilder().setRound(d.round())
          .setDeadlineMs(Math.max(0, d.deadlineAt() - now)));
    } else if (task instanceof Task.Evaluate e) {
      b.setEvaluate(EvaluateTask.newBuilder().setRound(e.round())
          .setDeadlineMs(Math.max(0, e.deadlineAt() - now)));
    } else if (task instanceof Task.Finished f) {
      b.setFinished(FinishedTask.newBuilder().setFinalRound(f.finalRound())
          .setReason(f.reason() == null ? "" : f.reason()).setAborted(f.aborted()));
    } else if (task instanceof Task.Boost t) {
      b.setBoost(HorizontalBoostWire.toProto(t, now));
    } else if (task instanceof Task.BoostFinished f) {
      b.setFinished(FinishedTask.newBuilder().setFinalRound(f.finalRound())
          .setReason(f.reason() == null ? "" : f.reason())
          .setLastTree(HorizontalBoostWire.toProto(f.last())));
    }
    return b.build();
  }

  /** A task from the wire; deadlines become absolute using the receiver's {@code now}. */
  public static Task fromProto(io.fedcredit.proto.Task task, long now) {
    return switch (task.getKindCase()) {
      case WAIT -> new Task.Wait(task.getWait().getRetryAfterMs(), task.getWait().getReason());
      case STATS -> new Task.Stats(task.getStats().getRound(),
          now + task.getStats().getDeadlineMs());
      case FIT -> new Task.Fit(task.getFit().getRound(), fromProto(task.getFit().getConfig()),
          now + task.getFit().getDeadlineMs(), task.getFit().getNumParameters(),
          task.getFit().hasMasking() ? fromProto(task.getFit().getMasking()) : null,
          task.getFit().hasDp() ? fromProto(task.getFit().getDp()) : null,
          task.getFit().hasEncryption() ? fromProto(task.getFit().getEncryption()) : null);
      case SECAGG_KEYS -> new Task.SecAggKeys(task.getSecaggKeys().getRound(),
          now + task.getSecaggKeys().getDeadlineMs(),
          fromProto(task.getSecaggKeys().getConfig()));
      case SECAGG_SHARES -> new Task.SecAggShares(task.getSecaggShares().getRound(),
          now + task.getSecaggShares().getDeadlineMs(),
          fromProto(task.getSecaggShares().getRoster()));
      case SECAGG_UNMASK -> new Task.SecAggUnmask(task.getSecaggUnmask().getRound(),
          now + task.getSecaggUnmask().getDeadlineMs(), new UnmaskRequest(
              task.getSecaggUnmask().getSurvivorsList(),
              task.getSecaggUnmask().getDroppedList()));
      case PAILLIER_KEY -> new Task.PaillierKey(task.getPaillierKey().getRound(),
          now + task.getPaillierKey().getDeadlineMs(), task.getPaillierKey().getModulusBits());
      case PAILLIER_DECRYPT -> new Task.PaillierDecrypt(task.getPaillierDecrypt().getRound(),
          now + task.getPaillierDecrypt().getDeadlineMs());
      case EVALUATE -> new Task.Evaluate(task.getEvaluate().getRound(),
          now + task.getEvaluate().getDeadlineMs());
      case FINISHED -> task.getFinished().hasLastTree() && !task.getFinished().getAborted()
          ? HorizontalBoostWire.finished(task.getFinished())
          : new Task.Finished(task.getFinished().getFinalRound(),
              task.getFinished().getReason(), task.getFinished().getAborted());
      case BOOST -> HorizontalBoostWire.fromProto(task.getBoost(), now);
      case KIND_NOT_SET -> throw new Rejection(Reason.INVALID_VALUE, "task has no kind");
    };
  }

  // -------------------------------------------------------------------------------------------
  // secure aggregation

  public static SecAggConfig toProto(SecureAggregationConfig c) {
    return SecAggConfig.newBuilder()
        .setThresholdFraction(c.thresholdFraction())
        .setNeighbours(c.neighbours())
        .setDeltaClip(c.deltaClip())
        .setMaxWeight(c.maxWeight())
        .setFractionBits(c.fractionBits())
        .setMaxParties(c.maxParties())
        .build();
  }

  public static SecureAggregationConfig fromProto(SecAggConfig c) {
    try {
      return new SecureAggregationConfig(c.getThresholdFraction(), c.getNeighbours(),
          c.getDeltaClip(), c.getMaxWeight(), c.getFractionBits(), c.getMaxParties());
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, "secure aggregation config: " + e.getMessage());
    }
  }

  /** @throws Rejection INVALID_VALUE for an impossible clip norm or noise */
  public static ClientDpInstruction fromProto(DpInstruction d) {
    try {
      return new ClientDpInstruction(d.getClipNorm(), d.getNoiseStddev(),
          d.getReportUnclipped(), d.getUnclippedNoiseStddev());
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, "dp instruction: " + e.getMessage());
    }
  }

  private static Task.Masking fromProto(Masking m) {
    List<SealedShare> inbox = new ArrayList<>();
    for (SealedEnvelope e : m.getInboxList()) {
      inbox.add(new SealedShare(e.getParty(), e.getEnvelope().toByteArray()));
    }
    return new Task.Masking(fromProto(m.getConfig()), m.getAuxNamesList(), inbox);
  }

  public static PartyKeys toProto(PublicKeys k) {
    PartyKeys.Builder b = PartyKeys.newBuilder().setParty(k.party())
        .setEnvelopeKey(ByteString.copyFrom(k.envelopeKey()))
        .setMaskKey(ByteString.copyFrom(k.maskKey()));
    if (k.attestation() != null) {
      b.setAttestation(KeyAttestationWire.toProto(k.attestation()));
    }
    return b.build();
  }

  /**
   * @throws Rejection INVALID_VALUE when a key has the wrong length or the attestation is
   *     malformed; TOO_LARGE when the attestation is oversized
   */
  public static PublicKeys fromProto(PartyKeys k) {
    KeyAttestation a = KeyAttestationWire.fromProto("keys of '" + k.getParty()
        + "'.attestation", k.hasAttestation(), k.getAttestation());
    return secagg("public keys of '" + k.getParty() + "'", () -> new PublicKeys(k.getParty(),
        k.getEnvelopeKey().toByteArray(), k.getMaskKey().toByteArray(), a));
  }

  public static SecAggRoster toProto(Roster r) {
    SecAggRoster.Builder b = SecAggRoster.newBuilder().setThreshold(r.threshold())
        .setGraphDegree(r.graph().degree()).setGraphSeed(r.graph().seed());
    r.parties().forEach(p -> b.addParties(toProto(p)));
    return b.build();
  }

  public static Roster fromProto(SecAggRoster r) {
    List<PublicKeys> parties = new ArrayList<>();
    for (PartyKeys k : r.getPartiesList()) {
      parties.add(fromProto(k));
    }
    MaskingGraph graph = r.getGraphDegree() == 0 ? MaskingGraph.complete()
        : secagg("roster graph", () -> MaskingGraph.harary(r.getGraphDegree(),
            r.getGraphSeed()));
    return new Roster(parties, r.getThreshold(), graph);
  }

  public static SharesOut toProto(SealedShares s) {
    SharesOut.Builder b = SharesOut.newBuilder();
    s.envelopes().forEach((to, env) -> b.addEnvelopes(SealedEnvelope.newBuilder().setParty(to)
        .setEnvelope(ByteString.copyFrom(env))));
    return b.build();
  }

  /** @throws Rejection INVALID_VALUE when a recipient repeats */
  public static SealedShares fromProto(String from, SharesOut s) {
    Map<String, byte[]> envelopes = new LinkedHashMap<>();
    for (SealedEnvelope e : s.getEnvelopesList()) {
      if (envelopes.put(e.getParty(), e.getEnvelope().toByteArray()) != null) {
        throw new Rejection(Reason.INVALID_VALUE, from + " sent two envelopes for '"
            + e.getParty() + "'");
      }
    }
    return new SealedShares(from, envelopes);
  }

  public static UnmaskShares toProto(UnmaskResponse r) {
    UnmaskShares.Builder b = UnmaskShares.newBuilder();
    r.selfMaskShares().forEach((owner, share) -> b.addSelfMaskShares(OwnedShare.newBuilder()
        .setOwner(owner).setShare(ByteString.copyFrom(share.toBytes()))));
    r.maskKeyShares().forEach((owner, share) -> b.addMaskKeyShares(OwnedShare.newBuilder()
        .setOwner(owner).setShare(ByteString.copyFrom(share.toBytes()))));
    return b.build();
  }

  /** @throws Rejection INVALID_VALUE when a share is malformed or an owner repeats */
  public static UnmaskResponse fromProto(String from, UnmaskShares u) {
    return new UnmaskResponse(from, shares(from, u.getSelfMaskSharesList()),
        shares(from, u.getMaskKeySharesList()));
  }

  private static Map<String, Share> shares(String from, List<OwnedShare> list) {
    Map<String, Share> out = new LinkedHashMap<>();
    for (OwnedShare s : list) {
      Share share = secagg("share of '" + s.getOwner() + "' from " + from,
          () -> Share.fromBytes(s.getShare().toByteArray()));
      if (out.put(s.getOwner(), share) != null) {
        throw new Rejection(Reason.INVALID_VALUE, from + " sent two shares of '" + s.getOwner()
            + "'");
      }
    }
    return out;
  }

  private static <T> T secagg(String what, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (SecureAggregationException | IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, what + ": " + e.getMessage());
    }
  }

  // -------------------------------------------------------------------------------------------
  // Paillier aggregation

  public static PaillierAggConfig toProto(PaillierAggregationConfig c) {
    return PaillierAggConfig.newBuilder()
        .setKeyHolder(c.keyHolder() == null ? "" : c.keyHolder())
        .setModulusBits(c.modulusBits())
        .setValueBits(c.valueBits())
        .setFractionalBits(c.fractionalBits())
        .setDeltaClip(c.deltaClip())
        .setMaxWeight(c.maxWeight())
        .build();
  }

  /** @throws Rejection INVALID_VALUE when the settings are invalid */
  public static PaillierAggregationConfig fromProto(PaillierAggConfig c) {
    try {
      return new PaillierAggregationConfig(c.getKeyHolder().isEmpty() ? null : c.getKeyHolder(),
          c.getModulusBits(), c.getValueBits(), c.getFractionalBits(), c.getDeltaClip(),
          c.getMaxWeight());
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, "Paillier aggregation config: " + e.getMessage());
    }
  }

  private static Task.Encryption fromProto(Encryption e) {
    PaillierAggregationConfig config = fromProto(e.getConfig());
    PaillierPublicKey key = paillierKey(e.getKey());
    try {
      return new Task.Encryption(config, key, config.scheme(e.getMaxSummands()),
          e.getAuxNamesList(), e.getKeyHolder(), e.getKeyRound(), KeyAttestationWire.fromProto(
              "encryption.key_attestation", e.hasKeyAttestation(), e.getKeyAttestation()));
    } catch (IllegalArgumentException ex) {
      throw new Rejection(Reason.INVALID_VALUE, "encryption.max_summands: " + ex.getMessage());
    }
  }

  /**
   * Reads a Paillier public key.
   *
   * @throws Rejection INVALID_VALUE naming what is wrong with the key
   */
  public static PaillierPublicKey paillierKey(PaillierKey key) {
    try {
      return PaillierWire.fromProto(key);
    } catch (CryptoException e) {
      throw new Rejection(Reason.INVALID_VALUE, "Paillier key: " + e.getMessage());
    }
  }

  /**
   * Reads a packed encrypted vector that was streamed as a header and chunks of ciphertexts,
   * validating the key id against {@code key}, the scheme, the counts, every ciphertext's size and
   * range.
   *
   * @param context names the stream in error messages
   * @throws Rejection MALFORMED when the header itself carries ciphertexts; INVALID_VALUE naming
   *     the field at fault otherwise
   */
  public static PackedCiphertext packed(PackedEncryptedVector header, List<ByteString> ciphertexts,
      PaillierPublicKey key, String context) {
    if (header.getValuesCount() != 0) {
      throw new Rejection(Reason.MALFORMED, context + ": the encrypted vector's header carries "
          + header.getValuesCount() + " ciphertexts; they travel in chunks");
    }
    try {
      return PaillierWire.fromProto(header.toBuilder().addAllValues(ciphertexts).build(), key);
    } catch (CryptoException e) {
      throw new Rejection(Reason.INVALID_VALUE, context + ": " + e.getMessage());
    }
  }

  /** Doubles of a repeated field, as an array. */
  public static double[] toArray(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** Boxes an array for a repeated field. */
  public static List<Double> toList(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return out;
  }
}
