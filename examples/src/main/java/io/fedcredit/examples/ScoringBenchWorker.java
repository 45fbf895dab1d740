package io.fedcredit.examples;

import io.fedcredit.client.scoring.BankScoringServer;
import io.fedcredit.client.scoring.CreditScorer;
import io.fedcredit.client.scoring.DataNodeServer;
import io.fedcredit.client.scoring.TransportOptions;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.SyntheticCreditData;
import io.fedcredit.core.serving.CutOff;
import io.fedcredit.core.serving.ModelTrust;
import io.fedcredit.core.serving.PartialScoreEngine;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.transport.TransportTuning;
import io.fedcredit.crypto.pki.PartyRole;
import io.grpc.Channel;
import io.grpc.Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One process of {@code bin/fl bench scoring}, started by it: a data node (partial scores and
 * the floor's lookup service on one server) or the bank (one scoring endpoint per model and the
 * floor's relay, all on one event loop). Prints {@code READY <what> <port>} lines, then
 * {@code READY done}, and serves until its standard input closes (so it ends with the harness).
 */
@Command(name = "scoring-worker", hidden = true,
    description = "A process of bench scoring (started by it).")
final class ScoringBenchWorker implements Callable<Integer> {
  @Option(names = "--role", required = true, description = "node or bank")
  String role;

  @Option(names = "--model", description = "Model halves to serve.")
  List<Path> models = new ArrayList<>();

  @Option(names = "--population", defaultValue = "1000000")
  int population;

  @Option(names = "--seed", defaultValue = "11")
  long seed;

  @Option(names = "--data-node", description = "bank: PARTY=HOST:PORT of each data node.")
  Map<String, String> dataNodes = new LinkedHashMap<>();

  @Option(names = "--lookup", description = "bank: the floor's lookup services (HOST:PORT).")
  List<String> lookups = new ArrayList<>();

  @Option(names = "--deadline-ms", defaultValue = "1000")
  long deadlineMs;

  @Option(names = "--audit-dir", defaultValue = ".")
  Path auditDir;

  @Mixin
  TransportOptions transport;

  @Override
  public Integer call() throws Exception {
    TransportTuning tuning = transport.tuning();
    List<AutoCloseable> open = new ArrayList<>();
    if (role.equals("node")) {
      TransportSecurity security = transport.security("serve", PartyRole.DATA_NODE);
      ModelTrust trust = transport.trust("serve", PartyRole.DATA_NODE);
      FeatureTable table = platformTable(seed, population);
      PartialScoreEngine engine = new PartialScoreEngine(table, "synthetic population");
      for (Path m : models) {
        engine.addModel(ServingModelFiles.read(m, trust));
      }
      DataNodeServer server = DataNodeServer.builder(security.serverBuilder("127.0.0.1", 0,
          tuning), engine).addService(() -> EchoFloor.lookup(table)).build().start();
      open.add(server);
      System.out.println("READY node " + server.port());
    } else {
      TransportSecurity security = transport.security("serve", PartyRole.BANK);
      ModelTrust trust = transport.trust("serve", PartyRole.BANK);
      String self = transport.kit("serve", PartyRole.BANK).map(k -> k.identity().partyId())
          .orElse("bank");
      for (Path m : models) {
        ServingModel half = ServingModelFiles.read(m, trust);
        CreditScorer.Builder b = CreditScorer.builder().model(half)
            .cutOff(CutOff.maxProbabilityOfDefault(0.2)).reasonCodes(4)
            .deadline(Duration.ofMillis(deadlineMs))
            .auditLog(auditDir.resolve(half.modelId().replace('/', '_') + "-audit.jsonl"));
        for (ServingModel.PartRef r : half.dataNodes()) {
          b.dataNode(r.party(), dataNodes.get(r.party()), security, tuning);
        }
        CreditScorer scorer = b.build();
        scorer.connect(Duration.ofSeconds(30));
        BankScoringServer server = BankScoringServer.of(security.serverBuilder("127.0.0.1", 0,
            tuning), scorer, Set.of(self), List.of()).start();
        open.add(server);
        open.add(scorer);
        System.out.println("READY scorer " + half.modelId() + " " + server.port());
      }
      List<Channel> channels = new ArrayList<>();
      for (String l : lookups) {
        var c = security.channel(l, tuning);
        open.add(c::shutdownNow);
        channels.add(c);
      }
      Server relay = security.serverBuilder("127.0.0.1", 0, tuning)
          .addService(EchoFloor.relay(channels, deadlineMs)).build().start();
      open.add(relay::shutdownNow);
      System.out.println("READY relay " + relay.getPort());
    }
    System.out.println("READY done");
    System.out.flush();
    while (System.in.read() >= 0) {
      // serve until the harness closes our standard input (or ends)
    }
    for (AutoCloseable c : open) {
      c.close();
    }
    tuning.close();
    return 0;
  }

  /** The data node's side of the benchmark population (unified social credit codes as ids). */
  static FeatureTable platformTable(long seed, int rows) {
    return population(seed, rows).withFeatures(SyntheticCreditData.PLATFORM_FEATURES)
        .withoutLabels();
  }

  static FeatureTable population(long seed, int rows) {
    return SyntheticCreditData.builder().seed(seed)
        .idStyle(SyntheticCreditData.IdStyle.UNIFIED_SOCIAL_CREDIT_CODE).build()
        .population(rows);
  }
}
