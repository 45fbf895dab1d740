package io.fedcredit.server;

import io.fedcredit.crypto.pki.KeyAuthentication;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.Models;
import io.fedcredit.core.model.Standardizer;
import io.fedcredit.core.protocol.BoostingJobConfig;
import io.fedcredit.core.protocol.HorizontalJobConfig;
import io.fedcredit.core.strategy.Strategy;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.crypto.pki.PartyRole;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator process: one gRPC server that serves any number of jobs. Parties connect to it
 * outbound. Lifecycle in the grpc-java style: build, {@link #start()}, {@link #stop()} or
 * {@link #close()} (bounded), {@link #blockUntilShutdown()}.
 */
public final class Coordinator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

  private final ServerBuilder<?> serverBuilder;
  private final JobStore store;
  private final LongSupplier clock;
  private final CoordinatorService service;
  private final List<RoundController> controllers = new ArrayList<>();
  private final List<BoostingController> boostingJobs = new ArrayList<>();
  private final VerticalRelayService relay = new VerticalRelayService();
  private final VerticalJobs verticalJobs = new VerticalJobs(relay);
  private Server server;

  /**
   * @param serverBuilder where and how to listen (from {@link TransportSecurity#serverBuilder},
   *     or an in-process builder in tests)
   * @param store checkpoints and round logs
   * @param clock milliseconds, e.g. {@code System::currentTimeMillis}
   */
  public Coordinator(ServerBuilder<?> serverBuilder, JobStore store, LongSupplier clock) {
    this(serverBuilder, store, clock, KeyAuthentication.unauthenticated());
  }

  /**
   * A coordinator that also refuses announced keys not bound to their caller's certificate.
   *
   * @param keyAuthentication the transport's ({@link TransportSecurity#keyAuthentication()})
   */
  public Coordinator(ServerBuilder<?> serverBuilder, JobStore store, LongSupplier clock,
      KeyAuthentication keyAuthentication) {
    this.serverBuilder = serverBuilder;
    this.store = store;
    this.clock = clock;
    this.service = new CoordinatorService(clock, keyAuthentication);
  }

  /** A coordinator listening on {@code host:port} (0 = a free port) with the given security. */
  public static Coordinator listening(TransportSecurity security, String host, int port,
      JobStore store) {
    return new Coordinator(security.serverBuilder(host, port), store, System::currentTimeMillis,
        security.keyAuthentication());
  }

  /**
   * Adds a job with freshly initialized parameters (or resumes it from the store's checkpoint).
   */
  public RoundController addJob(HorizontalJobConfig config, Strategy strategy)
      throws IOException {
    return addJob(config, strategy, initialModel(config, strategy));
  }

  /** Adds a job starting from the given global model (or from the store's checkpoint). */
  public synchronized RoundController addJob(HorizontalJobConfig config, Strategy strategy,
      GlobalModel initial) throws IOException {
    RoundController c = new RoundController(config, strategy, initial, store, clock);
    service.addJob(c);
    controllers.add(c);
    return c;
  }

  /**
   * Adds a horizontal histogram-boosting job.
   *
   * @throws io.fedcredit.core.FedCreditException when the store shows the job ran before
   *     (boosting jobs cannot resume after a restart)
   */
  public synchronized BoostingController addBoostingJob(BoostingJobConfig config)
      throws IOException {
    BoostingController c = new BoostingController(config, store, clock);
    service.addJob(c);
    boostingJobs.add(c);
    return c;
  }

  /** A horizontal boosting job served here, or null. */
  public BoostingController boostingJob(String jobId) {
    return service.boostingJob(jobId);
  }

  /** The round-0 model of a job: parameters initialized from the model spec's seed. */
  public static GlobalModel initialModel(HorizontalJobConfig config, Strategy strategy) {
    double[] params = Models.create(config.model()).parameters();
    return new GlobalModel(config.model(), config.featureNames(),
        Standardizer.identity(config.model().numFeatures()),
        params, ModelProvenance.now(config.jobId(), 0, strategy.describe(), "none", List.of()));
  }

  /**
   * Admits to a job only the listed parties, each in its role (the job spec's {@code parties});
   * see {@link CoordinatorService#restrictParties}.
   */
  public void restrictParties(String jobId, Map<String, PartyRole> parties) {
    service.restrictParties(jobId, parties);
  }

  /** Vertical jobs: the relay's mailboxes and the arbiter running in this process. */
  public VerticalJobs verticalJobs() {
    return verticalJobs;
  }

  public RoundController job(String jobId) {
    return service.job(jobId);
  }

  public synchronized Coordinator start() throws IOException {
    server = serverBuilder.addService(service).addService(relay).build().start();
    LOG.info("coordinator listening on port {}", server.getPort());
    return this;
  }

  /** Whether the gRPC server is started and not shut down (the readiness check). */
  public synchronized boolean isServing() {
    return server != null && !server.isShutdown();
  }

  /** The bound port (useful after binding port 0). */
  public int port() {
    return server.getPort();
  }

  /** Stops accepting calls and waits up to 5 s for running calls to finish. */
  public synchronized void stop() throws InterruptedException {
    controllers.forEach(RoundController::close);
    boostingJobs.forEach(BoostingController::close);
    if (server != null) {
      server.shutdown();
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  public void blockUntilShutdown() throws InterruptedException {
    if (server != null) {
      server.awaitTermination();
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
