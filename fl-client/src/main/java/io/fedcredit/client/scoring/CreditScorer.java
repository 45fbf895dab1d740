package io.fedcredit.client.scoring;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.serving.BankScoring;
import io.fedcredit.core.serving.CutOff;
import io.fedcredit.core.serving.ModelTrust;
import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.serving.ScoreOutcome;
import io.fedcredit.core.serving.ScoreResult;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.serving.ServingModel.PartRef;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.transport.TransportTuning;
import io.fedcredit.proto.PartialResult;
import io.fedcredit.proto.PartialScoreGrpc;
import io.fedcredit.proto.PartialScoreRequest;
import io.fedcredit.proto.PartialScoreResponse;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores loan applicants online with a vertical model: the bank's half runs here, each data
 * node's half answers a partial score by enterprise id over gRPC (mutual TLS outside tests).
 * {@link #score} computes the bank's part from the bank's own features, asks every data node in
 * parallel under one deadline, combines the parts, and returns the probability of default, the
 * score in points, the decision against the configured cut-off and the top reason codes. The data
 * nodes see only enterprise ids; the bank sees only their partial sums and point losses.
 *
 * <p><b>Tree models.</b> With the bank half of a SecureBoost model, each data node answers, in
 * the same one call per applicant (or per batch), one left/right decision per split of its half
 * of the requested model, and the bank walks its trees; the bank learns those decisions and
 * nothing else of the data node (no feature, no threshold). A whole gradient-boosted model
 * (horizontal GBDT) is scored here alone, with no data node. Outcomes, deadlines and the audit
 * log are the same; a tree model's reason codes attribute each tree's path to the bank's
 * features and to each data node as a whole ({@code <data node>/*}).
 *
 * <pre>{@code
 * try (CreditScorer scorer = CreditScorer.builder()
 *     .modelFile(Path.of("bank-a.fcm"), ModelTrust.of(kit))        // the bank's signed half
 *     .dataNode("platform", "dn.city-credit.example:7444", TransportSecurity.mutualTls(kit))
 *     .cutOff(CutOff.maxProbabilityOfDefault(0.08))
 *     .deadline(Duration.ofMillis(300))
 *     .auditLog(Path.of("audit/scoring.jsonl"))
 *     .build()) {
 *   ScoreResult r = scorer.score("91310000MA1FL8XQ30", Map.of("loan_amount", 4.2e5, ...));
 *   switch (r.outcome().kind()) {
 *     case SCORED -> approveOrDecline(r.scored().orElseThrow());
 *     default -> fallBackToManualReview(r.outcome());   // typed, never a silent default
 *   }
 * }
 * }</pre>
 *
 * <p><b>Outcomes.</b> Every call ends in one {@link ScoreOutcome}: {@code SCORED}, or, naming the
 * data node at fault (the first in model order when several fail), {@code ENTERPRISE_UNKNOWN}
 * (the data node holds no features for the id), {@code DATA_NODE_UNAVAILABLE} (unreachable,
 * refused or failed), {@code DEADLINE_EXCEEDED} (no answer in time) or
 * {@code MODEL_VERSION_MISMATCH} (the data node does not serve this model id and version, or
 * serves another schema under them). No failure is turned into a default score.
 *
 * <p><b>Deadlines.</b> Each call to the data nodes carries {@link Builder#deadline} (batches
 * {@link Builder#batchDeadline}); inside a gRPC call (the bank's own scoring endpoint) the
 * incoming call's deadline applies if it is earlier, and cancelling that call cancels these.
 *
 * <p><b>Audit.</b> Every result, scored or not, is written to the {@link AuditLog} before it is
 * returned; if the log cannot be written the call fails with {@link FedCreditException} instead of
 * returning an unaudited decision.
 *
 * <p>Thread-safe: one scorer serves any number of concurrent callers.
 */
public final class CreditScorer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CreditScorer.class);

  /** An applicant of a batch: enterprise id and the bank's features by name. */
  public record Application(String enterpriseId, Map<String, Double> bankFeatures) {
    public Application {
      Objects.requireNonNull(enterpriseId, "enterpriseId");
      Objects.requireNonNull(bankFeatures, "bankFeatures");
    }
  }

  private record DataNode(String party, PartialScoreGrpc.PartialScoreStub stub,
      ManagedChannel owned) {}

  private final BankScoring scoring;
  private final DataNode[] nodes;
  private final Duration deadline;
  private final Duration batchDeadline;
  private final int batchSize;
  private final int batchesInFlight;
  private final AuditLog audit;
  private final boolean ownsAudit;

  private CreditScorer(Builder b, List<DataNode> nodes) {
    this.scoring = new BankScoring(b.model, b.cutOff, b.reasonCodes);
    this.nodes = nodes.toArray(new DataNode[0]);
    this.deadline = b.deadline;
    this.batchDeadline = b.batchDeadline;
    this.batchSize = b.batchSize;
    this.batchesInFlight = b.batchesInFlight;
    this.audit = b.audit;
    this.ownsAudit = b.ownsAudit;
  }

  /** A builder; see the class comment for an example. */
  public static Builder builder() {
    return new Builder();
  }

  /** The bank's half of the model in use. */
  public ServingModel model() {
    return scoring.model();
  }

  /** The bank features every applicant needs, in model order. */
  public List<String> bankFeatures() {
    return scoring.bankFeatures();
  }

  /** The deadline of one applicant's calls to the data nodes. */
  public Duration deadline() {
    return deadline;
  }

  /**
   * Opens the connections to the data nodes now (TCP and the TLS handshake) and waits until they
   * are ready or {@code timeout} passed, so the first applicant's deadline is not spent on them.
   * Only channels this scorer opened are connected; others are the caller's.
   *
   * @return the data nodes whose connection is not ready (empty when all are)
   */
  public List<String> connect(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    List<String> notReady = new ArrayList<>();
    for (DataNode n : nodes) {
      if (n.owned() == null) {
        continue;
      }
      ConnectivityState s = n.owned().getState(true);
      while (s != ConnectivityState.READY && System.nanoTime() < end) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        s = n.owned().getState(true);
      }
      if (s != ConnectivityState.READY) {
        notReady.add(n.party());
      }
    }
    return notReady;
  }

  /**
   * Scores one applicant, blocking until every data node answered or the deadline passed.
   *
   * @param enterpriseId the applicant's enterprise id (unified credit code), as the data nodes
   *     hold it
   * @param bankFeatures the bank's features of the applicant by name (extra entries ignored)
   * @return the result, already in the audit log; never {@code null}
   * @throws IllegalArgumentException naming a missing or non-finite bank feature (nothing is sent)
   * @throws FedCreditException when the audit log cannot be written (no decision is returned)
   */
  public ScoreResult score(String enterpriseId, Map<String, Double> bankFeatures) {
    return join(scoreAsync(enterpriseId, bankFeatures), deadline);
  }

  /**
   * Scores one applicant without blocking; the future completes on a gRPC thread when every
   * data node answered or the deadline passed.
   *
   * @throws IllegalArgumentException naming a missing or non-finite bank feature (nothing is sent)
   */
  public CompletableFuture<ScoreResult> scoreAsync(String enterpriseId,
      Map<String, Double> bankFeatures) {
    Objects.requireNonNull(enterpriseId, "enterpriseId");
    long start = System.nanoTime();
    double[] values = scoring.bankValues(bankFeatures);
    Call call = new Call(new String[] {enterpriseId}, new double[][] {values}, start, deadline);
    call.start();
    return call.done.thenApply(list -> list.get(0));
  }

  /**
   * Scores a portfolio: ids go to the data nodes in batches of {@link Builder#batchSize} per
   * call, several batches in flight, every data node in parallel; each batch has
   * {@link Builder#batchDeadline}. A data node that fails a batch gives every applicant of that
   * batch the typed outcome; the other batches go on.
   *
   * @return one result per application, in order, all in the audit log
   * @throws IllegalArgumentException naming the first application whose bank features are
   *     incomplete (nothing is sent)
   * @throws FedCreditException when the audit log cannot be written
   */
  public List<ScoreResult> scoreBatch(List<Application> applications) {
    int n = applications.size();
    double[][] values = new double[n][];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      Application a = applications.get(i);
      try {
        values[i] = scoring.bankValues(a.bankFeatures());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("application " + i + " (enterprise '"
            + a.enterpriseId() + "'): " + e.getMessage(), e);
      }
      ids[i] = a.enterpriseId();
    }
    List<CompletableFuture<List<ScoreResult>>> parts = new ArrayList<>();
    Semaphore inFlight = new Semaphore(batchesInFlight);
    try {
      for (int from = 0; from < n; from += batchSize) {
        int to = Math.min(n, from + batchSize);
        inFlight.acquire();
        Call call = new Call(Arrays.copyOfRange(ids, from, to),
            Arrays.copyOfRange(values, from, to), System.nanoTime(), batchDeadline);
        call.done.whenComplete((r, t) -> inFlight.release());
        call.start();
        parts.add(call.done);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FedCreditException("interrupted while scoring a batch", e);
    }
    List<ScoreResult> out = new ArrayList<>(n);
    for (CompletableFuture<List<ScoreResult>> p : parts) {
      out.addAll(join(p, batchDeadline));
    }
    return out;
  }

  private static <T> T join(CompletableFuture<T> f, Duration deadline) {
    try {
      // the calls' own deadline completes the future; the margin only guards against a bug
      return f.get(deadline.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FedCreditException("interrupted while scoring", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new FedCreditException("scoring failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new FedCreditException("scoring did not complete " + deadline
          + " + 10 s after its deadline", e);
    }
  }

  /** One call to every data node for some applicants, and its completion. */
  private final class Call {
    final String[] ids;
    final double[][] values;
    final long start;
    final Duration budget;
    final PartialScoreResponse[] responses = new PartialScoreResponse[nodes.length];
    final ScoreOutcome[] failures = new ScoreOutcome[nodes.length];
    final long[] nodeNanos = new long[nodes.length];
    final AtomicInteger remaining = new AtomicInteger(nodes.length);
    final CompletableFuture<List<ScoreResult>> done = new CompletableFuture<>();
    Duration effective;

    Call(String[] ids, double[][] values, long start, Duration budget) {
      this.ids = ids;
      this.values = values;
      this.start = start;
      this.budget = budget;
    }

    void start() {
      Deadline d = Deadline.after(budget.toNanos(), TimeUnit.NANOSECONDS);
      Deadline outer = Context.current().getDeadline();
      if (outer != null && outer.isBefore(d)) {
        d = outer;
      }
      effective = Duration.ofNanos(Math.max(0, d.timeRemaining(TimeUnit.NANOSECONDS)));
      if (nodes.length == 0) {
        // a whole model: nothing to ask
        try {
          done.complete(finish());
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
        return;
      }
      PartialScoreRequest request = PartialScoreRequest.newBuilder()
          .setModelId(scoring.model().modelId())
          .setModelVersion(scoring.model().version())
          .setMaxReasons(scoring.maxReasons())
          .addAllEnterpriseIds(Arrays.asList(ids))
          .build();
      for (int i = 0; i < nodes.length; i++) {
        int node = i;
        long sent = System.nanoTime();
        nodes[i].stub().withDeadline(d).score(request, new StreamObserver<>() {
          @Override
          public void onNext(PartialScoreResponse r) {
            responses[node] = r;
          }

          @Override
          public void onError(Throwable t) {
            failures[node] = failure(nodes[node].party(), t, effective);
            arrived(node, sent);
          }

          @Override
          public void onCompleted() {
            arrived(node, sent);
          }
        });
      }
    }

    void arrived(int node, long sent) {
      nodeNanos[node] = System.nanoTime() - sent;
      if (remaining.decrementAndGet() == 0) {
        try {
          done.complete(finish());
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      }
    }

    List<ScoreResult> finish() {
      ScoreOutcome common = null;
      for (int i = 0; i < nodes.length && common == null; i++) {
        if (failures[i] != null) {
          common = failures[i];
        } else if (responses[i] == null) {
          common = new ScoreOutcome.DataNodeUnavailable(nodes[i].party(),
              "the call ended without an answer");
        } else {
          String m = scoring.mismatch(i, responses[i], ids.length);
          if (m != null) {
            common = new ScoreOutcome.ModelVersionMismatch(nodes[i].party(), m);
          }
        }
      }
      Instant now = Instant.now();
      List<ScoreResult> out = new ArrayList<>(ids.length);
      List<PartialResult> remote = new ArrayList<>(nodes.length);
      for (int k = 0; k < ids.length; k++) {
        long t0 = System.nanoTime();
        ScoreOutcome outcome = common;
        if (outcome == null) {
          remote.clear();
          for (PartialScoreResponse r : responses) {
            remote.add(r.getResults(k));
          }
          outcome = scoring.score(values[k], remote);
        }
        long bankNanos = System.nanoTime() - t0;
        Map<String, Long> micros = new LinkedHashMap<>();
        micros.put("bank", bankNanos / 1000);
        for (int i = 0; i < nodes.length; i++) {
          micros.put(nodes[i].party(), nodeNanos[i] / 1000);
        }
        micros.put("total", (System.nanoTime() - start) / 1000);
        ScoreResult r = new ScoreResult(now, ids[k], scoring.model().modelId(),
            scoring.model().version(), outcome, micros);
        audit.record(r);
        out.add(r);
      }
      return out;
    }
  }

  /** The typed outcome of a failed call to a data node. */
  static ScoreOutcome failure(String party, Throwable t, Duration deadline) {
    Status s = Status.fromThrowable(t);
    if (s.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return new ScoreOutcome.DeadlineExceeded(party, deadline);
    }
    if (ScoringStatus.refusal(t).orElse(null)
        == PartialScoreEngine.Refusal.MODEL_VERSION_UNKNOWN) {
      return new ScoreOutcome.ModelVersionMismatch(party, s.getDescription());
    }
    return new ScoreOutcome.DataNodeUnavailable(party, s.getCode()
        + (s.getDescription() == null ? "" : ": " + s.getDescription()));
  }

  /** Closes the channels this scorer opened and the audit log if it opened it. */
  @Override
  public void close() {
    for (DataNode n : nodes) {
      if (n.owned() != null) {
        n.owned().shutdown();
        try {
          if (!n.owned().awaitTermination(5, TimeUnit.SECONDS)) {
            n.owned().shutdownNow();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          n.owned().shutdownNow();
        }
      }
    }
    if (ownsAudit) {
      audit.close();
    }
  }

  @Override
  public String toString() {
    return "CreditScorer[" + scoring.model().describe() + ", " + nodes.length + " data nodes, "
        + scoring.cutOff() + "]";
  }

  /** Configures a {@link CreditScorer}; {@link #build()} checks everything. Not thread-safe. */
  public static final class Builder {
    private ServingModel model;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, ManagedChannel> owned = new LinkedHashMap<>();
    private CutOff cutOff;
    private int reasonCodes = 4;
    private Duration deadline = Duration.ofMillis(300);
    private Duration batchDeadline = Duration.ofSeconds(10);
    private int batchSize = 1_000;
    private int batchesInFlight = 4;
    private AuditLog audit;
    private boolean ownsAudit;

    private Builder() {}

    /**
     * The bank's half of the model: a {@code BANK_HALF} of a vertical linear or tree model, or a
     * {@code WHOLE} tree model (then no data node is added).
     */
    public Builder model(ServingModel bankHalf) {
      this.model = Objects.requireNonNull(bankHalf, "bankHalf");
      return this;
    }

    /**
     * Reads, verifies and uses the bank's half from its signed file.
     *
     * @throws IOException when the file cannot be read
     * @throws io.fedcredit.core.serving.ServingModelException when it does not verify
     */
    public Builder modelFile(Path file, ModelTrust trust) throws IOException {
      return model(ServingModelFiles.read(file, trust));
    }

    /** Asks data node {@code party} over a channel the caller owns (and closes). */
    public Builder dataNode(String party, Channel channel) {
      channels.put(Objects.requireNonNull(party, "party"), Objects.requireNonNull(channel,
          "channel"));
      return this;
    }

    /** Asks data node {@code party} at {@code host:port}; the scorer owns the channel. */
    public Builder dataNode(String party, String target, TransportSecurity security) {
      return dataNode(party, target, security, TransportTuning.defaults());
    }

    /**
     * Asks data node {@code party} at {@code host:port} over a channel run as {@code tuning}
     * says; the scorer owns the channel (the caller owns the tuning).
     */
    public Builder dataNode(String party, String target, TransportSecurity security,
        TransportTuning tuning) {
      ManagedChannel c = security.channel(target, tuning);
      ManagedChannel old = owned.put(party, c);
      if (old != null) {
        old.shutdownNow();
      }
      return dataNode(party, c);
    }

    /** The approval rule; required. */
    public Builder cutOff(CutOff value) {
      this.cutOff = Objects.requireNonNull(value, "cutOff");
      return this;
    }

    /** Reason codes per scored applicant, 0 to 64. Default 4. */
    public Builder reasonCodes(int value) {
      this.reasonCodes = value;
      return this;
    }

    /** Deadline of one applicant's calls to the data nodes. Default 300 ms. */
    public Builder deadline(Duration value) {
      this.deadline = Objects.requireNonNull(value, "deadline");
      return this;
    }

    /** Deadline of one batch's calls in {@link CreditScorer#scoreBatch}. Default 10 s. */
    public Builder batchDeadline(Duration value) {
      this.batchDeadline = Objects.requireNonNull(value, "batchDeadline");
      return this;
    }

    /** Enterprise ids per call in {@link CreditScorer#scoreBatch}, 1 to 10,000. Default 1,000. */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** Batches in flight at once in {@link CreditScorer#scoreBatch}. Default 4. */
    public Builder batchesInFlight(int value) {
      this.batchesInFlight = value;
      return this;
    }

    /** Writes every decision to {@code log}; the caller closes it. Required (or a path). */
    public Builder auditLog(AuditLog log) {
      this.audit = Objects.requireNonNull(log, "log");
      this.ownsAudit = false;
      return this;
    }

    /**
     * Appends every decision to {@code file}; the scorer closes it.
     *
     * @throws IOException when the file cannot be opened
     */
    public Builder auditLog(Path file) throws IOException {
      this.audit = AuditLog.open(file);
      this.ownsAudit = true;
      return this;
    }

    /**
     * Builds the scorer.
     *
     * @throws IllegalArgumentException naming the missing or invalid setting, or a data node of
     *     the model without a channel (or a channel for a party the model lacks)
     */
    public CreditScorer build() {
      try {
        return validated();
      } catch (IllegalArgumentException e) {
        owned.values().forEach(ManagedChannel::shutdownNow);
        throw e;
      }
    }

    private CreditScorer validated() {
      require(model != null, "model(...) or modelFile(...) must be set");
      require(cutOff != null, "cutOff(...) must be set: the rule that turns a score into a "
          + "decision");
      require(audit != null, "auditLog(...) must be set: every decision is audited");
      require(!deadline.isNegative() && !deadline.isZero(), "deadline must be positive");
      require(!batchDeadline.isNegative() && !batchDeadline.isZero(),
          "batchDeadline must be positive");
      require(batchSize >= 1 && batchSize <= PartialScoreEngine.MAX_IDS_PER_REQUEST,
          "batchSize " + batchSize + " not in 1.." + PartialScoreEngine.MAX_IDS_PER_REQUEST);
      require(batchesInFlight >= 1, "batchesInFlight must be at least 1");
      require(BankScoring.scorable(model), model.describe() + " is not the bank half of a "
          + "vertical linear or tree model, nor a whole tree model");
      List<DataNode> nodes = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (PartRef ref : model.dataNodes()) {
        expected.add(ref.party());
        Channel c = channels.get(ref.party());
        require(c != null, model.describe() + " needs data node '" + ref.party()
            + "': add dataNode(\"" + ref.party() + "\", ...)");
        nodes.add(new DataNode(ref.party(), PartialScoreGrpc.newStub(c),
            owned.get(ref.party())));
      }
      for (String p : channels.keySet()) {
        require(expected.contains(p), "data node '" + p + "' is not part of "
            + model.describe() + " (its data nodes are " + expected + ")");
      }
      CreditScorer s = new CreditScorer(this, nodes);
      LOG.info("credit scorer ready: {}, deadline {} ms", s, deadline.toMillis());
      return s;
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
