package io.fedcredit.client;

import com.google.protobuf.ByteString;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.metrics.BinaryMetrics;
import io.fedcredit.core.metrics.ScoreHistogram;
import io.fedcredit.core.model.FederatedModel;
import io.fedcredit.core.model.FederatedModel.TrainingResult;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.LibraryVersion;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.logging.LogContext;
import io.fedcredit.core.privacy.ClientDp;
import io.fedcredit.core.privacy.GaussianNoise;
import io.fedcredit.core.horizontal.BoostingBank;
import io.fedcredit.core.protocol.PaillierAggregationConfig;
import io.fedcredit.core.protocol.RoundRef;
import io.fedcredit.core.protocol.SecureAggregationConfig;
import io.fedcredit.core.protocol.Task;
import io.fedcredit.core.protocol.UpdateKind;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.transport.UnauthenticatedKeys;
import io.fedcredit.core.wire.KeyAttestationWire;
import io.fedcredit.crypto.pki.KeyAttestation;
import io.fedcredit.crypto.pki.KeyAuthentication;
import io.fedcredit.crypto.pki.KeyBindingException;
import io.fedcredit.crypto.secagg.SecAggMessages.SealedShares;
import io.fedcredit.core.wire.Chunking;
import io.fedcredit.core.wire.PaillierWire;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.wire.HorizontalBoostWire;
import io.fedcredit.core.wire.WireCodec;
import io.fedcredit.proto.CoordinatorGrpc;
import io.fedcredit.crypto.CryptoException;
import io.fedcredit.crypto.paillier.PackedCiphertext;
import io.fedcredit.crypto.paillier.PaillierKeyPair;
import io.fedcredit.crypto.paillier.PaillierParameters;
import io.fedcredit.crypto.paillier.PaillierPublicKey;
import io.fedcredit.proto.DownloadRequest;
import io.fedcredit.proto.EncryptedChunk;
import io.fedcredit.proto.EvaluationReport;
import io.fedcredit.proto.JoinRequest;
import io.fedcredit.proto.JoinResponse;
import io.fedcredit.proto.LeaveRequest;
import io.fedcredit.proto.ModelChunk;
import io.fedcredit.proto.ModelHeader;
import io.fedcredit.proto.PackedEncryptedVector;
import io.fedcredit.proto.PaillierKeySubmission;
import io.fedcredit.proto.PollRequest;
import io.fedcredit.proto.SecAggSubmission;
import io.fedcredit.proto.SubmitAck;
import io.fedcredit.proto.TableSchema;
import io.fedcredit.proto.UpdateChunk;
import io.fedcredit.proto.UpdateHeader;
import io.fedcredit.proto.ValuesChunk;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.fedcredit.crypto.secagg.SecAggClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bank's side of a horizontal federated job. It joins the coordinator's job, then follows the
 * coordinator's tasks: it sends the moments of its features for a shared standardizer, trains
 * the global model on its own rows and sends only the parameter delta, and evaluates each new
 * global model on its own held-out rows, sending only score histograms by label. Raw records
 * never leave the process. When the job uses secure aggregation, the client also runs its side
 * of the protocol ({@link io.fedcredit.crypto.secagg.SecAggClient}): the coordinator then sees
 * only masked words, never the delta, the example count or the local loss. When the job uses
 * Paillier aggregation ({@link io.fedcredit.core.protocol.PaillierAggregationConfig} states the
 * trust model), the client encrypts its packed update under the job's public key instead, so the
 * coordinator sees only ciphertexts; and if this bank is the job's <b>key holder</b> it generates
 * the job's key pair, sends the public key, and decrypts the sum of the banks' inputs (never a
 * single one) when the coordinator asks. The private key stays in this object: it is never sent,
 * logged or printed (logs show its key id only), and it is lost when the client ends.
 *
 * <p>Under mutual TLS ({@link Builder#coordinator} with a kit's transport, or
 * {@link Builder#startupKit}) the keys this client announces through the coordinator (secure
 * aggregation's round keys, the Paillier key it generates as key holder) are signed with its
 * certificate's key, and the keys other banks announced are accepted only when bound to their
 * certificates for this job and round ({@link io.fedcredit.crypto.pki.KeyAuthentication}): a
 * coordinator that substitutes, strips or replays a key ends {@link #run()} with a
 * {@link FederationException} caused by a {@link io.fedcredit.crypto.pki.KeyBindingException}
 * before anything is sealed or encrypted under it. Without certificates nothing is signed or
 * checked, and a warning says so once.
 *
 * <pre>{@code
 * try (BankClient client = BankClient.builder()
 *     .coordinator("coordinator.example:7443", security)
 *     .jobId("sme-credit-2026")
 *     .participantId("bank-a")
 *     .trainingData(train)          // FeatureTable with ids, labels and the job's features
 *     .validationData(holdout)      // optional: 20% of train is held out otherwise
 *     .build()) {
 *   FederationResult result = client.run();   // blocks until the job ends
 *   double[] pd = result.predictor().predict(applicants);
 * }
 * }</pre>
 *
 * <p>Every call carries a deadline. A coordinator that is briefly unreachable is retried with
 * exponential backoff up to {@link Builder#retryBudget(Duration)}. A coordinator that restarted
 * (and resumed the job at its last completed round) no longer knows this client's session: the
 * client then joins again by itself, drops the task in hand and follows the resumed job. A
 * refusal (bad schema, not allowed) ends {@link #run()} with a {@link FederationException} that
 * quotes the coordinator.
 * Not thread-safe: one client runs one job once.
 */
public final class BankClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BankClient.class);

  private final Channel channel;
  private final ManagedChannel ownedChannel;
  private final String jobId;
  private final String participantId;
  private final FeatureTable train;
  private final FeatureTable validation;
  private final FeatureTable allRows; // as given: a boosting job grows its trees on all of them
  private final boolean validationGiven;
  private final Duration callTimeout;
  private final Duration retryBudget;
  private final ClientListener listener;
  private final Personalization personalization; // null: none
  private final KeyAuthentication keyAuthentication;

  private JoinResponse session;
  private boolean rejoining;
  private FeatureTable alignedTrain;
  private FeatureTable alignedValidation;
  private Standardizer standardizerInUse;
  private FeatureTable stdTrain;
  private FeatureTable stdValidation;
  private FederatedModel local;
  private final SecureRandom random = new SecureRandom();
  private SecAggClient secagg;
  private long secaggRound = -1;
  private GaussianNoise noise;
  // Paillier aggregation, key holder only: the job's key pair (the private key never leaves)
  private PaillierKeyPair paillierKeys;
  private long refusedDecryptRound = -1;
  // the job's public key as first received: it keeps its fixed-base table across rounds
  private PaillierPublicKey encryptionKey;
  // the last Paillier key whose binding to the key holder's certificate was checked
  private PaillierPublicKey verifiedKey;
  // horizontal boosting: this bank's state machine (null in a linear job)
  private BoostingBank boosting;

  private BankClient(Builder b) {
    this.channel = b.channel;
    this.ownedChannel = b.ownedChannel;
    this.jobId = b.jobId;
    this.participantId = b.participantId;
    this.allRows = b.train;
    this.validationGiven = b.validation != null;
    if (b.validation != null) {
      this.train = b.train;
      this.validation = b.validation;
    } else {
      FeatureTable.Split split = b.train.split(0.2, b.splitSeed);
      this.train = split.train();
      this.validation = split.test();
    }
    this.callTimeout = b.callTimeout;
    this.retryBudget = b.retryBudget;
    this.listener = b.listener;
    this.personalization = b.personalization;
    this.keyAuthentication = b.keyAuthentication;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Takes part in the job until it ends.
   *
   * @return the final global model and what this client did
   * @throws FederationException when the coordinator refuses this client, aborts the job, or
   *     stays unreachable past the retry budget
   */
  public FederationResult run() {
    try (LogContext scope = LogContext.of(jobId, participantId)) {
      join();
      listener.onJoined(jobId, session.getTotalRounds());
      List<Long> trained = new ArrayList<>();
      while (true) {
        try {
          return follow(trained);
        } catch (SessionLost e) {
          // the coordinator restarted and this client joined again: the resumed job starts its
          // round afresh, so whatever this client was doing for it is void
          secagg = null;
          secaggRound = -1;
        }
      }
    }
  }

  /** Follows the coordinator's tasks until the job ends, or until the session is lost. */
  private FederationResult follow(List<Long> trained) {
    long lastRound = 0;
    while (true) {
      Task task = poll(lastRound);
      if (task instanceof Task.Wait) {
        continue; // the coordinator already held the poll open
      }
      long taskRound = secureRound(task);
      try (LogContext round = LogContext.round(task.round())) {
        lastRound = handle(task, taskRound, lastRound, trained);
      } catch (Finished f) {
        return f.result;
      }
    }
  }

  /** Ends {@link #follow} with the job's result. */
  private static final class Finished extends RuntimeException {
    private final FederationResult result;

    Finished(FederationResult result) {
      super(null, null, false, false);
      this.result = result;
    }
  }

  /**
   * Does one task.
   *
   * @return the last round this client completed
   * @throws Finished when the job ended
   */
  private long handle(Task task, long taskRound, long lastRound, List<Long> trained) {
    if (taskRound >= 0 && taskRound != secaggRound && !(task instanceof Task.SecAggKeys)) {
      // joined (or rejoined) after this round's key phase: sit the round out; the coordinator
      // counts this client as dropped and unmasks around it
      sleep(500);
      return lastRound;
    }
    if (task instanceof Task.Stats s) {
      double[] moments = Standardizer.moments(alignedTrain);
      upload(new RoundRef(jobId, s.round(), participantId), UpdateKind.FEATURE_MOMENTS,
          alignedTrain.rows(), moments.length, i -> Chunking.chunk(moments, i), Map.of());
    } else if (task instanceof Task.SecAggKeys k) {
      secagg = new SecAggClient(participantId, k.config().settings(jobId, k.round()), random,
          UnauthenticatedKeys.warnOnce(keyAuthentication, "secure aggregation in job "
              + jobId));
      secaggRound = k.round();
      submitSecAgg(k.round(), b -> b.setKeys(WireCodec.toProto(secagg.advertise())));
    } else if (task instanceof Task.SecAggShares sh) {
      SecAggClient c = secagg;
      SealedShares shares = refusingUnboundKeys(sh.round(), () -> c.shareKeys(sh.roster()));
      submitSecAgg(sh.round(), b -> b.setShares(WireCodec.toProto(shares)));
    } else if (task instanceof Task.PaillierKey k) {
      generatePaillierKey(k);
    } else if (task instanceof Task.PaillierDecrypt d) {
      decryptSum(d);
    } else if (task instanceof Task.SecAggUnmask u) {
      SecAggClient c = secagg;
      submitSecAgg(u.round(), b -> b.setUnmask(WireCodec.toProto(c.unmask(u.request()))));
      secagg = null;
      secaggRound = -1;
    } else if (task instanceof Task.Boost bt) {
      boostStep(bt);
      trained.add(bt.round());
      lastRound = bt.round();
    } else if (task instanceof Task.BoostFinished f) {
      throw new Finished(finishBoosting(f, trained));
    } else if (task instanceof Task.Fit f) {
      long started = System.nanoTime();
      GlobalModel global = download(f.round() - 1);
      long downloaded = System.nanoTime();
      prepare(global);
      if (personalization != null) {
        personalization.onRound(f.round(), global, stdTrain, stdValidation);
        local.setParameters(personalization.startingPoint(global));
      } else {
        local.setParameters(global.parameters());
      }
      TrainingResult tr = local.train(stdTrain, f.config(), local.parameters(),
          (epoch, epochs, loss) -> listener.onEpoch(f.round(), epoch, epochs));
      long trainedAt = System.nanoTime();
      double[] delta = local.parameters();
      for (int i = 0; i < delta.length; i++) {
        delta[i] -= global.parameter(i);
      }
      if (personalization != null) {
        personalization.beforeUpload(local.parameters(), delta);
      }
      RoundRef ref = new RoundRef(jobId, f.round(), participantId);
      // under differential privacy: clipped (and noised) delta, weight 1, no loss metric
      double[] send = delta;
      long weight = stdTrain.rows();
      Map<String, Double> extra = Map.of("loss", tr.lastEpochLoss());
      if (f.dp() != null) {
        ClientDp.ClientDpUpdate u = ClientDp.apply(delta, f.dp(), noise());
        send = u.delta();
        weight = ClientDp.ClientDpUpdate.NUM_EXAMPLES;
        extra = u.auxiliary();
      }
      if (f.encryption() != null) {
        sendEncrypted(ref, f.encryption(), send, weight, extra);
      } else if (f.masking() == null) {
        double[] values = send;
        upload(ref, UpdateKind.MODEL_DELTA, weight, values.length,
            i -> Chunking.chunk(values, i), extra);
      } else {
        double[] aux = auxiliary(f.masking().auxNames(), extra);
        SecureAggregationConfig.Encoded enc = f.masking().config()
            .encode(send, weight, aux);
        logClipped(f.round(), enc.clipped(), delta.length, f.masking().config().deltaClip());
        long[] masked = secagg.maskInput(enc.words(), f.masking().inbox())
            .masked();
        // no metrics and no example count in the clear: both would leak past the mask
        upload(ref, UpdateKind.MASKED_INPUT, 0, masked.length, i -> Chunking.chunk(masked, i),
            Map.of());
      }
      long done = System.nanoTime();
      LOG.debug("{}: round {}: download {} ms, train {} ms, encode+mask/encrypt+upload {} ms",
          participantId, f.round(), (downloaded - started) / 1_000_000,
          (trainedAt - downloaded) / 1_000_000, (done - trainedAt) / 1_000_000);
      if (!trained.contains(f.round())) { // a round rerun after a coordinator restart
        trained.add(f.round());
      }
      lastRound = f.round();
      listener.onTrained(f.round(), tr, (System.nanoTime() - started) / 1_000_000);
    } else if (task instanceof Task.Evaluate e) {
      GlobalModel global = download(e.round());
      prepare(global);
      local.setParameters(global.parameters());
      double[] p = local.predict(stdValidation);
      double[] y = stdValidation.labels();
      ScoreHistogram h = ScoreHistogram.of(p, y);
      double logLossSum = BinaryMetrics.logLossSum(p, y);
      evaluate(new RoundRef(jobId, e.round(), participantId), h, logLossSum, y.length);
      lastRound = e.round();
      listener.onEvaluated(e.round(), BinaryMetrics.auc(p, y), y.length);
    } else if (task instanceof Task.Finished f) {
      listener.onFinished(f.finalRound(), f.reason(), f.aborted());
      if (f.aborted()) {
        throw new FederationException("job " + jobId + " was aborted by the coordinator: "
            + f.reason());
      }
      GlobalModel fin = download(f.finalRound());
      LOG.info("{}: job {} finished after round {} ({})", participantId, jobId,
          f.finalRound(), f.reason());
      Personalization.PersonalModel personal = null;
      if (personalization != null) {
        prepare(fin);
        personal = personalization.personalize(fin, stdTrain, stdValidation);
        LOG.info("{}: personal model ({}): validation AUC {} against the global model's {}",
            participantId, personal.method(), String.format("%.4f", personal.validationAuc()),
            String.format("%.4f", personal.globalValidationAuc()));
      }
      throw new Finished(new FederationResult(fin, trained, f.reason(), personal));
    }
    return lastRound;
  }

  /**
   * Horizontal boosting: computes the step's vector on this bank's rows (binning counts or the
   * gradient histograms of the nodes asked for), masks it with this round's secure aggregation and
   * uploads only the masked words.
   */
  private void boostStep(Task.Boost t) {
    if (boosting == null) {
      throw new FederationException(participantId + ": the coordinator sent a boosting task in "
          + "round " + t.round() + ", but job " + jobId + " announced no boosting settings");
    }
    long[] vector;
    try {
      vector = boosting.answer(t.step());
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new FederationException(participantId + ": job " + jobId + " round " + t.round()
          + ": cannot follow the coordinator's " + t.step().kind() + " step: " + e.getMessage(),
          e);
    }
    long[] masked = secagg.maskInput(vector, t.inbox()).masked();
    upload(new RoundRef(jobId, t.round(), participantId), UpdateKind.MASKED_INPUT, 0,
        masked.length, i -> Chunking.chunk(masked, i), Map.of());
    listener.onBoostStep(t.round(), boosting.treeCount(), session.getBoosting().getTrees());
  }

  /** Horizontal boosting: adds the last tree; every bank now holds the same model. */
  private FederationResult finishBoosting(Task.BoostFinished f, List<Long> trained) {
    if (boosting == null) {
      throw new FederationException(participantId + ": job " + jobId + " ended as a boosting "
          + "job, but announced no boosting settings");
    }
    if (boosting.treeCount() == f.last().tree()) {
      boosting.follow(f.last());
    }
    BoostedTrees model = boosting.model();
    listener.onFinished(f.finalRound(), f.reason(), false);
    String auc = "";
    if (validationGiven && validation.rows() > 0) {
      FeatureTable v = validation.withFeatures(model.featureNames());
      auc = String.format(java.util.Locale.ROOT, "; local validation AUC %.4f on %d rows",
          BinaryMetrics.auc(model.predict(v), v.labels()), v.rows());
    }
    LOG.info("{}: boosting job {} finished after {} secure sums ({}): {} trees{}", participantId,
        jobId, f.finalRound(), f.reason(), model.trees().size(), auc);
    return FederationResult.boosted(model, trained, f.reason());
  }

  /**
   * Runs a step that checks announced keys; a key not bound to its party's certificate ends the
   * job for this client: the coordinator presented a substituted, stripped, replayed or revoked
   * key, and going on could hand it what the key protects.
   *
   * @throws FederationException whose cause is the {@link KeyBindingException}
   */
  private <T> T refusingUnboundKeys(long round, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (KeyBindingException e) {
      LOG.error("{}: job {} round {}: refusing a key not bound to its party's certificate: {}",
          participantId, jobId, round, e.getMessage());
      throw new FederationException(participantId + ": job " + jobId + " round " + round
          + ": the coordinator relayed a key of '" + e.party() + "' that is not bound to that "
          + "party's certificate (" + e.reason() + "); refusing to go on: " + e.getMessage(), e);
    }
  }

  /** The auxiliary scalars the coordinator asks for, in its order. */
  private double[] auxiliary(List<String> names, Map<String, Double> produced) {
    double[] aux = new double[names.size()];
    for (int i = 0; i < aux.length; i++) {
      Double v = produced.get(names.get(i));
      if (v == null) {
        throw new FederationException(participantId + ": the coordinator asks for the "
            + "auxiliary value '" + names.get(i) + "', which this round did not produce");
      }
      aux[i] = v;
    }
    return aux;
  }

  private void logClipped(long round, int clipped, int of, double clip) {
    if (clipped > 0) {
      LOG.info("{}: round {}: {} of {} delta coordinates clipped to +-{} for aggregation",
          participantId, round, clipped, of, clip);
    }
  }

  /**
   * Paillier aggregation: encodes {@code [n * clip(delta), n, aux...]}, packs and encrypts it
   * under the job's key and uploads only ciphertexts (no example count, no metrics in the clear).
   */
  private void sendEncrypted(RoundRef ref, Task.Encryption e, double[] delta, long weight,
      Map<String, Double> extra) {
    if (paillierKeys != null && !paillierKeys.publicKey().equals(e.key())) {
      throw new FederationException(participantId + ": the coordinator asks this bank, the "
          + "key holder, to encrypt under key " + e.key().keyId() + ", but the job's key is "
          + paillierKeys.publicKey().keyId() + "; refusing");
    }
    if (paillierKeys == null && !e.key().equals(verifiedKey)) {
      // the key must be the key holder's, for this job, from a key phase not after this round
      if (e.keyRound() > ref.round()) {
        throw new FederationException(participantId + ": round " + ref.round() + ": the "
            + "coordinator presents a Paillier key from the future round " + e.keyRound()
            + "; refusing");
      }
      UnauthenticatedKeys.warnOnce(keyAuthentication, "Paillier aggregation in job " + jobId);
      if (e.keyHolder().isEmpty()) {
        if (keyAuthentication.isCertified()) {
          throw new FederationException(participantId + ": round " + ref.round() + ": the "
              + "coordinator does not say which bank generated the Paillier key, so its binding "
              + "to a certificate cannot be checked; refusing");
        }
      } else {
        refusingUnboundKeys(ref.round(), () -> keyAuthentication.verify(
            PaillierAggregationConfig.keyBinding(jobId, e.keyRound(), e.keyHolder(), e.key()),
            e.keyAttestation()));
      }
      verifiedKey = e.key();
      LOG.info("{}: job {}: encrypting under Paillier key {} of key holder {}{}", participantId,
          jobId, e.key().keyId(), e.keyHolder(), keyAuthentication.isCertified()
              ? " (bound to its certificate)" : " (UNAUTHENTICATED)");
    }
    if (!e.key().equals(encryptionKey)) {
      encryptionKey = e.key(); // a new job key: its table is built at the first encryption
    }
    PaillierAggregationConfig.Encoded enc = e.config().encode(delta, weight,
        auxiliary(e.auxNames(), extra), e.scheme());
    logClipped(ref.round(), enc.clipped(), delta.length, e.config().deltaClip());
    PackedEncryptedVector packed = PaillierWire.toProto(
        e.scheme().encryptQuantized(enc.quantized(), encryptionKey));
    List<ByteString> ciphertexts = packed.getValuesList();
    upload(ref, UpdateKind.ENCRYPTED_INPUT, 0, ciphertexts.size(),
        i -> Chunking.chunk(ciphertexts, i), Map.of(),
        h -> h.setEncrypted(packed.toBuilder().clearValues()));
  }

  /** Paillier aggregation, key holder: a fresh key pair for the job; only the public key leaves. */
  private void generatePaillierKey(Task.PaillierKey k) {
    long started = System.nanoTime();
    paillierKeys = PaillierKeyPair.generate(
        PaillierParameters.builder().modulusBits(k.modulusBits()).build());
    encryptionKey = paillierKeys.publicKey();
    PaillierKeySubmission.Builder mb = PaillierKeySubmission.newBuilder().setRef(ref(k.round()))
        .setSessionToken(token()).setKey(PaillierWire.toProto(paillierKeys.publicKey()));
    KeyAttestation signed = UnauthenticatedKeys.warnOnce(keyAuthentication,
        "Paillier aggregation in job " + jobId).attest(PaillierAggregationConfig.keyBinding(
            jobId, k.round(), participantId, paillierKeys.publicKey()));
    if (signed != null) {
      mb.setAttestation(KeyAttestationWire.toProto(signed));
    }
    PaillierKeySubmission msg = mb.build();
    LOG.info("{}: job {}: generated the job's {}-bit Paillier key {} in {} ms; the private key "
        + "stays in this client", participantId, jobId, k.modulusBits(),
        paillierKeys.publicKey().keyId(), (System.nanoTime() - started) / 1_000_000);
    withRetry("Paillier key for round " + k.round(),
        () -> acceptingDuplicate(() -> stub().submitPaillierKey(msg)));
  }

  /**
   * Paillier aggregation, key holder: downloads the round's encrypted sum, decrypts and unpacks
   * it, and uploads the exact quantized sums. Refuses (and lets the round abort at its deadline)
   * when it holds no key, when the sum has fewer than two inputs, or when it does not decrypt.
   */
  private void decryptSum(Task.PaillierDecrypt d) {
    if (d.round() == refusedDecryptRound) {
      sleep(500); // already refused: wait for the round to end
      return;
    }
    if (paillierKeys == null) {
      refuseDecryption(d.round(), "this client holds no Paillier key for the job (restarted?)");
      return;
    }
    RoundRef ref = new RoundRef(jobId, d.round(), participantId);
    long[] sums;
    try {
      PackedCiphertext sum = downloadEncryptedSum(d.round());
      if (sum.summands() < 2) {
        refuseDecryption(d.round(), "the coordinator sent a sum of " + sum.summands()
            + " input; decrypting it would reveal one bank's update");
        return;
      }
      sums = sum.scheme().unpackQuantizedSums(sum, paillierKeys.privateKey());
    } catch (FedCreditException | CryptoException e) {
      refuseDecryption(d.round(), e.getMessage());
      return;
    }
    upload(ref, UpdateKind.DECRYPTED_SUM, 0, sums.length, i -> Chunking.chunk(sums, i),
        Map.of());
    LOG.info("{}: round {}: decrypted the sum of the banks' encrypted inputs", participantId,
        d.round());
  }

  private void refuseDecryption(long round, String why) {
    LOG.error("{}: round {}: will not decrypt the encrypted sum: {}", participantId, round, why);
    refusedDecryptRound = round;
  }

  private PackedCiphertext downloadEncryptedSum(long round) {
    DownloadRequest req = DownloadRequest.newBuilder().setRef(ref(round))
        .setSessionToken(token()).build();
    String what = "encrypted sum of round " + round;
    PaillierPublicKey key = paillierKeys.publicKey();
    return withRetry("download of the " + what, () -> {
      Iterator<EncryptedChunk> it = stub().downloadEncryptedSum(req);
      EncryptedChunk first = it.hasNext() ? it.next() : null;
      if (first == null || !first.hasHeader()) {
        throw new FederationException("the " + what + " did not start with a header");
      }
      PackedEncryptedVector header = first.getHeader();
      int count = PaillierWire.ciphertextCount(header, key);
      Chunking.Assembler asm = new Chunking.Assembler(what, count,
          Chunking.Payload.CIPHERTEXTS.chunkCount(count), count, Chunking.Payload.CIPHERTEXTS);
      while (it.hasNext()) {
        EncryptedChunk c = it.next();
        if (!c.hasCiphertexts()) {
          throw new FederationException("the " + what + " has a second header");
        }
        asm.add(c.getCiphertexts());
      }
      return WireCodec.packed(header, asm.ciphertexts(), key, what);
    });
  }

  /** Tells the coordinator this client leaves the job (best effort). */
  public void leave(String reason) {
    if (session == null) {
      return;
    }
    try {
      stub().leave(LeaveRequest.newBuilder().setRef(ref(0)).setSessionToken(token())
          .setReason(reason).build());
    } catch (StatusRuntimeException e) {
      LOG.debug("{}: leave failed: {}", participantId, e.getStatus());
    }
  }

  @Override
  public void close() {
    if (ownedChannel != null) {
      ownedChannel.shutdown();
      try {
        if (!ownedChannel.awaitTermination(5, TimeUnit.SECONDS)) {
          ownedChannel.shutdownNow();
        }
      } catch (InterruptedException e) {
        ownedChannel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  // -------------------------------------------------------------------------------------------

  private void join() {
    JoinRequest req = JoinRequest.newBuilder()
        .setJobId(jobId)
        .setParticipantId(participantId)
        .setSchema(TableSchema.newBuilder()
            .addAllFeatureNames(train.schema().featureNames())
            .setHasLabel(train.hasLabels()))
        .setLibraryVersion(LibraryVersion.get())
        .build();
    session = withRetry("join", () -> stub().join(req));
    List<String> features = session.getFeatureNamesList();
    alignedTrain = train.withFeatures(features);
    alignedValidation = validation.withFeatures(features);
    if (session.hasBoosting() && boosting == null) {
      BoostingConfig trees = HorizontalBoostWire.fromProto(session.getBoosting());
      boosting = new BoostingBank(participantId, allRows.withFeatures(features), trees);
      LOG.info("{}: job {} grows {} boosted trees of depth {} on {} rows; only securely summed "
          + "counts and histograms leave this bank", participantId, jobId, trees.trees(),
          trees.maxDepth(), allRows.rows());
    }
    LOG.info("{}: joined job {} ({} rounds, {} features, {} training rows, {} validation rows)",
        participantId, jobId, session.getTotalRounds(), features.size(), alignedTrain.rows(),
        alignedValidation.rows());
  }

  private Task poll(long lastRound) {
    PollRequest req = PollRequest.newBuilder().setRef(ref(lastRound)).setSessionToken(token())
        .build();
    long window = session.getLongPollMs();
    io.fedcredit.proto.Task t = withRetry("poll", () -> CoordinatorGrpc.newBlockingStub(channel)
        .withDeadlineAfter(window + callTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .pollTask(req));
    return WireCodec.fromProto(t, System.currentTimeMillis());
  }

  private GlobalModel download(long round) {
    DownloadRequest req = DownloadRequest.newBuilder().setRef(ref(round))
        .setSessionToken(token()).build();
    return withRetry("download of the model of round " + round, () -> {
      Iterator<ModelChunk> it = stub().downloadModel(req);
      if (!it.hasNext()) {
        throw new FederationException("coordinator sent an empty model stream");
      }
      ModelChunk first = it.next();
      if (!first.hasHeader()) {
        throw new FederationException("model stream did not start with a header");
      }
      ModelHeader h = first.getHeader();
      Chunking.Assembler asm = new Chunking.Assembler("model of round " + h.getRound(),
          h.getNumParameters(), h.getNumChunks(), Integer.MAX_VALUE);
      while (it.hasNext()) {
        ModelChunk c = it.next();
        if (!c.hasValues()) {
          throw new FederationException("model stream has a second header");
        }
        asm.add(c.getValues());
      }
      ModelSpec spec = WireCodec.fromProto(h.getModel());
      return new GlobalModel(spec, h.getFeatureNamesList(), WireCodec.standardizer(h),
          asm.result(), ModelProvenance.now(h.getJobId(), h.getRound(), "from coordinator",
              "n/a", List.of()));
    });
  }

  private void prepare(GlobalModel global) {
    if (local == null || !local.spec().equals(global.spec())) {
      local = Models.create(global.spec());
    }
    Standardizer s = global.standardizer();
    if (standardizerInUse == null
        || !java.util.Arrays.equals(s.mean(), standardizerInUse.mean())
        || !java.util.Arrays.equals(s.scale(), standardizerInUse.scale())) {
      standardizerInUse = s;
      stdTrain = s.apply(alignedTrain);
      stdValidation = s.apply(alignedValidation);
    }
  }

  private GaussianNoise noise() {
    if (noise == null) {
      noise = GaussianNoise.secure();
    }
    return noise;
  }

  /** The round of a task that belongs to secure aggregation, or -1. */
  private static long secureRound(Task task) {
    boolean secure = task instanceof Task.SecAggKeys || task instanceof Task.SecAggShares
        || task instanceof Task.SecAggUnmask || task instanceof Task.Boost
        || (task instanceof Task.Fit f && f.masking() != null);
    return secure ? task.round() : -1;
  }

  private void submitSecAgg(long round,
      java.util.function.Consumer<SecAggSubmission.Builder> body) {
    SecAggSubmission.Builder b = SecAggSubmission.newBuilder().setRef(ref(round))
        .setSessionToken(token());
    body.accept(b);
    SecAggSubmission msg = b.build();
    withRetry("secure-aggregation " + msg.getBodyCase() + " for round " + round,
        () -> acceptingDuplicate(() -> stub().submitSecAgg(msg)));
  }

  private void upload(RoundRef ref, UpdateKind kind, long numExamples, int length,
      java.util.function.IntFunction<ValuesChunk> chunks, Map<String, Double> metrics) {
    upload(ref, kind, numExamples, length, chunks, metrics, h -> {});
  }

  /** Streams an update of {@code length} entries; {@code more} adds kind-specific header fields. */
  private void upload(RoundRef ref, UpdateKind kind, long numExamples, int length,
      java.util.function.IntFunction<ValuesChunk> chunks, Map<String, Double> metrics,
      java.util.function.Consumer<UpdateHeader.Builder> more) {
    UpdateHeader.Builder b = UpdateHeader.newBuilder()
        .setRef(WireCodec.toProto(ref))
        .setSessionToken(token())
        .setKind(WireCodec.toProto(kind))
        .setLength(length)
        .setNumChunks(Chunking.Payload.of(kind).chunkCount(length))
        .setNumExamples(numExamples)
        .putAllMetrics(metrics);
    more.accept(b);
    UpdateHeader header = b.build();
    // a retry after a lost acknowledgement finds the first attempt accepted
    withRetry("upload of " + kind + " for round " + ref.round(),
        () -> acceptingDuplicate(() -> streamUpdate(header, chunks)));
  }

  /** Runs a submission; ALREADY_EXISTS means an earlier attempt whose answer was lost succeeded. */
  private static SubmitAck acceptingDuplicate(Call<SubmitAck> call) {
    try {
      return call.run();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        return SubmitAck.newBuilder().setAccepted(true).build();
      }
      throw e;
    }
  }

  /** Streams header and chunks, sending only while the transport is ready (flow control). */
  private SubmitAck streamUpdate(UpdateHeader header,
      java.util.function.IntFunction<ValuesChunk> chunkAt) {
    CompletableFuture<SubmitAck> ack = new CompletableFuture<>();
    int chunks = header.getNumChunks();
    ClientResponseObserver<UpdateChunk, SubmitAck> observer =
        new ClientResponseObserver<>() {
          private int next = -1;
          private boolean done;

          @Override
          public void beforeStart(ClientCallStreamObserver<UpdateChunk> requests) {
            requests.setOnReadyHandler(() -> {
              while (!done && requests.isReady()) {
                if (next == -1) {
                  requests.onNext(UpdateChunk.newBuilder().setHeader(header).build());
                } else if (next < chunks) {
                  requests.onNext(UpdateChunk.newBuilder().setValues(chunkAt.apply(next)).build());
                } else {
                  done = true;
                  requests.onCompleted();
                  return;
                }
                next++;
              }
            });
          }

          @Override
          public void onNext(SubmitAck value) {
            ack.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            ack.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            ack.complete(SubmitAck.getDefaultInstance());
          }
        };
    CoordinatorGrpc.newStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .submitUpdate(observer);
    try {
      return ack.get(callTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw s;
      }
      throw new FederationException("upload failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw Status.DEADLINE_EXCEEDED.withDescription("upload not acknowledged").asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FederationException("interrupted during upload", e);
    }
  }

  private void evaluate(RoundRef ref, ScoreHistogram h, double logLossSum, long n) {
    EvaluationReport report = EvaluationReport.newBuilder()
        .setRef(WireCodec.toProto(ref))
        .setSessionToken(token())
        .setNumExamples(n)
        .setHistogram(WireCodec.toProto(h))
        .setLogLossSum(logLossSum)
        .build();
    withRetry("evaluation for round " + ref.round(),
        () -> acceptingDuplicate(() -> stub().submitEvaluation(report)));
  }

  private CoordinatorGrpc.CoordinatorBlockingStub stub() {
    return CoordinatorGrpc.newBlockingStub(channel)
        .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private io.fedcredit.proto.RoundRef ref(long round) {
    return io.fedcredit.proto.RoundRef.newBuilder().setJobId(jobId).setRound(round)
        .setParticipantId(participantId).build();
  }

  private ByteString token() {
    return session.getSessionToken();
  }

  /** Unwinds the task in hand after {@link #join()} issued a new session. */
  private static final class SessionLost extends RuntimeException {
    SessionLost() {
      super(null, null, false, false);
    }
  }

  private interface Call<T> {
    T run();
  }

  /**
   * Runs a call, retrying UNAVAILABLE and DEADLINE_EXCEEDED with exponential backoff (200 ms up
   * to 5 s) until the retry budget is spent. Other statuses end the job for this client.
   */
  private <T> T withRetry(String what, Call<T> call) {
    Instant giveUpAt = Instant.now().plus(retryBudget);
    long backoff = 200;
    while (true) {
      try {
        return call.run();
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        boolean transientFailure = code == Status.Code.UNAVAILABLE
            || code == Status.Code.DEADLINE_EXCEEDED;
        if (code == Status.Code.UNAVAILABLE && tlsRefused(e)) {
          throw new FederationException(participantId + ": " + what + " in job " + jobId
              + " refused at the TLS handshake: this party's certificate is revoked, expired or "
              + "from another federation's CA, or the coordinator's certificate does not match "
              + "its address; check the startup kit (retrying would not help)", e);
        }
        if (code == Status.Code.UNAUTHENTICATED && session != null && !rejoining) {
          // a restarted coordinator no longer knows this client's session: join again
          LOG.warn("{}: {} refused, session unknown to the coordinator (restarted?): joining job"
              + " {} again", participantId, what, jobId);
          rejoining = true;
          try {
            join();
          } finally {
            rejoining = false;
          }
          throw new SessionLost();
        }
        if (!transientFailure) {
          throw new FederationException(participantId + ": " + what + " in job " + jobId
              + " refused by the coordinator: " + code + " " + e.getStatus().getDescription(), e);
        }
        if (Instant.now().isAfter(giveUpAt)) {
          throw new FederationException(participantId + ": " + what + " in job " + jobId
              + " failed: coordinator unreachable for " + retryBudget.toSeconds() + " s ("
              + code + " " + e.getStatus().getDescription() + ")", e);
        }
        LOG.warn("{}: {} failed ({}), retrying in {} ms", participantId, what, code, backoff);
        sleep(backoff);
        backoff = Math.min(5000, backoff * 2);
      }
    }
  }

  /** True when a call failed because a TLS handshake failed, which a retry does not mend. */
  private static boolean tlsRefused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FederationException("interrupted", e);
    }
  }

  /** Settings of a {@link BankClient}; {@link #build()} validates them. */
  public static final class Builder {
    private Channel channel;
    private ManagedChannel ownedChannel;
    private String jobId;
    private String participantId;
    private FeatureTable train;
    private FeatureTable validation;
    private long splitSeed = 17;
    private Duration callTimeout = Duration.ofSeconds(60);
    private Duration retryBudget = Duration.ofMinutes(2);
    private ClientListener listener = new ClientListener() {};
    private Personalization personalization;
    private KeyAuthentication keyAuthentication = KeyAuthentication.unauthenticated();

    private Builder() {}

    /**
     * Connects to {@code host:port}; the client owns and closes the channel. Announced keys are
     * authenticated as the transport says ({@link TransportSecurity#keyAuthentication()}): bound
     * to certificates under mutual TLS, unauthenticated under plaintext.
     */
    public Builder coordinator(String target, TransportSecurity security) {
      this.ownedChannel = security.channel(target);
      this.channel = ownedChannel;
      this.keyAuthentication = security.keyAuthentication();
      return this;
    }

    /**
     * How the keys this client and its peers announce through the coordinator (secure
     * aggregation's round keys, the Paillier key) are signed and checked; set by
     * {@link #coordinator} and {@link #startupKit}, needed with {@link #channel} (default:
     * unauthenticated, which logs a warning once). Under certified authentication a key that is
     * not bound to its party's certificate ends {@link BankClient#run()} with a
     * {@link FederationException} caused by a
     * {@link io.fedcredit.crypto.pki.KeyBindingException}.
     */
    public Builder keyAuthentication(KeyAuthentication value) {
      this.keyAuthentication = Objects.requireNonNull(value, "keyAuthentication");
      return this;
    }

    /**
     * Connects to the kit's coordinator over mutual TLS and takes the participant id from the
     * kit's certificate: the usual way for a bank's service. The client owns and closes the
     * channel.
     *
     * @param kit a kit checked by {@link StartupKit#load}
     * @throws IllegalStateException when no TLS context can be built from the kit
     */
    public Builder startupKit(StartupKit kit) {
      coordinator(kit.coordinator(), TransportSecurity.mutualTls(kit));
      return participantId(kit.identity().partyId());
    }

    /** Uses a channel the caller owns (e.g. in-process in tests); the client does not close it. */
    public Builder channel(Channel channel) {
      this.channel = channel;
      return this;
    }

    public Builder jobId(String jobId) {
      this.jobId = jobId;
      return this;
    }

    /** This bank's id in the federation (under mutual TLS it must match its certificate). */
    public Builder participantId(String participantId) {
      this.participantId = participantId;
      return this;
    }

    /**
     * Labelled rows to train on; must contain the job's features (extra columns are ignored). A
     * horizontal boosting job grows its trees on all of them (no rows are held out).
     */
    public Builder trainingData(FeatureTable train) {
      this.train = train;
      return this;
    }

    /**
     * Labelled rows to evaluate global models on. Optional: without it, 20% of the training rows
     * (stratified, seeded by {@link #validationSplitSeed}) are held out for evaluation. In a
     * horizontal boosting job, the final model's AUC on these rows is logged, when given.
     */
    public Builder validationData(FeatureTable validation) {
      this.validation = validation;
      return this;
    }

    public Builder validationSplitSeed(long seed) {
      this.splitSeed = seed;
      return this;
    }

    /** Deadline of each call (a long poll gets the coordinator's window on top). Default 60 s. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = timeout;
      return this;
    }

    /** How long to keep retrying an unreachable coordinator. Default 2 min. */
    public Builder retryBudget(Duration budget) {
      this.retryBudget = budget;
      return this;
    }

    /**
     * Personalizes the federation's model for this bank (fine-tuning, Ditto or FedPer); the
     * personal model comes back in {@link FederationResult#personal()} and never leaves the bank.
     * None by default.
     */
    public Builder personalization(Personalization value) {
      this.personalization = Objects.requireNonNull(value, "personalization");
      return this;
    }

    public Builder listener(ClientListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the missing or invalid setting
     */
    public BankClient build() {
      require(channel != null, "coordinator(...) or channel(...) must be set");
      require(jobId != null && !jobId.isBlank(), "jobId must be set");
      require(participantId != null && !participantId.isBlank(), "participantId must be set");
      require(train != null, "trainingData must be set");
      require(train.hasLabels(), "trainingData must have a label column");
      require(train.rows() >= 2, "trainingData needs at least 2 rows, has " + train.rows());
      require(validation == null || validation.hasLabels(),
          "validationData must have a label column");
      require(!callTimeout.isNegative() && !callTimeout.isZero(), "callTimeout must be positive");
      Objects.requireNonNull(listener, "listener");
      return new BankClient(this);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
