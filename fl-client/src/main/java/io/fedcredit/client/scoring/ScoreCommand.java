package io.fedcredit.client.scoring;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.serving.ScoreResult;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.transport.TransportTuning;
import io.fedcredit.crypto.pki.PartyRole;
import io.fedcredit.proto.CreditScoringGrpc;
import io.fedcredit.proto.ReasonCode;
import io.fedcredit.proto.ScoreRequest;
import io.fedcredit.proto.ScoreResponse;
import io.grpc.ManagedChannel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/fl score}: one applicant, either through a running {@code bin/fl serve bank}
 * ({@code --bank HOST:PORT}) or with the bank's half in this process ({@code --model} and
 * {@code --data-node}, audited like any other decision). Prints the outcome, decision, score,
 * probability of default, reason codes and the time per hop.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Score one applicant: through the bank's endpoint (--bank HOST:PORT) or with "
        + "the bank's model half here (--model, --data-node, --max-pd|--min-score).",
        "Exit code 0 when scored, 3 for a typed failure (unknown enterprise, data node "
            + "unavailable, deadline exceeded, model version mismatch). Unless --deadline-ms is "
            + "given, a one-off call waits up to 3 s (a cold JVM)."})
public final class ScoreCommand implements Callable<Integer> {
  /** The deadline of a one-off score unless --deadline-ms says otherwise. */
  static final long ONE_OFF_DEADLINE_MS = 3_000;

  @Option(names = "--enterprise", required = true, paramLabel = "ID",
      description = "The applicant's enterprise id.")
  String enterprise;

  @Option(names = "--feature", paramLabel = "NAME=VALUE",
      description = "One of the bank's features of the applicant. Repeat per feature.")
  Map<String, Double> features = new LinkedHashMap<>();

  @Option(names = "--bank", paramLabel = "HOST:PORT",
      description = "A running 'bin/fl serve bank' endpoint.")
  String bank;

  @Mixin
  TransportOptions transport;

  @Mixin
  ServeCommand.ScorerOptions scorer;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!spec.commandLine().getParseResult().hasMatchedOption("--deadline-ms")) {
      // a one-off run is a cold JVM: class loading and the first call's JIT would eat a
      // serving deadline, so the default here is more patient than the endpoint's
      scorer.deadlineMs = ONE_OFF_DEADLINE_MS;
    }
    try (TransportTuning tuning = transport.tuning()) {
      ScoreResponse r;
      long t0 = System.nanoTime();
      if (bank != null) {
        if (scorer.model != null) {
          throw new FedCreditException("--bank and --model exclude each other: ask a running "
              + "bank endpoint, or score here with the bank's half");
        }
        TransportSecurity security = transport.security("connect", PartyRole.BANK);
        ManagedChannel channel = security.channel(bank, tuning);
        try {
          r = CreditScoringGrpc.newBlockingStub(channel)
              .withDeadlineAfter(scorer.deadlineMs + 1_000, TimeUnit.MILLISECONDS)
              .score(ScoreRequest.newBuilder().setEnterpriseId(enterprise)
                  .putAllBankFeatures(features).build());
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      } else {
        try (CreditScorer s = scorer.build(transport, tuning)) {
          ScoreResult result = s.score(enterprise, features);
          r = CreditScoringService.toProto(result);
        }
      }
      long micros = (System.nanoTime() - t0) / 1000;
      System.out.println(describe(r, micros));
      return r.getOutcome() == io.fedcredit.proto.ScoreOutcomeKind.SCORED ? 0 : 3;
    }
  }

  /** The printed form of an answer. */
  static String describe(ScoreResponse r, long callMicros) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s (model '%s' version %d): %s", r.getEnterpriseId(),
        r.getModelId(), r.getModelVersion(), r.getOutcome()));
    if (r.getOutcome() == io.fedcredit.proto.ScoreOutcomeKind.SCORED) {
      sb.append(String.format(Locale.ROOT, " %s, score %.1f, probability of default %.4f",
          r.getDecision(), r.getScore(), r.getProbabilityOfDefault()));
      for (ReasonCode rc : r.getReasonsList()) {
        sb.append(String.format(Locale.ROOT, "%n  reason: %-32s %6.1f points lost",
            rc.getFeature(), rc.getPointsLost()));
      }
    } else {
      sb.append(" (data node ").append(r.getDataNode()).append(": ").append(r.getDetail())
          .append(')');
    }
    sb.append(String.format(Locale.ROOT, "%n  time (us): %s; this call %d", r.getMicrosMap(),
        callMicros));
    return sb.toString();
  }
}
