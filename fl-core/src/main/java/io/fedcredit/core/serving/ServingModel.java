package io.fedcredit.core.serving;

import io.fedcredit.core.credit.BinEdges;
import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.wire.GlobalModelFiles;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.proto.GlobalModelFile;
import io.fedcredit.proto.LinearFeature;
import io.fedcredit.proto.LinearHalf;
import io.fedcredit.proto.ModelPart;
import io.fedcredit.proto.ServingProvenance;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One party's part of a model exported for serving: model id and version, which part it is and
 * who holds it, provenance, every part of the model as this holder knows them, and the model
 * itself ({@link Kind#LINEAR}: a {@link LinearPart}; {@link Kind#HORIZONTAL}: a whole
 * {@link GlobalModel}; {@link Kind#TREES}: a {@link TreePart}). A vertical model is a bank half
 * and one or more data node halves with the same id and version. Files and signatures:
 * {@link ServingModelFiles}; the format is documented in {@code docs/SCORING.md}. Immutable; the constructor checks that the parts agree and names
 * the field at fault.
 */
public final class ServingModel {
  /** Longest model id. */
  public static final int MAX_ID_LENGTH = 128;

  /** Which part of a model this is. */
  public enum Part {
    /** A whole model one party scores alone (horizontal). */
    WHOLE(ModelPart.WHOLE, null),
    /** The bank's (guest's) half of a vertical model: holds the intercept, combines. */
    BANK_HALF(ModelPart.BANK_HALF, PartyRole.BANK),
    /** A data node's (host's) half of a vertical model: answers partial scores. */
    DATA_NODE_HALF(ModelPart.DATA_NODE_HALF, PartyRole.DATA_NODE);

    private final ModelPart wire;
    private final PartyRole role;

    Part(ModelPart wire, PartyRole role) {
      this.wire = wire;
      this.role = role;
    }

    /** The role a holder of this part must have, or {@code null} for any. */
    public PartyRole role() {
      return role;
    }

    ModelPart wire() {
      return wire;
    }

    static Part of(ModelPart wire) {
      for (Part p : values()) {
        if (p.wire == wire) {
          return p;
        }
      }
      throw new IllegalArgumentException("field 'part' is " + wire + ", not one of "
          + Arrays.toString(values()));
    }
  }

  /** What kind of model the part holds. */
  public enum Kind {
    /** Hetero logistic regression, with or without WOE scorecard points. */
    LINEAR,
    /** A whole horizontal model. */
    HORIZONTAL,
    /**
     * Gradient-boosted trees: a SecureBoost bank half (trees naming data node splits by id), a
     * data node half (its split table), or a whole horizontal GBDT.
     */
    TREES
  }

  /**
   * Where a served model comes from.
   *
   * @param jobId the job that trained it
   * @param trainer e.g. {@code hetero-lr} or {@code hetero-lr+woe-scorecard}
   * @param libraryVersion the FedCredit version that exported it
   * @param runtime JVM and OS that exported it
   * @param exportedAt export time (milliseconds)
   * @param metrics informative figures, e.g. {@code train_auc}
   */
  public record Provenance(String jobId, String trainer, String libraryVersion, String runtime,
      Instant exportedAt, Map<String, Double> metrics) {
    public Provenance {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(trainer, "trainer");
      Objects.requireNonNull(libraryVersion, "libraryVersion");
      Objects.requireNonNull(runtime, "runtime");
      Objects.requireNonNull(exportedAt, "exportedAt");
      metrics = Map.copyOf(metrics);
    }
  }

  /**
   * One part of the model as the holder of another part knows it.
   *
   * @param party the party holding it
   * @param part which part
   * @param features its features in its order (empty when this holder does not know them)
   * @param bins with WOE, bins per feature (empty otherwise)
   * @param woe whether its features enter as WOE
   * @param fingerprint {@link #fingerprint} (linear) or {@link #treeFingerprint} (trees) of the
   *     above, 0 when the features are unknown
   * @param splitIds tree models: a data node's split ids, ascending, the order of its decision
   *     bits (empty otherwise)
   */
  public record PartRef(String party, Part part, List<String> features, List<Integer> bins,
      boolean woe, long fingerprint, List<Long> splitIds) {

    public PartRef {
      Objects.requireNonNull(party, "party");
      Objects.requireNonNull(part, "part");
      features = List.copyOf(features);
      bins = List.copyOf(bins);
      splitIds = List.copyOf(splitIds);
    }

    /** A part of a linear or horizontal model (no split ids). */
    public PartRef(String party, Part part, List<String> features, List<Integer> bins,
        boolean woe, long fingerprint) {
      this(party, part, features, bins, woe, fingerprint, List.of());
    }

    /**
     * A part of a tree model whose features are known, with its fingerprint computed.
     *
     * @param splitIds a data node's split ids (sorted here), empty for the bank or a whole model
     */
    public static PartRef tree(String party, Part part, List<String> features,
        List<Long> splitIds) {
      List<Long> sorted = splitIds.stream().sorted().toList();
      return new PartRef(party, part, features, List.of(), false,
          treeFingerprint(party, part, features, sorted), sorted);
    }

    /** A part whose features are known, with its fingerprint computed. */
    public static PartRef known(String party, Part part, boolean woe, List<String> features,
        List<Integer> bins) {
      return new PartRef(party, part, features, bins, woe,
          fingerprint(party, part, woe, features, bins));
    }

    /** A part whose features this holder does not know. */
    public static PartRef unknown(String party, Part part) {
      return new PartRef(party, part, List.of(), List.of(), false, 0);
    }

    /** Whether this holder knows the part's features. */
    public boolean featuresKnown() {
      return !features.isEmpty();
    }

    /**
     * The schema fingerprint: the first 8 bytes (big endian) of SHA-256 over the party, the part,
     * the WOE flag, and each feature's name and bins, in order. The bank and a data node compute
     * it alike from what each knows, so a data node serving another schema under the same model
     * id and version is caught at the first answer.
     */
    public static long fingerprint(String party, Part part, boolean woe, List<String> features,
        List<Integer> bins) {
      StringBuilder sb = new StringBuilder("fedcredit.schema/1\n").append(party).append('\n')
          .append(part).append('\n').append(woe).append('\n');
      for (int j = 0; j < features.size(); j++) {
        sb.append(features.get(j)).append('\t').append(woe ? bins.get(j) : 0).append('\n');
      }
      return digest(sb);
    }

    /**
     * The schema fingerprint of a part of a tree model: as {@link #fingerprint}, over the party,
     * the part, the word {@code trees}, each feature's name and each split id (ascending), so a
     * data node serving other splits under the same model id and version is caught at the first
     * answer.
     */
    public static long treeFingerprint(String party, Part part, List<String> features,
        List<Long> splitIds) {
      StringBuilder sb = new StringBuilder("fedcredit.schema/1\n").append(party).append('\n')
          .append(part).append("\ntrees\n");
      for (String f : features) {
        sb.append(f).append('\n');
      }
      for (long id : splitIds) {
        sb.append("split\t").append(Long.toUnsignedString(id)).append('\n');
      }
      return digest(sb);
    }

    private static long digest(StringBuilder sb) {
      try {
        byte[] h = MessageDigest.getInstance("SHA-256")
            .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        long v = ByteBuffer.wrap(h, 0, 8).getLong();
        return v == 0 ? 1 : v; // 0 means "unknown"
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no SHA-256", e);
      }
    }
  }

  private final String modelId;
  private final long version;
  private final Part part;
  private final String party;
  private final String federation;
  private final Provenance provenance;
  private final List<PartRef> parts;
  private final LinearPart linear;
  private final GlobalModel horizontal;
  private final TreePart trees;

  private ServingModel(String modelId, long version, Part part, String party, String federation,
      Provenance provenance, List<PartRef> parts, LinearPart linear, GlobalModel horizontal,
      TreePart trees) {
    this.modelId = modelId;
    this.version = version;
    this.part = Objects.requireNonNull(part, "part");
    this.party = party;
    this.federation = federation;
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    this.parts = List.copyOf(parts);
    this.linear = linear;
    this.horizontal = horizontal;
    this.trees = trees;
    check();
  }

  /**
   * A half of a vertical linear model.
   *
   * @param parts every part of the model, this one included
   * @throws IllegalArgumentException naming the field at fault when the parts do not agree
   */
  public static ServingModel linear(String modelId, long version, Part part, String party,
      String federation, Provenance provenance, List<PartRef> parts, LinearPart model) {
    return new ServingModel(modelId, version, part, party, federation, provenance, parts,
        Objects.requireNonNull(model, "model"), null, null);
  }

  /**
   * A part of a gradient-boosted tree model: a SecureBoost bank half (the trees) or data node
   * half (the split table), or a whole horizontal GBDT (the trees, no data node split).
   *
   * @param parts every part of the model, this one included ({@link PartRef#tree})
   * @throws IllegalArgumentException naming the field at fault when the parts and the trees or
   *     splits do not agree
   */
  public static ServingModel trees(String modelId, long version, Part part, String party,
      String federation, Provenance provenance, List<PartRef> parts, TreePart model) {
    return new ServingModel(modelId, version, part, party, federation, provenance, parts, null,
        null, Objects.requireNonNull(model, "model"));
  }

  /**
   * A whole horizontal model held by one party.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  public static ServingModel horizontal(String modelId, long version, String party,
      String federation, Provenance provenance, GlobalModel model) {
    Objects.requireNonNull(model, "model");
    return new ServingModel(modelId, version, Part.WHOLE, party, federation, provenance,
        List.of(PartRef.known(party, Part.WHOLE, false, model.featureNames(), List.of())), null,
        model, null);
  }

  private void check() {
    require(modelId != null && !modelId.isBlank() && modelId.length() <= MAX_ID_LENGTH
        && modelId.chars().noneMatch(Character::isISOControl), "model_id",
        "must be 1-" + MAX_ID_LENGTH + " printable characters, got '" + modelId + "'");
    require(version >= 1, "model_version", "must be at least 1, got " + version);
    require(PartyIdentity.isValidName(party), "party", "'" + party + "' is not a valid party id");
    require(PartyIdentity.isValidName(federation), "federation",
        "'" + federation + "' is not a valid federation name");
    require((linear != null ? 1 : 0) + (horizontal != null ? 1 : 0) + (trees != null ? 1 : 0)
        == 1, "kind", "needs exactly one model");
    if (trees == null) {
      require((horizontal != null) == (part == Part.WHOLE), "part", part + " cannot hold a "
          + kind() + " model: a horizontal model is WHOLE, a linear one a BANK_HALF or "
          + "DATA_NODE_HALF");
    } else {
      require(trees.holdsTrees() == (part != Part.DATA_NODE_HALF), "part", part + " cannot hold "
          + (trees.holdsTrees() ? "trees: a data node half holds its split table"
              : "a split table: only a DATA_NODE_HALF does"));
    }
    Set<String> seen = new HashSet<>();
    PartRef self = null;
    for (PartRef r : parts) {
      require(seen.add(r.party()), "parts", "party '" + r.party() + "' appears twice");
      require(r.woe() ? r.bins().size() == r.features().size() : r.bins().isEmpty(), "parts",
          "part of '" + r.party() + "' has " + r.bins().size() + " bin counts for "
              + r.features().size() + " features");
      require(trees != null || r.splitIds().isEmpty(), "parts", "part of '" + r.party()
          + "' lists split ids in a " + kind() + " model");
      if (r.featuresKnown()) {
        long expected = trees != null
            ? PartRef.treeFingerprint(r.party(), r.part(), r.features(), r.splitIds())
            : PartRef.fingerprint(r.party(), r.part(), r.woe(), r.features(), r.bins());
        require(r.fingerprint() == expected, "parts", "the schema fingerprint of '" + r.party()
            + "' does not match its features" + (trees != null ? " and split ids" : ""));
      }
      if (r.party().equals(party)) {
        self = r;
      }
    }
    require(self != null, "parts", "does not list the holder '" + party + "' itself");
    require(self.part() == part, "parts", "lists '" + party + "' as " + self.part()
        + " but this file is its " + part);
    if (linear != null) {
      require(self.features().equals(linear.featureNames())
          && self.woe() == linear.woe()
          && self.bins().equals(Arrays.stream(linear.bins()).boxed().toList()), "parts",
          "the entry of '" + party + "' does not list this half's features "
              + linear.featureNames());
      requireVerticalParts();
      if (part == Part.BANK_HALF) {
        for (PartRef r : dataNodes()) {
          require(r.featuresKnown(), "parts", "the bank half must know the features of data "
              + "node '" + r.party() + "' (for its reason codes and the schema check)");
          require(r.woe() == linear.woe(), "parts", "data node '" + r.party() + "' is "
              + (r.woe() ? "" : "not ") + "WOE-binned, the bank half is"
              + (linear.woe() ? "" : " not"));
        }
      }
    } else if (trees != null) {
      checkTrees(self);
    } else {
      require(parts.size() == 1, "parts", "a WHOLE model has one part, got " + parts.size());
    }
  }

  private void checkTrees(PartRef self) {
    require(self.features().equals(trees.featureNames()) && !self.woe(), "parts",
        "the entry of '" + party + "' does not list this part's features "
            + trees.featureNames());
    require(self.splitIds().equals(trees.splitIds()), "parts", "the entry of '" + party
        + "' lists split ids " + abbreviate(self.splitIds()) + ", this part's split table "
        + abbreviate(trees.splitIds()));
    Map<String, List<Long>> remote = trees.remoteSplitIds();
    if (part == Part.WHOLE) {
      require(parts.size() == 1, "parts", "a WHOLE model has one part, got " + parts.size());
      require(remote.isEmpty(), "trees", "a WHOLE model's trees split on other parties' "
          + "features " + remote.keySet());
      return;
    }
    requireVerticalParts();
    if (part == Part.BANK_HALF) {
      for (PartRef r : dataNodes()) {
        require(r.featuresKnown(), "parts", "the bank half must know the features of data "
            + "node '" + r.party() + "' (for the schema check)");
        List<Long> used = remote.getOrDefault(r.party(), List.of());
        require(r.splitIds().equals(used), "parts", "data node '" + r.party() + "' is listed "
            + "with split ids " + abbreviate(r.splitIds()) + ", the trees use "
            + abbreviate(used));
      }
      for (String p : remote.keySet()) {
        require(dataNodes().stream().anyMatch(r -> r.party().equals(p)), "trees",
            "split on data node '" + p + "', which 'parts' does not list");
      }
    }
  }

  private void requireVerticalParts() {
    long banks = parts.stream().filter(r -> r.part() == Part.BANK_HALF).count();
    long nodes = parts.stream().filter(r -> r.part() == Part.DATA_NODE_HALF).count();
    require(banks == 1 && nodes >= 1 && banks + nodes == parts.size(), "parts",
        "a vertical model has one BANK_HALF and at least one DATA_NODE_HALF, got " + parts);
  }

  private static String abbreviate(List<Long> ids) {
    return ids.size() <= 6 ? ids.toString() : ids.subList(0, 6).toString().replace("]", ", ...")
        + " (" + ids.size() + ")]";
  }

  private static void require(boolean ok, String field, String message) {
    if (!ok) {
      throw new IllegalArgumentException("field '" + field + "' " + message);
    }
  }

  public String modelId() {
    return modelId;
  }

  public long version() {
    return version;
  }

  public Part part() {
    return part;
  }

  /** The party that holds this part (and signed its file). */
  public String party() {
    return party;
  }

  public String federation() {
    return federation;
  }

  public Provenance provenance() {
    return provenance;
  }

  /** Every part of the model, this one included. */
  public List<PartRef> parts() {
    return parts;
  }

  public Kind kind() {
    return linear != null ? Kind.LINEAR : trees != null ? Kind.TREES : Kind.HORIZONTAL;
  }

  /**
   * The tree model of this part.
   *
   * @throws IllegalStateException when the part holds another kind
   */
  public TreePart trees() {
    if (trees == null) {
      throw new IllegalStateException(describe() + " is a " + kind() + " model, not TREES");
    }
    return trees;
  }

  /**
   * The linear model of this half.
   *
   * @throws IllegalStateException when the part holds another kind
   */
  public LinearPart linear() {
    if (linear == null) {
      throw new IllegalStateException(describe() + " is a " + kind() + " model, not LINEAR");
    }
    return linear;
  }

  /**
   * The horizontal model.
   *
   * @throws IllegalStateException when the part holds another kind
   */
  public GlobalModel horizontal() {
    if (horizontal == null) {
      throw new IllegalStateException(describe() + " is a " + kind() + " model, not HORIZONTAL");
    }
    return horizontal;
  }

  /** This part's own entry in {@link #parts()}. */
  public PartRef self() {
    return parts.stream().filter(r -> r.party().equals(party)).findFirst().orElseThrow();
  }

  /** The data nodes' parts, in file order. */
  public List<PartRef> dataNodes() {
    return parts.stream().filter(r -> r.part() == Part.DATA_NODE_HALF).toList();
  }

  /**
   * The bank's party id.
   *
   * @throws IllegalStateException for a horizontal model
   */
  public String bankParty() {
    return parts.stream().filter(r -> r.part() == Part.BANK_HALF).map(PartRef::party)
        .findFirst().orElseThrow(() -> new IllegalStateException(describe()
            + " has no bank half"));
  }

  /** E.g. {@code model 'job/hetero-lr' version 3 (BANK_HALF held by bank-a)}. */
  public String describe() {
    return "model '" + modelId + "' version " + version + " (" + part + " held by " + party + ")";
  }

  @Override
  public String toString() {
    return "ServingModel[" + describe() + ", " + kind() + "]";
  }

  // ------------------------------------------------------------------------------------------
  // protobuf

  /** The message this part is stored as (unsigned: see {@link ServingModelFiles}). */
  public io.fedcredit.proto.ServingModel toProto() {
    io.fedcredit.proto.ServingModel.Builder b = io.fedcredit.proto.ServingModel.newBuilder()
        .setModelId(modelId)
        .setModelVersion(version)
        .setPart(part.wire())
        .setParty(party)
        .setFederation(federation)
        .setProvenance(ServingProvenance.newBuilder()
            .setJobId(provenance.jobId())
            .setTrainer(provenance.trainer())
            .setLibraryVersion(provenance.libraryVersion())
            .setRuntime(provenance.runtime())
            .setExportedAtMs(provenance.exportedAt().toEpochMilli())
            .putAllMetrics(provenance.metrics()));
    for (PartRef r : parts) {
      b.addParts(io.fedcredit.proto.PartRef.newBuilder()
          .setParty(r.party())
          .setPart(r.part().wire())
          .addAllFeatures(r.features())
          .addAllBins(r.bins())
          .setWoe(r.woe())
          .setSchemaFingerprint(r.fingerprint())
          .addAllSplitIds(r.splitIds()));
    }
    if (linear != null) {
      LinearHalf.Builder h = LinearHalf.newBuilder()
          .setWoe(linear.woe())
          .setConstant(linear.constant())
          .setBaseScore(linear.scale().baseScore())
          .setBaseOdds(linear.scale().baseOdds())
          .setPdo(linear.scale().pdo());
      for (LinearPart.Feature f : linear.features()) {
        LinearFeature.Builder fb = LinearFeature.newBuilder()
            .setName(f.name())
            .setWeight(f.weight())
            .setReference(f.reference());
        if (f.edges() != null) {
          for (double c : f.edges().cuts()) {
            fb.addCuts(c);
          }
          for (double w : f.woe()) {
            fb.addWoe(w);
          }
          for (double p : f.points()) {
            fb.addPoints(p);
          }
        }
        h.addFeatures(fb);
      }
      b.setLinear(h);
    } else if (trees != null) {
      b.setTrees(TreeWire.toProto(trees));
    } else {
      try {
        b.setHorizontal(GlobalModelFile.parseFrom(GlobalModelFiles.toBytes(horizontal)));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException("a global model did not re-read its own bytes", e);
      }
    }
    return b.build();
  }

  /**
   * Reads and checks a part.
   *
   * @param source names the file in messages
   * @throws ServingModelException naming the source and the field at fault, or the unknown model
   *     kind
   */
  public static ServingModel fromProto(io.fedcredit.proto.ServingModel m, String source) {
    try {
      ServingProvenance p = m.getProvenance();
      Provenance prov = new Provenance(p.getJobId(), p.getTrainer(), p.getLibraryVersion(),
          p.getRuntime(), Instant.ofEpochMilli(p.getExportedAtMs()),
          new LinkedHashMap<>(p.getMetricsMap()));
      List<PartRef> parts = new ArrayList<>();
      for (io.fedcredit.proto.PartRef r : m.getPartsList()) {
        parts.add(new PartRef(r.getParty(), Part.of(r.getPart()), r.getFeaturesList(),
            r.getBinsList(), r.getWoe(), r.getSchemaFingerprint(), r.getSplitIdsList()));
      }
      Part part = Part.of(m.getPart());
      switch (m.getKindCase()) {
        case LINEAR:
          return linear(m.getModelId(), m.getModelVersion(), part, m.getParty(),
              m.getFederation(), prov, parts, linearFromProto(m.getLinear()));
        case HORIZONTAL:
          GlobalModel g = GlobalModelFiles.fromBytes(m.getHorizontal().toByteArray(),
              source + " (field 'horizontal')");
          ServingModel s = horizontal(m.getModelId(), m.getModelVersion(), m.getParty(),
              m.getFederation(), prov, g);
          if (!s.parts.equals(parts)) {
            throw new IllegalArgumentException("field 'parts' does not describe the horizontal "
                + "model's features");
          }
          return s;
        case TREES:
          return trees(m.getModelId(), m.getModelVersion(), part, m.getParty(),
              m.getFederation(), prov, parts,
              TreeWire.fromProto(m.getTrees(), part, m.getParty()));
        default:
          Set<Integer> unknown = m.getUnknownFields().asMap().keySet();
          throw new ServingModelException(source + " holds a model kind this library does not "
              + "know (fields " + unknown + " of ServingModel; this version reads 'linear' (10), "
              + "'horizontal' (11) and 'trees' (12)): it was written by a newer FedCredit; "
              + "serve it with that version");
      }
    } catch (IllegalArgumentException | io.fedcredit.core.FedCreditException e) {
      if (e instanceof ServingModelException s) {
        throw s;
      }
      throw new ServingModelException(source + ": " + e.getMessage(), e);
    }
  }

  private static LinearPart linearFromProto(LinearHalf h) {
    Scorecard.Scale scale = new Scorecard.Scale(h.getBaseScore(), h.getBaseOdds(), h.getPdo());
    List<LinearPart.Feature> features = new ArrayList<>();
    for (LinearFeature f : h.getFeaturesList()) {
      double[] cuts = f.getCutsList().stream().mapToDouble(Double::doubleValue).toArray();
      BinEdges edges = h.getWoe() ? new BinEdges(f.getName(), cuts) : null;
      if (!h.getWoe() && cuts.length > 0) {
        throw new IllegalArgumentException("feature '" + f.getName() + "' has cut points in a "
            + "model without WOE");
      }
      features.add(new LinearPart.Feature(f.getName(), f.getWeight(), f.getReference(), edges,
          f.getWoeList().stream().mapToDouble(Double::doubleValue).toArray(),
          f.getPointsList().stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return new LinearPart(h.getWoe(), h.getConstant(), scale, features);
  }
}
