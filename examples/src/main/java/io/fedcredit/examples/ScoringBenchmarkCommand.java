package io.fedcredit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fedcredit.client.scoring.CreditScorer;
import io.fedcredit.core.credit.Scorecard;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.SyntheticCreditData;
import io.fedcredit.core.data.VerticalLayout;
import io.fedcredit.core.serving.CutOff;
import io.fedcredit.core.serving.ModelTrust;
import io.fedcredit.core.serving.ScoreResult;
import io.fedcredit.core.serving.ServingExport;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.transport.TransportTuning;
import io.fedcredit.core.tree.BoostingConfig;
import io.fedcredit.core.vertical.HeteroLrConfig;
import io.fedcredit.core.vertical.VerticalHost;
import io.fedcredit.core.vertical.VerticalJobConfig;
import io.fedcredit.proto.CreditScoringGrpc;
import io.fedcredit.proto.ScoreOutcomeKind;
import io.fedcredit.proto.ScoreRequest;
import io.fedcredit.proto.ScoreResponse;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/fl bench scoring}: online scoring under load on loopback with mutual TLS, against
 * the bare two-hop gRPC echo floor (caller, relay, lookup: same messages, same TLS, no model)
 * measured in the same run. Three or four JVMs: this one is the caller (closed-loop load at 1, 8
 * and 64 concurrent callers), one is the bank (a scoring endpoint per model and the floor's
 * relay), one or two are data nodes (partial scores and the floor's lookup over the same
 * synthetic population). Models are real vertical models, trained once through the coordinator
 * (plain hetero LR, a WOE scorecard and SecureBoost trees, over one and two data nodes; {@code
 * --models} picks which) and cached under {@code --out}. Then a batch of {@code --batch} enterprises through
 * {@link CreditScorer#scoreBatch}. Results: tables on standard output (for BENCHMARKS.md) and
 * {@code results.json}.
 */
@Command(name = "scoring", mixinStandardHelpOptions = true,
    description = {"Online scoring load on loopback with mutual TLS, beside a two-hop gRPC echo "
        + "floor measured in the same run; separate JVMs for caller, bank and data node(s).",
        "Phases: survey (TLS provider and event-loop variants at 8 callers), one and two (data "
            + "nodes; the floor and each of --models at each --callers), batch."})
final class ScoringBenchmarkCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "fl-bench-scoring",
      description = "Work folder: kits, models, logs, results (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--phases", split = ",", defaultValue = "survey,one,two,batch",
      description = "Which phases (default: ${DEFAULT-VALUE}).")
  List<String> phases;

  @Option(names = "--models", split = ",", defaultValue = "hetero-lr,scorecard,secureboost",
      description = "Model targets of phases one, two and batch, any of hetero-lr, scorecard, "
          + "secureboost (default: ${DEFAULT-VALUE}); the survey always uses the scorecard.")
  List<String> models;

  @Option(names = "--secureboost-trees", defaultValue = "30",
      description = "Trees of the SecureBoost model, depth 3 (default: ${DEFAULT-VALUE}).")
  int secureBoostTrees;

  @Option(names = "--population", defaultValue = "1000000",
      description = "Enterprises the data nodes hold (default: ${DEFAULT-VALUE}).")
  int population;

  @Option(names = "--batch", defaultValue = "1000000",
      description = "Enterprises in the batch phase (at most --population; default: "
          + "${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--batch-size", defaultValue = "1000",
      description = "Ids per call in the batch phase (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--callers", split = ",", defaultValue = "1,8,64",
      description = "Concurrent callers (default: ${DEFAULT-VALUE}).")
  List<Integer> callers;

  @Option(names = "--repeats", defaultValue = "3",
      description = "Runs of each configuration; medians are reported (default: "
          + "${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--warmup-seconds", defaultValue = "3", description = "Per run (default: "
      + "${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(names = "--measure-seconds", defaultValue = "10", description = "Per run (default: "
      + "${DEFAULT-VALUE}).")
  double measureSeconds;

  @Option(names = "--tls-provider", defaultValue = "openssl",
      description = "TLS of every process in phases one, two and batch (default: "
          + "${DEFAULT-VALUE}).")
  String tlsProvider;

  @Option(names = "--event-loop-threads", defaultValue = "1",
      description = "Dedicated event loop threads per process, 0 = gRPC's default (default: "
          + "${DEFAULT-VALUE}).")
  int eventLoopThreads;

  @Option(names = "--direct-executor", negatable = true, defaultValue = "true",
      description = "Run calls on the event loop (default: ${DEFAULT-VALUE}).")
  boolean directExecutor;

  @Option(names = "--jvm-opts", defaultValue = "-Xms2g -Xmx2g -XX:+UseParallelGC",
      description = "JVM options of the bank and data node processes (default: "
          + "${DEFAULT-VALUE}).")
  String jvmOpts;

  @Option(names = "--seed", defaultValue = "11", description = "Data seed (default: "
      + "${DEFAULT-VALUE}).")
  long seed;

  private static final String FEDERATION = "bench-credit";
  private static final String BANK = "bank";
  private static final List<String> NODES = List.of("platform", "platform-b");

  /** A model target: its name in the tables, the prefix of its model ids, how it is trained. */
  enum ModelKind {
    HETERO_LR("hetero-lr", "bench/lr"),
    SCORECARD("scorecard", "bench/card"),
    SECUREBOOST("secureboost", "bench/sb");

    final String target;
    final String idPrefix;

    ModelKind(String target, String idPrefix) {
      this.target = target;
      this.idPrefix = idPrefix;
    }

    /** The model id with one ({@code -1}) or two ({@code -2}) data nodes. */
    String id(String suffix) {
      return idPrefix + suffix;
    }

    static ModelKind parse(String name) {
      for (ModelKind k : values()) {
        if (k.target.equals(name.trim())) {
          return k;
        }
      }
      throw new IllegalArgumentException("--models: unknown model '" + name + "'; give any of "
          + Arrays.stream(values()).map(k -> k.target).toList());
    }
  }

  private final PrintStream log = System.out;
  private final Map<String, Object> results = new LinkedHashMap<>();
  private Path kits;
  private List<ModelKind> kinds;

  /** One configuration of the processes' transport. */
  record Variant(String name, String tls, int threads, boolean direct) {
    List<String> args() {
      List<String> a = new ArrayList<>(List.of("--tls-provider", tls, "--event-loop-threads",
          String.valueOf(threads)));
      if (direct) {
        a.add("--direct-executor");
      }
      return a;
    }

    TransportTuning tuning() {
      return TransportTuning.of(TransportTuning.Tls.parse(tls), threads, direct);
    }
  }

  /**
   * Median figures of one (target, callers) cell; CPU is microseconds of process CPU time per
   * completed call in the caller, the bank and the data node(s), which the machine's other load
   * disturbs much less than wall-clock figures.
   */
  record Cell(String target, int callers, double throughput, double p50Ms, double p99Ms,
      double p999Ms, long errors, double load, double cpuCallerUs, double cpuBankUs,
      double cpuNodesUs) {}

  /** The processes whose CPU time a run reads. */
  record Procs(ProcessHandle bank, List<ProcessHandle> nodes) {
    long[] cpu() {
      long caller = ((com.sun.management.OperatingSystemMXBean) java.lang.management
          .ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
      long nodesCpu = 0;
      for (ProcessHandle n : nodes) {
        nodesCpu += cpuOf(n);
      }
      return new long[] {caller, cpuOf(bank), nodesCpu};
    }

    private static long cpuOf(ProcessHandle p) {
      return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (batch > population) {
      throw new IllegalArgumentException("--batch " + batch + " exceeds --population "
          + population);
    }
    Files.createDirectories(out.resolve("logs"));
    results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
        "java", System.getProperty("java.version"), "loadAtStart", load()));
    if (secureBoostTrees < 1) {
      throw new IllegalArgumentException("--secureboost-trees " + secureBoostTrees
          + " must be >= 1");
    }
    kinds = models.stream().map(ModelKind::parse).distinct().toList();
    kits = prepareKits();
    Map<String, Map<String, Path>> models = prepareModels();
    log.printf(Locale.ROOT, "population of %,d enterprises (seed %d) ...%n", population, seed);
    FeatureTable people = ScoringBenchWorker.population(seed, population);
    ScoreRequest[] requests = requests(people, 10_000);
    Variant main = new Variant("main", tlsProvider, eventLoopThreads, directExecutor);
    if (phases.contains("survey")) {
      survey(models, requests);
    }
    if (phases.contains("one")) {
      results.put("one", topology(main, models, List.of("platform"), requests, "-1"));
    }
    if (phases.contains("two")) {
      results.put("two", topology(main, models, NODES, requests, "-2"));
    }
    if (phases.contains("batch")) {
      results.put("batch", batchPhase(main, models, people));
    }
    results.put("loadAtEnd", load());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("results.json").toFile(), results);
    log.println("results: " + out.resolve("results.json"));
    return 0;
  }

  // ------------------------------------------------------------------------------------------
  // preparation

  private Path prepareKits() throws Exception {
    Path dir = out.resolve("federation");
    if (!Files.isDirectory(dir.resolve("kits").resolve(BANK))) {
      ServingDemo.provision(dir, FEDERATION, BANK, NODES);
    }
    return dir.resolve("kits");
  }

  /**
   * Model id to party to half file, for the models the chosen phases and {@code --models} use
   * (the survey's scorecard always); trained and exported when missing.
   */
  private Map<String, Map<String, Path>> prepareModels() throws Exception {
    Map<String, Map<String, Path>> all = new LinkedHashMap<>();
    List<String> pf = SyntheticCreditData.PLATFORM_FEATURES;
    Map<String, List<String>> one = Map.of("platform", pf);
    Map<String, List<String>> two = new LinkedHashMap<>();
    two.put("platform", pf.subList(0, pf.size() / 2));
    two.put("platform-b", pf.subList(pf.size() / 2, pf.size()));
    if (phases.contains("survey")) {
      all.put(ModelKind.SCORECARD.id("-1"), model(ModelKind.SCORECARD, "-1", one));
    }
    for (ModelKind k : kinds) {
      if (phases.contains("one") || phases.contains("batch")) {
        all.put(k.id("-1"), model(k, "-1", one));
      }
      if (phases.contains("two")) {
        all.put(k.id("-2"), model(k, "-2", two));
      }
    }
    return all;
  }

  private Map<String, Path> model(ModelKind kind, String suffix,
      Map<String, List<String>> hosts) throws Exception {
    String id = kind.id(suffix);
    Path dir = out.resolve("models").resolve(id.replace('/', '_'));
    Map<String, Path> files = new LinkedHashMap<>();
    files.put(BANK, dir.resolve(BANK + ".fcm"));
    hosts.keySet().forEach(h -> files.put(h, dir.resolve(h + ".fcm")));
    if (files.values().stream().allMatch(Files::exists)) {
      return files;
    }
    log.printf(Locale.ROOT, "training %s (%s, %d data node(s)) through a coordinator ...%n", id,
        kind.target, hosts.size());
    SyntheticCreditData.VerticalSplit split = SyntheticCreditData.builder().seed(seed)
        .verticalLayout(VerticalLayout.of(2_000, 0.8, 600, 0)).build().vertical();
    Map<String, FeatureTable> hostTables = new LinkedHashMap<>();
    hosts.forEach((h, f) -> hostTables.put(h, split.platform().withFeatures(f)));
    HeteroLrConfig d = HeteroLrConfig.defaults(seed);
    HeteroLrConfig lr = new HeteroLrConfig(2, 256, 0.3, d.decay(), d.l2(), d.tolerance(), seed,
        d.featureBits(), d.residualBits(), d.maskBits(), 256);
    VerticalJobConfig cfg = new VerticalJobConfig(id.replace('/', '-'), BANK,
        List.copyOf(hosts.keySet()), lr, kind == ModelKind.SCORECARD, 10, 0.0, 0.0,
        Scorecard.Scale.standard());
    if (kind == ModelKind.SECUREBOOST) {
      cfg = cfg.withSecureBoost(BoostingConfig.defaults().withTrees(secureBoostTrees)
          .withMaxDepth(3).withSampling(1.0, 1.0, seed));
    }
    VerticalSimulation.Result r = VerticalSimulation.run(cfg, split.bankTrain(), hostTables,
        out.resolve("training").resolve(id.replace('/', '_')), new PrintStream(
            PrintStream.nullOutputStream()));
    boolean trees = kind == ModelKind.SECUREBOOST;
    ServingModelFiles.write(trees
        ? ServingExport.secureBoostBankHalf(r.guest(), BANK, id, 1, FEDERATION)
        : ServingExport.bankHalf(r.guest(), id, 1, FEDERATION),
        StartupKit.load(kits.resolve(BANK)).credential(), files.get(BANK));
    for (Map.Entry<String, VerticalHost.Outcome> h : r.hosts().entrySet()) {
      ServingModelFiles.write(trees
          ? ServingExport.secureBoostDataNodeHalf(h.getValue(), BANK, id, 1, FEDERATION)
          : ServingExport.dataNodeHalf(h.getValue(), BANK, id, 1, FEDERATION),
          StartupKit.load(kits.resolve(h.getKey())).credential(), files.get(h.getKey()));
    }
    log.printf(Locale.ROOT, "  trained: AUC %.4f on %d rows%n", r.guest().trainAuc(),
        r.guest().trainRows());
    return files;
  }

  /** Requests for random enterprises of the population, with their bank features. */
  private static ScoreRequest[] requests(FeatureTable people, int n) {
    SplittableRandom rnd = new SplittableRandom(5);
    ScoreRequest[] out = new ScoreRequest[n];
    List<String> bank = SyntheticCreditData.BANK_FEATURES;
    for (int i = 0; i < n; i++) {
      int r = rnd.nextInt(people.rows());
      ScoreRequest.Builder b = ScoreRequest.newBuilder().setEnterpriseId(people.id(r));
      for (String f : bank) {
        b.putBankFeatures(f, people.value(r, people.schema().indexOf(f)));
      }
      out[i] = b.build();
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // processes

  /** A bank or data node JVM started by this harness. */
  final class Worker implements AutoCloseable {
    final Process process;
    final Map<String, Integer> ports = new LinkedHashMap<>();

    Worker(String name, List<String> args) throws Exception {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(Arrays.asList(jvmOpts.trim().split("\\s+")));
      cmd.addAll(List.of("-Djava.awt.headless=true", "-cp",
          System.getProperty("java.class.path"), FlCli.class.getName(), "bench",
          "scoring-worker"));
      cmd.addAll(args);
      process = new ProcessBuilder(cmd)
          .redirectError(out.resolve("logs").resolve(name + ".log").toFile())
          .start();
      BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null && !line.equals("READY done")) {
        String[] w = line.split(" ");
        if (w[0].equals("READY")) {
          ports.put(w.length == 4 ? w[2] : w[1], Integer.parseInt(w[w.length - 1]));
        }
      }
      if (line == null) {
        throw new IllegalStateException(name + " ended before it was ready; see "
            + out.resolve("logs").resolve(name + ".log"));
      }
    }

    int port(String what) {
      return ports.get(what);
    }

    @Override
    public void close() throws Exception {
      process.getOutputStream().close();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  private List<String> tls(String party) {
    return List.of("--kit", kits.resolve(party).toString());
  }

  private Worker node(String party, Variant v, List<Path> halves) throws Exception {
    List<String> a = new ArrayList<>(List.of("--role", "node", "--population",
        String.valueOf(population), "--seed", String.valueOf(seed)));
    a.addAll(tls(party));
    a.addAll(v.args());
    halves.forEach(h -> a.addAll(List.of("--model", h.toString())));
    return new Worker(party + "-" + v.name(), a);
  }

  private Worker bank(Variant v, List<Path> halves, Map<String, Integer> nodePorts)
      throws Exception {
    List<String> a = new ArrayList<>(List.of("--role", "bank", "--audit-dir",
        out.resolve("logs").toString()));
    a.addAll(tls(BANK));
    a.addAll(v.args());
    halves.forEach(h -> a.addAll(List.of("--model", h.toString())));
    nodePorts.forEach((p, port) -> {
      a.addAll(List.of("--data-node", p + "=127.0.0.1:" + port));
      a.addAll(List.of("--lookup", "127.0.0.1:" + port));
    });
    return new Worker("bank-" + v.name(), a);
  }

  // ------------------------------------------------------------------------------------------
  // phases

  private void survey(Map<String, Map<String, Path>> models, ScoreRequest[] requests)
      throws Exception {
    List<Variant> variants = List.of(
        new Variant("default", "default", 0, false),
        new Variant("jdk-tls", "jdk", 0, false),
        new Variant("openssl", "openssl", 0, false),
        new Variant("openssl-el1-direct", "openssl", 1, true),
        new Variant("openssl-el2-direct", "openssl", 2, true),
        new Variant("jdk-el1-direct", "jdk", 1, true));
    log.printf(Locale.ROOT, "%n## Survey: transport variants at 8 callers, one data node "
        + "(%.0f s per run; CPU: microseconds of CPU per call, all processes)%n%n"
        + "| variant | floor calls/s | floor p99 ms | floor CPU us | scorecard scores/s | "
        + "scorecard p99 ms | scorecard CPU us | throughput ratio | load |%n"
        + "|---|---|---|---|---|---|---|---|---|%n", measureSeconds);
    Map<String, Object> out = new LinkedHashMap<>();
    for (Variant v : variants) {
      try (Worker node = node("platform", v, List.of(models.get("bench/card-1")
          .get("platform")));
          Worker bank = bank(v, List.of(models.get("bench/card-1").get(BANK)),
              Map.of("platform", node.port("node")));
          TransportTuning tuning = v.tuning()) {
        Cell floor = null;
        Cell card = null;
        try (Target f = floorTarget(bank.port("relay"), tuning, requests);
            Target c = scoreTarget(bank.port("bench/card-1"), tuning, requests)) {
          Procs procs = new Procs(bank.process.toHandle(), List.of(node.process.toHandle()));
          for (int rep = 0; rep < 2; rep++) { // the first pair warms both paths up
            floor = run("floor", f, 8, procs);
            card = run("scorecard", c, 8, procs);
          }
        }
        log.printf(Locale.ROOT, "| %s | %,.0f | %.2f | %.0f | %,.0f | %.2f | %.0f | %.2f | %.1f "
            + "|%n", v.name(), floor.throughput(), floor.p99Ms(), cpuTotal(floor),
            card.throughput(), card.p99Ms(), cpuTotal(card),
            card.throughput() / floor.throughput(), card.load());
        out.put(v.name(), List.of(floor, card));
      }
    }
    results.put("survey", out);
  }

  private Map<String, Object> topology(Variant v, Map<String, Map<String, Path>> models,
      List<String> nodes, ScoreRequest[] requests, String suffix) throws Exception {
    List<Worker> nodeWorkers = new ArrayList<>();
    Map<String, Object> res = new LinkedHashMap<>();
    try {
      Map<String, Integer> ports = new LinkedHashMap<>();
      for (String n : nodes) {
        Worker w = node(n, v, kinds.stream().map(k -> models.get(k.id(suffix)).get(n))
            .toList());
        nodeWorkers.add(w);
        ports.put(n, w.port("node"));
      }
      try (Worker bank = bank(v, kinds.stream().map(k -> models.get(k.id(suffix)).get(BANK))
          .toList(), ports);
          TransportTuning tuning = v.tuning();
          Targets targets = new Targets()) {
        targets.put("floor", floorTarget(bank.port("relay"), tuning, requests));
        for (ModelKind k : kinds) {
          targets.put(k.target, scoreTarget(bank.port(k.id(suffix)), tuning, requests));
        }
        Procs procs = new Procs(bank.process.toHandle(), nodeWorkers.stream()
            .map(w -> w.process.toHandle()).toList());
        for (Map.Entry<String, Target> t : targets.entrySet()) {
          run(t.getKey(), t.getValue(), 8, procs); // warm-up of every path, not reported
        }
        Map<String, List<Cell>> cells = new LinkedHashMap<>();
        for (int rep = 0; rep < repeats; rep++) {
          for (int c : callers) {
            for (Map.Entry<String, Target> t : targets.entrySet()) {
              Cell cell = run(t.getKey(), t.getValue(), c, procs);
              cells.computeIfAbsent(t.getKey() + "@" + c, k -> new ArrayList<>()).add(cell);
              log.printf(Locale.ROOT, "  run %d: %-9s %2d callers %,9.0f/s p50 %.2f p99 %.2f "
                  + "p99.9 %.2f ms errors %d load %.1f CPU us/call %.0f+%.0f+%.0f%n", rep + 1,
                  t.getKey(), c, cell.throughput(), cell.p50Ms(), cell.p99Ms(), cell.p999Ms(),
                  cell.errors(), cell.load(), cell.cpuCallerUs(), cell.cpuBankUs(),
                  cell.cpuNodesUs());
            }
          }
        }
        log.printf(Locale.ROOT, "%n## %d data node(s), %s (median of %d runs of %.0f s)%n%n"
            + "| target | callers | calls/s | p50 ms | p99 ms | p99.9 ms | throughput / floor | "
            + "p99 / floor | CPU us/call (caller+bank+nodes) | errors | load |%n"
            + "|---|---|---|---|---|---|---|---|---|---|---|%n",
            nodes.size(), v.tuning(), repeats, measureSeconds);
        for (int c : callers) {
          Cell f = median(cells.get("floor@" + c));
          for (String t : targets.keySet()) {
            Cell m = median(cells.get(t + "@" + c));
            log.printf(Locale.ROOT, "| %s | %d | %,.0f | %.2f | %.2f | %.2f | %.2f | %.2f | "
                + "%.0f+%.0f+%.0f | %d | %.1f |%n", t, c, m.throughput(), m.p50Ms(), m.p99Ms(),
                m.p999Ms(), m.throughput() / f.throughput(), m.p99Ms() / f.p99Ms(),
                m.cpuCallerUs(), m.cpuBankUs(), m.cpuNodesUs(), m.errors(), m.load());
            res.put(t + "@" + c, Map.of("median", m, "runs", cells.get(t + "@" + c)));
          }
        }
      }
    } finally {
      for (Worker w : nodeWorkers) {
        w.close();
      }
    }
    return res;
  }

  private Map<String, Object> batchPhase(Variant v, Map<String, Map<String, Path>> models,
      FeatureTable people) throws Exception {
    Map<String, Object> res = new LinkedHashMap<>();
    Path audit = out.resolve("logs").resolve("batch-audit.jsonl");
    List<String> bankFeatures = SyntheticCreditData.BANK_FEATURES;
    List<CreditScorer.Application> apps = new ArrayList<>(batch);
    for (int r = 0; r < batch; r++) {
      Map<String, Double> f = new LinkedHashMap<>();
      for (String name : bankFeatures) {
        f.put(name, people.value(r, people.schema().indexOf(name)));
      }
      apps.add(new CreditScorer.Application(people.id(r), f));
    }
    StartupKit bankKit = StartupKit.load(kits.resolve(BANK));
    List<String> ids = Arrays.stream(new ModelKind[] {ModelKind.SCORECARD, ModelKind.HETERO_LR,
        ModelKind.SECUREBOOST}).filter(kinds::contains).map(k -> k.id("-1")).toList();
    for (String id : ids) {
      Files.deleteIfExists(audit);
      try (Worker node = node("platform", v, List.of(models.get(id).get("platform")));
          TransportTuning tuning = v.tuning();
          CreditScorer scorer = CreditScorer.builder()
              .modelFile(models.get(id).get(BANK), ModelTrust.of(bankKit))
              .dataNode("platform", "127.0.0.1:" + node.port("node"),
                  TransportSecurity.mutualTls(bankKit), tuning)
              .cutOff(CutOff.maxProbabilityOfDefault(0.2)).batchSize(batchSize)
              .auditLog(audit).build()) {
        scorer.connect(java.time.Duration.ofSeconds(30));
        scorer.scoreBatch(apps.subList(0, Math.min(apps.size(), 50_000))); // warm-up
        double loadBefore = load();
        long t0 = System.nanoTime();
        List<ScoreResult> rs = scorer.scoreBatch(apps);
        double s = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> kinds = new LinkedHashMap<>();
        rs.forEach(x -> kinds.merge(x.outcome().kind().name(), 1L, Long::sum));
        log.printf(Locale.ROOT, "%n## Batch: %s, %,d enterprises, %d ids per call, one data "
            + "node: %.1f s, %,.0f scores/s, outcomes %s, load %.1f -> %.1f%n", id, batch,
            batchSize, s, batch / s, kinds, loadBefore, load());
        res.put(id, Map.of("enterprises", batch, "seconds", s, "scoresPerSecond", batch / s,
            "outcomes", kinds, "loadBefore", loadBefore));
      }
      Files.deleteIfExists(audit);
    }
    return res;
  }

  // ------------------------------------------------------------------------------------------
  // load

  /** Something to call: request {@code i}, then report success or failure. */
  interface Target extends AutoCloseable {
    void call(int i, IntConsumer done);

    @Override
    void close();
  }

  /** Targets by name, closed together (before the processes they call). */
  static final class Targets extends LinkedHashMap<String, Target> implements AutoCloseable {
    private static final long serialVersionUID = 1L;

    @Override
    public void close() {
      values().forEach(Target::close);
    }
  }

  private static ManagedChannel connected(String target, TransportTuning tuning,
      TransportSecurity security) {
    ManagedChannel c = security.channel(target, tuning);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (c.getState(true) != ConnectivityState.READY && System.nanoTime() < end) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return c;
  }

  private Target floorTarget(int port, TransportTuning tuning, ScoreRequest[] requests) {
    ManagedChannel c = connected("127.0.0.1:" + port, tuning,
        TransportSecurity.mutualTls(StartupKit.load(kits.resolve(BANK))));
    return new Target() {
      @Override
      public void call(int i, IntConsumer done) {
        ClientCalls.asyncUnaryCall(c.newCall(EchoFloor.RELAY,
            CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS)),
            requests[i % requests.length], observer(done));
      }

      @Override
      public void close() {
        c.shutdownNow();
      }
    };
  }

  private Target scoreTarget(int port, TransportTuning tuning, ScoreRequest[] requests) {
    ManagedChannel c = connected("127.0.0.1:" + port, tuning,
        TransportSecurity.mutualTls(StartupKit.load(kits.resolve(BANK))));
    CreditScoringGrpc.CreditScoringStub stub = CreditScoringGrpc.newStub(c);
    return new Target() {
      @Override
      public void call(int i, IntConsumer done) {
        stub.withDeadlineAfter(5, TimeUnit.SECONDS).score(requests[i % requests.length],
            observer(done));
      }

      @Override
      public void close() {
        c.shutdownNow();
      }
    };
  }

  /** Reports 1 for a SCORED answer, 0 for anything else. */
  private static StreamObserver<ScoreResponse> observer(IntConsumer done) {
    return new StreamObserver<>() {
      private boolean scored;

      @Override
      public void onNext(ScoreResponse r) {
        scored = r.getOutcome() == ScoreOutcomeKind.SCORED;
      }

      @Override
      public void onError(Throwable t) {
        done.accept(0);
      }

      @Override
      public void onCompleted() {
        done.accept(scored ? 1 : 0);
      }
    };
  }

  /**
   * Closed loop: {@code callers} callers each send a request as soon as their previous answer
   * arrived, for the warm-up and then the measured window; a call counts when it completes in the
   * window.
   */
  private Cell run(String name, Target target, int callers, Procs procs)
      throws InterruptedException {
    long start = System.nanoTime();
    long from = start + (long) (warmupSeconds * 1e9);
    long until = from + (long) (measureSeconds * 1e9);
    long[][] lat = new long[callers][];
    int[] count = new int[callers];
    long[] errors = new long[callers];
    CountDownLatch finished = new CountDownLatch(callers);
    int[] next = new int[callers];
    for (int c = 0; c < callers; c++) {
      lat[c] = new long[1 << 14];
      next[c] = c * 1000;
    }
    for (int c = 0; c < callers; c++) {
      int caller = c;
      Runnable[] loop = new Runnable[1];
      loop[0] = () -> {
        long t0 = System.nanoTime();
        if (t0 >= until) {
          finished.countDown();
          return;
        }
        target.call(next[caller]++, ok -> {
          long t1 = System.nanoTime();
          if (t1 >= from && t1 < until) {
            if (ok == 0) {
              errors[caller]++;
            }
            if (count[caller] == lat[caller].length) {
              lat[caller] = Arrays.copyOf(lat[caller], count[caller] * 2);
            }
            lat[caller][count[caller]++] = t1 - t0;
          }
          loop[0].run();
        });
      };
      loop[0].run();
    }
    sleepUntil(from);
    long[] cpu0 = procs.cpu();
    sleepUntil(until);
    long[] cpu1 = procs.cpu();
    if (!finished.await((long) (warmupSeconds + measureSeconds) + 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + ": callers did not finish");
    }
    int n = 0;
    for (int c = 0; c < callers; c++) {
      n += count[c];
    }
    long[] all = new long[n];
    int k = 0;
    long errs = 0;
    for (int c = 0; c < callers; c++) {
      System.arraycopy(lat[c], 0, all, k, count[c]);
      k += count[c];
      errs += errors[c];
    }
    Arrays.sort(all);
    double perCall = Math.max(1, n) * 1e3;
    return new Cell(name, callers, n / measureSeconds, pct(all, 0.5), pct(all, 0.99),
        pct(all, 0.999), errs, load(), (cpu1[0] - cpu0[0]) / perCall,
        (cpu1[1] - cpu0[1]) / perCall, (cpu1[2] - cpu0[2]) / perCall);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  /** The cell whose throughput is the median; latencies are each their own median. */
  private static Cell median(List<Cell> runs) {
    double[] tp = runs.stream().mapToDouble(Cell::throughput).sorted().toArray();
    double[] p50 = runs.stream().mapToDouble(Cell::p50Ms).sorted().toArray();
    double[] p99 = runs.stream().mapToDouble(Cell::p99Ms).sorted().toArray();
    double[] p999 = runs.stream().mapToDouble(Cell::p999Ms).sorted().toArray();
    double[] ld = runs.stream().mapToDouble(Cell::load).sorted().toArray();
    int m = runs.size() / 2;
    return new Cell(runs.get(0).target(), runs.get(0).callers(), tp[m], p50[m], p99[m],
        p999[m], runs.stream().mapToLong(Cell::errors).sum(), ld[m],
        mid(runs, Cell::cpuCallerUs), mid(runs, Cell::cpuBankUs), mid(runs, Cell::cpuNodesUs));
  }

  private static double mid(List<Cell> runs, java.util.function.ToDoubleFunction<Cell> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    return v[v.length / 2];
  }

  private static double cpuTotal(Cell c) {
    return c.cpuCallerUs() + c.cpuBankUs() + c.cpuNodesUs();
  }

  /** The 1-minute load average. */
  static double load() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
