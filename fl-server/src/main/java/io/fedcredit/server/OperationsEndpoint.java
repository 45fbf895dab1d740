package io.fedcredit.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The coordinator's operations endpoint over HTTP (the JDK's own server, no extra dependency):
 * {@code /metrics} in the Prometheus text format, {@code /healthz} (200 while the process
 * answers) and {@code /readyz} (200 while the gRPC server accepts calls, 503 otherwise). Serves
 * no job data. Lifecycle: {@link #start}, {@link #close}.
 */
public final class OperationsEndpoint implements AutoCloseable {
  private final HttpServer server;

  private OperationsEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * Binds {@code host:port} (0 = a free port) and starts serving.
   *
   * @param metrics the Prometheus text to serve on {@code /metrics}
   * @param ready whether the coordinator accepts calls
   */
  public static OperationsEndpoint start(String host, int port, Supplier<String> metrics,
      BooleanSupplier ready) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 0);
    s.createContext("/metrics", ex -> answer(ex, 200,
        "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    s.createContext("/healthz", ex -> answer(ex, 200, "text/plain", "ok\n"));
    s.createContext("/readyz", ex -> {
      boolean r = ready.getAsBoolean();
      answer(ex, r ? 200 : 503, "text/plain", r ? "ready\n" : "not serving\n");
    });
    s.start();
    return new OperationsEndpoint(s);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange ex, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
  }
}
