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
import io.fedcredit.proto.EvaluateTask;
import io.fedcredit.proto.FinishedTask;
import io.fedcredit.proto.FitTask;
import io.fedcredit.proto.ModelHeader;
import io.fedcredit.proto.StatsTask;
import io.fedcredit.proto.WaitTask;
import java.util.ArrayList;
import java.util.List;

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
        .build();
  }

  public static TrainingConfig fromProto(io.fedcredit.proto.TrainingConfig c) {
    try {
      return new TrainingConfig(c.getLocalEpochs(), c.getBatchSize(), c.getLearningRate(),
          c.getL2(), c.getSeed(), TrainingConfig.Optimizer.parse(c.getOptimizer()));
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.INVALID_VALUE, "training config: " + e.getMessage());
    }
  }

  public static io.fedcredit.proto.UpdateKind toProto(UpdateKind kind) {
    return switch (kind) {
      case MODEL_DELTA -> io.fedcredit.proto.UpdateKind.MODEL_DELTA;
      case FEATURE_MOMENTS -> io.fedcredit.proto.UpdateKind.FEATURE_MOMENTS;
    };
  }

  /** @throws Rejection INVALID_VALUE for an unspecified or unknown kind */
  public static UpdateKind fromProto(io.fedcredit.proto.UpdateKind kind) {
    return switch (kind) {
      case MODEL_DELTA -> UpdateKind.MODEL_DELTA;
      case FEATURE_MOMENTS -> UpdateKind.FEATURE_MOMENTS;
      default -> throw new Rejection(Reason.INVALID_VALUE, "update kind " + kind
          + " is not one of MODEL_DELTA, FEATURE_MOMENTS");
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
      b.setFit(FitTask.newBuilder().setRound(f.round()).setConfig(toProto(f.config()))
          .setDeadlineMs(Math.max(0, f.deadlineAt() - now)).setNumParameters(f.numParameters()));
    } else if (task instanceof Task.Evaluate e) {
      b.setEvaluate(EvaluateTask.newBuilder().setRound(e.round())
          .setDeadlineMs(Math.max(0, e.deadlineAt() - now)));
    } else if (task instanceof Task.Finished f) {
      b.setFinished(FinishedTask.newBuilder().setFinalRound(f.finalRound())
          .setReason(f.reason() == null ? "" : f.reason()).setAborted(f.aborted()));
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
          now + task.getFit().getDeadlineMs(), task.getFit().getNumParameters());
      case EVALUATE -> new Task.Evaluate(task.getEvaluate().getRound(),
          now + task.getEvaluate().getDeadlineMs());
      case FINISHED -> new Task.Finished(task.getFinished().getFinalRound(),
          task.getFinished().getReason(), task.getFinished().getAborted());
      case KIND_NOT_SET -> throw new Rejection(Reason.INVALID_VALUE, "task has no kind");
    };
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
