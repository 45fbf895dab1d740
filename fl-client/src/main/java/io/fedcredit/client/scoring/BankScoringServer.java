package io.fedcredit.client.scoring;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's scoring endpoint ({@code bin/fl serve bank}): the {@link CreditScoringService} over a
 * {@link CreditScorer}, for front ends that do not embed the library. Lifecycle in the grpc-java
 * style: {@link #start()}, {@link #close()} (bounded; the scorer is the caller's to close),
 * {@link #blockUntilShutdown()}.
 */
public final class BankScoringServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BankScoringServer.class);

  private final ServerBuilder<?> serverBuilder;
  private final CreditScorer scorer;
  private final Set<String> allowed;
  private final List<BindableService> extra;
  private Server server;

  private BankScoringServer(ServerBuilder<?> serverBuilder, CreditScorer scorer,
      Set<String> allowed, List<BindableService> extra) {
    this.serverBuilder = serverBuilder;
    this.scorer = scorer;
    this.allowed = allowed;
    this.extra = extra;
  }

  /**
   * A server.
   *
   * @param serverBuilder where and how to listen, from
   *     {@link io.fedcredit.core.transport.TransportSecurity#serverBuilder}
   * @param allowedCallers party ids whose certificates may call (usually the bank's own id)
   * @param extraServices more services on the same server and event loop (may be empty)
   */
  public static BankScoringServer of(ServerBuilder<?> serverBuilder, CreditScorer scorer,
      Set<String> allowedCallers, List<BindableService> extraServices) {
    return new BankScoringServer(Objects.requireNonNull(serverBuilder, "serverBuilder"),
        Objects.requireNonNull(scorer, "scorer"), Set.copyOf(allowedCallers),
        new ArrayList<>(extraServices));
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException when the port cannot be bound
   */
  public synchronized BankScoringServer start() throws IOException {
    serverBuilder.addService(new CreditScoringService(scorer, allowed));
    extra.forEach(serverBuilder::addService);
    server = serverBuilder.build().start();
    LOG.info("bank scoring endpoint on port {}: {}; callers allowed: {}", server.getPort(),
        scorer, allowed);
    return this;
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  /** Waits until the server is shut down. */
  public void blockUntilShutdown() throws InterruptedException {
    if (server != null) {
      server.awaitTermination();
    }
  }

  /** Stops accepting calls and waits up to 5 s for running calls; leaves the scorer open. */
  @Override
  public synchronized void close() {
    DataNodeServer.stop(server);
  }
}
