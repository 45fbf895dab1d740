package io.fedcredit.core.serving;

import com.google.protobuf.ByteString;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.RowIndex;
import io.fedcredit.proto.PartialResult;
import io.fedcredit.proto.PartialScoreRequest;
import io.fedcredit.proto.PartialScoreResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The data node's side of online scoring, without sockets: the current feature table indexed by
 * enterprise id, the data node halves it serves, and the answer to a partial-score request.
 *
 * <p>An answer holds, per enterprise, only this half's log-odds, its points and the points each of
 * its worst features lost (by feature index), or, for a tree model, one decision bit per split of
 * the requested model's half (left or right, in ascending split id): never a feature value or a
 * threshold. The table and the models
 * live in one immutable state behind an atomic reference: {@link #refresh} and
 * {@link #addModel} build the next state aside and swap it in, so a request is answered wholly
 * from the old table or wholly from the new one, and a refresh whose table lacks a served model's
 * feature is refused while the old state keeps serving. Requests never lock. Thread-safe.
 */
public final class PartialScoreEngine {
  /** Most enterprise ids in one request. */
  public static final int MAX_IDS_PER_REQUEST = 10_000;
  /** Most reason contributions per enterprise. */
  public static final int MAX_REASONS = 64;
  /** Longest enterprise id. */
  public static final int MAX_ID_LENGTH = 128;

  /** Why a request was refused as a whole. */
  public enum Refusal {
    /** No served model has the requested id and version. */
    MODEL_VERSION_UNKNOWN,
    /** The caller is not the bank of the requested model. */
    NOT_ALLOWED,
    /** The request is malformed (field named in the message). */
    INVALID_REQUEST,
    /** The request is larger than the limits. */
    TOO_LARGE
  }

  /** A request refused as a whole; the message starts with the refusal's name. */
  public static final class RefusedException extends FedCreditException {
    private static final long serialVersionUID = 1L;
    private final Refusal refusal;

    RefusedException(Refusal refusal, String message) {
      super(refusal + ": " + message);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  private record Key(String modelId, long version) {}

  /** A served half with its features' columns in the current table; one of part and tree. */
  private record Bound(ServingModel model, LinearPart part, TreePart tree, int[] columns,
      long fingerprint, String bank) {}

  private record State(FeatureTable table, RowIndex index, long generation, String source,
      Map<Key, Bound> models) {}

  private final AtomicReference<State> state;

  /**
   * An engine over a table, serving no model yet.
   *
   * @param table the data node's features by enterprise id (no label needed)
   * @param source where the table came from, for logs (never a record)
   */
  public PartialScoreEngine(FeatureTable table, String source) {
    this.state = new AtomicReference<>(new State(table, RowIndex.of(table), 1, source,
        Map.of()));
  }

  /**
   * Serves one more data node half (replacing one with the same id and version).
   *
   * @throws ServingModelException when the part is not a data node half of a linear or tree
   *     model, or the current table lacks one of its features
   */
  public synchronized void addModel(ServingModel model) {
    if (model.part() != ServingModel.Part.DATA_NODE_HALF
        || model.kind() == ServingModel.Kind.HORIZONTAL) {
      throw new ServingModelException(model.describe() + " is not a data node's half: a data "
          + "node serves DATA_NODE_HALF parts of vertical linear and tree models");
    }
    State s = state.get();
    Map<Key, Bound> models = new LinkedHashMap<>(s.models());
    models.put(new Key(model.modelId(), model.version()), bind(model, s.table(), s.source()));
    state.set(new State(s.table(), s.index(), s.generation(), s.source(), Map.copyOf(models)));
  }

  /** Stops serving a model version; returns whether it was served. */
  public synchronized boolean removeModel(String modelId, long version) {
    State s = state.get();
    Map<Key, Bound> models = new LinkedHashMap<>(s.models());
    boolean had = models.remove(new Key(modelId, version)) != null;
    state.set(new State(s.table(), s.index(), s.generation(), s.source(), Map.copyOf(models)));
    return had;
  }

  /**
   * Swaps in a new feature table: requests that start after the swap read it, requests under way
   * finish on the old one.
   *
   * @param source where it came from, for logs
   * @return the new table's generation
   * @throws ServingModelException (and keeps serving the old table) when the new table lacks a
   *     feature of a served model
   */
  public synchronized long refresh(FeatureTable table, String source) {
    State s = state.get();
    Map<Key, Bound> models = new LinkedHashMap<>();
    for (Map.Entry<Key, Bound> e : s.models().entrySet()) {
      models.put(e.getKey(), bind(e.getValue().model(), table, source));
    }
    long generation = s.generation() + 1;
    state.set(new State(table, RowIndex.of(table), generation, source, Map.copyOf(models)));
    return generation;
  }

  private static Bound bind(ServingModel model, FeatureTable table, String source) {
    LinearPart part = model.kind() == ServingModel.Kind.LINEAR ? model.linear() : null;
    TreePart tree = part == null ? model.trees() : null;
    List<String> names = part != null ? part.featureNames() : tree.featureNames();
    int[] columns = new int[names.size()];
    for (int j = 0; j < columns.length; j++) {
      columns[j] = table.schema().indexOf(names.get(j));
      if (columns[j] < 0) {
        throw new ServingModelException("the feature table " + source + " has no column '"
            + names.get(j) + "', which " + model.describe() + " needs; its columns are "
            + table.schema().featureNames());
      }
    }
    return new Bound(model, part, tree, columns, model.self().fingerprint(), model.bankParty());
  }

  /** Which load of the table answers now (1 for the first, +1 per refresh). */
  public long generation() {
    return state.get().generation();
  }

  /** Enterprises in the current table. */
  public int enterprises() {
    return state.get().table().rows();
  }

  /** The served models, e.g. {@code model 'm' version 2 (DATA_NODE_HALF held by platform)}. */
  public List<String> models() {
    List<String> out = new ArrayList<>();
    for (Bound b : state.get().models().values()) {
      out.add(b.model().describe());
    }
    return out;
  }

  /**
   * Answers a request.
   *
   * @param caller the caller's certified party id, or empty without authentication (tests)
   * @throws RefusedException for an unknown model version, a caller that is not the model's
   *     bank, a malformed or too large request
   */
  public PartialScoreResponse score(PartialScoreRequest request, Optional<String> caller) {
    long start = System.nanoTime();
    State s = state.get();
    Bound b = s.models().get(new Key(request.getModelId(), request.getModelVersion()));
    if (b == null) {
      throw new RefusedException(Refusal.MODEL_VERSION_UNKNOWN, "this data node serves no model '"
          + request.getModelId() + "' version " + request.getModelVersion() + "; it serves "
          + served(s));
    }
    if (caller.isPresent() && !caller.get().equals(b.bank())) {
      throw new RefusedException(Refusal.NOT_ALLOWED, "'" + caller.get() + "' is not the bank "
          + "of " + b.model().describe() + " (only '" + b.bank() + "' is)");
    }
    int n = request.getEnterpriseIdsCount();
    if (n > MAX_IDS_PER_REQUEST) {
      throw new RefusedException(Refusal.TOO_LARGE, "field 'enterprise_ids' holds " + n
          + " ids; at most " + MAX_IDS_PER_REQUEST + " per request");
    }
    int maxReasons = request.getMaxReasons();
    if (maxReasons < 0 || maxReasons > MAX_REASONS) {
      throw new RefusedException(Refusal.INVALID_REQUEST, "field 'max_reasons' is " + maxReasons
          + ", not in 0.." + MAX_REASONS);
    }
    PartialScoreResponse.Builder out = PartialScoreResponse.newBuilder()
        .setModelId(request.getModelId())
        .setModelVersion(request.getModelVersion())
        .setSchemaFingerprint(b.fingerprint())
        .setFeaturesGeneration(s.generation());
    double[] values = new double[b.columns().length];
    FeatureTable t = s.table();
    for (int i = 0; i < n; i++) {
      String id = request.getEnterpriseIds(i);
      if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
        throw new RefusedException(id.isEmpty() ? Refusal.INVALID_REQUEST : Refusal.TOO_LARGE,
            "field 'enterprise_ids', entry " + i + ": an id has 1-" + MAX_ID_LENGTH
                + " characters, this one " + id.length());
      }
      int row = s.index().row(id);
      if (row < 0) {
        out.addResults(PartialResult.newBuilder().setKnown(false));
        continue;
      }
      for (int j = 0; j < values.length; j++) {
        values[j] = t.value(row, b.columns()[j]);
      }
      if (b.tree() != null) {
        // a tree model: the decision bits of this half's splits, nothing else
        out.addResults(PartialResult.newBuilder().setKnown(true)
            .setSplitDecisions(ByteString.copyFrom(b.tree().decisions(values))));
        continue;
      }
      LinearPart.Evaluation e = b.part().evaluate(values, maxReasons);
      PartialResult.Builder r = PartialResult.newBuilder()
          .setKnown(true)
          .setLogOdds(e.logOdds())
          .setPoints(e.points());
      for (int k = 0; k < e.reasonFeatures().length; k++) {
        r.addReasonFeatures(e.reasonFeatures()[k]).addReasonPoints(e.reasonPoints()[k]);
      }
      out.addResults(r);
    }
    return out.setComputeNanos(System.nanoTime() - start).build();
  }

  private static String served(State s) {
    if (s.models().isEmpty()) {
      return "no model";
    }
    List<String> out = new ArrayList<>();
    // sorted: the state's map is a Map.copyOf, whose iteration order changes from JVM to JVM
    s.models().keySet().stream()
        .sorted(java.util.Comparator.comparing(Key::modelId).thenComparingLong(Key::version))
        .forEach(k -> out.add("'" + k.modelId() + "' version " + k.version()));
    return String.join(", ", out);
  }

  @Override
  public String toString() {
    State s = state.get();
    return "PartialScoreEngine[" + s.table().rows() + " enterprises from " + s.source()
        + ", generation " + s.generation() + ", " + s.models().size() + " models]";
  }
}
