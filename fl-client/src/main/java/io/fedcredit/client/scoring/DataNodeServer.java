package io.fedcredit.client.scoring;

import io.fedcredit.core.data.CsvFeatureSource;
import io.fedcredit.core.data.FeatureSource;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.serving.PartialScoreEngine;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerInterceptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data node's scoring server: the {@code PartialScore} service over a
 * {@link PartialScoreEngine}, and optionally a watcher that reloads the feature table when its
 * file changes, swapping it in without a restart. Lifecycle in the grpc-java style:
 * {@link #start()}, {@link #close()} (bounded), {@link #blockUntilShutdown()}.
 *
 * <pre>{@code
 * PartialScoreEngine engine = new PartialScoreEngine(source.load(), source.describe());
 * engine.addModel(ServingModelFiles.read(Path.of("platform.fcm"), ModelTrust.of(kit)));
 * try (DataNodeServer server = DataNodeServer.builder(
 *         TransportSecurity.mutualTls(kit).serverBuilder("0.0.0.0", 7444), engine)
 *     .watch(source, Duration.ofSeconds(5))   // reload when the CSV file changes
 *     .build().start()) {
 *   server.blockUntilShutdown();
 * }
 * }</pre>
 *
 * <p>A reload that fails (unreadable file, a row that does not parse, a model feature missing
 * from the new table) is logged and the old table keeps serving. Replace the file by renaming a
 * complete new one over it, so the watcher never reads half a file.
 */
public final class DataNodeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataNodeServer.class);

  private final ServerBuilder<?> serverBuilder;
  private final PartialScoreEngine engine;
  private final List<ServerInterceptor> interceptors;
  private final List<BindableService> extraServices;
  private final FeatureSource source;
  private final Duration watchEvery;
  private ScheduledExecutorService watcher;
  private List<Object> stamp;
  private Server server;

  private DataNodeServer(Builder b) {
    this.serverBuilder = b.serverBuilder;
    this.engine = b.engine;
    this.interceptors = List.copyOf(b.interceptors);
    this.extraServices = List.copyOf(b.extraServices);
    this.source = b.source;
    this.watchEvery = b.watchEvery;
  }

  /**
   * Starts a builder.
   *
   * @param serverBuilder where and how to listen, from
   *     {@link io.fedcredit.core.transport.TransportSecurity#serverBuilder} (mutual TLS outside
   *     tests)
   * @param engine the table and models to serve
   */
  public static Builder builder(ServerBuilder<?> serverBuilder, PartialScoreEngine engine) {
    return new Builder(serverBuilder, engine);
  }

  /**
   * Binds and starts serving, and starts the file watcher if one was asked for.
   *
   * @throws IOException when the port cannot be bound
   */
  public synchronized DataNodeServer start() throws IOException {
    serverBuilder.addService(ServerInterceptors.intercept(new PartialScoreService(engine),
        interceptors));
    extraServices.forEach(serverBuilder::addService);
    server = serverBuilder.build().start();
    LOG.info("data node serving partial scores on port {}: {} ({})", server.getPort(),
        engine.models(), engine);
    if (watchEvery != null) {
      stamp = stamp();
      watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feature-file-watcher");
        t.setDaemon(true);
        return t;
      });
      long ms = watchEvery.toMillis();
      watcher.scheduleWithFixedDelay(this::reloadIfChanged, ms, ms, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** The engine behind the service (to add models or refresh by hand). */
  public PartialScoreEngine engine() {
    return engine;
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  /**
   * Reads the watched source again and swaps the table in.
   *
   * @return the new table's generation
   * @throws IllegalStateException when no source is watched
   * @throws RuntimeException (the old table keeps serving) when the source cannot be read or
   *     lacks a served model's feature
   */
  public long reload() {
    if (source == null) {
      throw new IllegalStateException("no feature source is watched: build with watch(...)");
    }
    FeatureTable t = source.load();
    long g = engine.refresh(t, source.describe());
    LOG.info("feature table reloaded from {}: {} enterprises, generation {}", source.describe(),
        t.rows(), g);
    return g;
  }

  private synchronized void reloadIfChanged() {
    List<Object> now = stamp();
    if (now.equals(stamp)) {
      return;
    }
    stamp = now;
    try {
      reload();
    } catch (RuntimeException e) {
      LOG.error("feature table reload from {} failed, still serving generation {}: {}",
          source.describe(), engine.generation(), e.getMessage());
    }
  }

  /** Identity, size and modification time of the watched file (empty for other sources). */
  private List<Object> stamp() {
    if (!(source instanceof CsvFeatureSource csv)) {
      return List.of();
    }
    Path p = csv.file();
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime());
    } catch (IOException e) {
      return List.of("unreadable: " + e.getMessage());
    }
  }

  /** Waits until the server is shut down. */
  public void blockUntilShutdown() throws InterruptedException {
    if (server != null) {
      server.awaitTermination();
    }
  }

  /** Stops the watcher, stops accepting calls and waits up to 5 s for running calls. */
  @Override
  public synchronized void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
    stop(server);
  }

  /** Stops a server: no new calls, running calls get up to 5 s, then are cancelled. */
  static void stop(Server server) {
    if (server == null) {
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }

  /** Configures a {@link DataNodeServer}. Not thread-safe. */
  public static final class Builder {
    private final ServerBuilder<?> serverBuilder;
    private final PartialScoreEngine engine;
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private final List<BindableService> extraServices = new ArrayList<>();
    private FeatureSource source;
    private Duration watchEvery;

    private Builder(ServerBuilder<?> serverBuilder, PartialScoreEngine engine) {
      this.serverBuilder = Objects.requireNonNull(serverBuilder, "serverBuilder");
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Reloads the table from {@code source} when its file changes (checked every {@code every};
     * a CSV source is watched by its file's identity, size and modification time), and lets
     * {@link DataNodeServer#reload()} reload it on demand.
     */
    public Builder watch(FeatureSource source, Duration every) {
      this.source = Objects.requireNonNull(source, "source");
      if (every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("watch interval must be positive: " + every);
      }
      this.watchEvery = every;
      return this;
    }

    /** Wraps the partial-score service in an interceptor (metrics, or faults in tests). */
    public Builder intercept(ServerInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** Serves another service from the same server (and event loop). */
    public Builder addService(BindableService service) {
      extraServices.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    /** The server, not yet started. */
    public DataNodeServer build() {
      return new DataNodeServer(this);
    }
  }
}
