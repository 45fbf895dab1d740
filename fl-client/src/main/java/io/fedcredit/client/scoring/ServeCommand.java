package io.fedcredit.client.scoring;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.FeatureSource;
import io.fedcredit.core.serving.CutOff;
import io.fedcredit.core.serving.ModelTrust;
import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.transport.TransportTuning;
import io.fedcredit.crypto.pki.PartyRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/fl serve data-node} and {@code bin/fl serve bank}: the two sides of online scoring
 * as long-running processes (documented in {@code docs/SCORING.md}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve a model online: the data node's partial scores (linear) or split "
        + "decisions (SecureBoost trees), or the bank's scoring endpoint.",
    subcommands = {ServeCommand.DataNode.class, ServeCommand.Bank.class})
public final class ServeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("name a side: serve data-node --help, serve bank --help");
    return 2;
  }

  /** {@code bin/fl serve data-node}. */
  @Command(name = "data-node", mixinStandardHelpOptions = true,
      description = {"Answer partial scores (linear models) or split decisions (SecureBoost "
          + "trees) by enterprise id from a feature table, for the models' bank only (mutual "
          + "TLS).",
          "The table is reloaded when its file changes (replace it by renaming a complete new "
              + "file over it); a reload that fails keeps the old table."})
  public static final class DataNode implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE.fcm",
        description = "A data node half (signed model file). Repeat to serve several models "
            + "or versions.")
    List<Path> models;

    @Option(names = "--features", required = true, paramLabel = "FILE.csv",
        description = "The enterprises' features (an id column and at least the models' "
            + "features).")
    Path features;

    @Option(names = "--id-column", defaultValue = "id",
        description = "Id column (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--host", defaultValue = "127.0.0.1",
        description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7444", description = "Port (default: "
        + "${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--watch-seconds", defaultValue = "5", description = "Check the feature "
        + "file for changes this often; 0 = never (default: ${DEFAULT-VALUE}).")
    int watchSeconds;

    @Mixin
    TransportOptions transport;

    @Override
    public Integer call() throws Exception {
      ModelTrust trust = transport.trust("serve", PartyRole.DATA_NODE);
      TransportSecurity security = transport.security("serve", PartyRole.DATA_NODE);
      FeatureSource source = FeatureSource.csv(features, CsvOptions.unlabelled()
          .withIdColumn(idColumn));
      PartialScoreEngine engine = new PartialScoreEngine(source.load(), source.describe());
      Optional<StartupKit> kit = transport.kit("serve", PartyRole.DATA_NODE);
      for (Path m : models) {
        var model = ServingModelFiles.read(m, trust);
        if (kit.isPresent() && !model.party().equals(kit.get().identity().partyId())) {
          throw new FedCreditException(m + " is the half of '" + model.party() + "', not of "
              + kit.get().identity() + ": serve your own half");
        }
        engine.addModel(model);
      }
      TransportTuning tuning = transport.tuning();
      DataNodeServer.Builder b = DataNodeServer.builder(security.serverBuilder(host, port,
          tuning), engine);
      if (watchSeconds > 0) {
        b.watch(source, Duration.ofSeconds(watchSeconds));
      }
      DataNodeServer server = b.build().start();
      System.out.printf("data node serving %s on %s:%d (%s; %s)%n", engine.models(), host,
          server.port(), security.describe(), tuning);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        tuning.close();
      }, "data-node-shutdown"));
      server.blockUntilShutdown();
      return 0;
    }
  }

  /** The bank's approval rule, one of two options. */
  static final class CutOffOption {
    @Option(names = "--max-pd", paramLabel = "P",
        description = "Approve when the probability of default is at most P.")
    Double maxPd;

    @Option(names = "--min-score", paramLabel = "POINTS",
        description = "Approve when the score is at least POINTS.")
    Double minScore;

    CutOff cutOff() {
      return maxPd != null ? CutOff.maxProbabilityOfDefault(maxPd) : CutOff.minScore(minScore);
    }
  }

  /** The options of an embedded {@link CreditScorer}, shared by serve bank and score. */
  static final class ScorerOptions {
    @Option(names = "--model", paramLabel = "FILE.fcm",
        description = "The bank's half (signed model file), or a whole tree model (no "
            + "--data-node).")
    Path model;

    @Option(names = "--data-node", paramLabel = "PARTY=HOST:PORT",
        description = "Where each of the model's data nodes serves. Repeat per data node.")
    Map<String, String> dataNodes = new LinkedHashMap<>();

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    CutOffOption cutOff;

    @Option(names = "--reasons", defaultValue = "4",
        description = "Reason codes per applicant (default: ${DEFAULT-VALUE}).")
    int reasons;

    @Option(names = "--deadline-ms", defaultValue = "300",
        description = "Deadline of the calls to the data nodes (default: ${DEFAULT-VALUE}).")
    long deadlineMs;

    @Option(names = "--audit", defaultValue = "scoring-audit.jsonl", paramLabel = "FILE",
        description = "Append every decision here (default: ${DEFAULT-VALUE}).")
    Path audit;

    CreditScorer build(TransportOptions transport, TransportTuning tuning) throws Exception {
      if (model == null || cutOff == null) {
        throw new FedCreditException("scoring needs --model FILE.fcm (the bank's half) and a "
            + "cut-off: --max-pd P or --min-score POINTS");
      }
      ModelTrust trust = transport.trust("connect", PartyRole.BANK);
      TransportSecurity security = transport.security("connect", PartyRole.BANK);
      CreditScorer.Builder b = CreditScorer.builder().modelFile(model, trust)
          .cutOff(cutOff.cutOff()).reasonCodes(reasons)
          .deadline(Duration.ofMillis(deadlineMs)).auditLog(audit);
      dataNodes.forEach((party, target) -> b.dataNode(party, target, security, tuning));
      CreditScorer s = b.build();
      List<String> down = s.connect(Duration.ofSeconds(10));
      if (!down.isEmpty()) {
        System.err.println("warning: no connection yet to data node(s) " + down + "; scoring "
            + "will report them DATA_NODE_UNAVAILABLE until they answer");
      }
      return s;
    }
  }

  /** {@code bin/fl serve bank}. */
  @Command(name = "bank", mixinStandardHelpOptions = true,
      description = {"The bank's scoring endpoint (gRPC CreditScoring, mutual TLS): computes "
          + "the bank's part, asks the data nodes, combines, decides, audits.",
          "Front ends call it with an enterprise id and the bank's features; see bin/fl score."})
  public static final class Bank implements Callable<Integer> {
    @Mixin
    TransportOptions transport;

    @Mixin
    ScorerOptions scorer;

    @Option(names = "--host", defaultValue = "127.0.0.1",
        description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7445", description = "Port (default: "
        + "${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--allow", paramLabel = "PARTY", description = "A party id whose "
        + "certificate may call (repeat; default: the kit's own party).")
    List<String> allow = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      TransportSecurity security = transport.security("serve", PartyRole.BANK);
      TransportTuning tuning = transport.tuning();
      CreditScorer s = scorer.build(transport, tuning);
      Set<String> allowed = new LinkedHashSet<>(allow);
      transport.kit("serve", PartyRole.BANK).ifPresent(k -> {
        if (allowed.isEmpty()) {
          allowed.add(k.identity().partyId());
        }
      });
      BankScoringServer server = BankScoringServer.of(security.serverBuilder(host, port,
          tuning), s, allowed, List.of()).start();
      System.out.printf("bank scoring endpoint for %s on %s:%d (%s; %s)%n",
          s.model().describe(), host, server.port(), security.describe(), tuning);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        s.close();
        tuning.close();
      }, "bank-serve-shutdown"));
      server.blockUntilShutdown();
      return 0;
    }
  }
}
