package io.fedcredit.core.transport;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How the servers and channels of a latency-sensitive process (online scoring) are run, beside
 * their security ({@link TransportSecurity}): which TLS implementation, whether every server and
 * channel built with this object share one dedicated event loop group, and whether calls run
 * directly on the event loop (for handlers that never block). {@link #defaults()} changes
 * nothing: gRPC's shared event loops, its executor, and the TLS provider gRPC picks (the
 * BoringSSL bundled in grpc-netty-shaded when it loads, else the JDK's). Owns its event loop
 * group, if any: {@link #close()} it after the servers and channels that use it.
 */
public final class TransportTuning implements AutoCloseable {

  /** The TLS implementation. */
  public enum Tls {
    /** gRPC's choice: BoringSSL (netty-tcnative, bundled) when available, else the JDK. */
    DEFAULT,
    /** BoringSSL through netty-tcnative, bundled in grpc-netty-shaded. */
    OPENSSL,
    /** The JDK's own TLS (SSLEngine). */
    JDK;

    /**
     * Parses {@code default}, {@code openssl} (or {@code boringssl}) and {@code jdk}.
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static Tls parse(String name) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (n.equals("boringssl")) {
        return OPENSSL;
      }
      for (Tls t : values()) {
        if (t.name().toLowerCase(Locale.ROOT).equals(n)) {
          return t;
        }
      }
      throw new IllegalArgumentException("TLS provider '" + name + "' is not one of default, "
          + "openssl (boringssl), jdk");
    }

    SslProvider provider() {
      return switch (this) {
        case DEFAULT -> null;
        case OPENSSL -> SslProvider.OPENSSL;
        case JDK -> SslProvider.JDK;
      };
    }
  }

  private final Tls tls;
  private final int eventLoopThreads;
  private final boolean directExecutor;
  private EventLoopGroup group;
  private boolean closed;

  private TransportTuning(Tls tls, int eventLoopThreads, boolean directExecutor) {
    if (eventLoopThreads < 0) {
      throw new IllegalArgumentException("eventLoopThreads " + eventLoopThreads + " < 0");
    }
    this.tls = java.util.Objects.requireNonNull(tls, "tls");
    this.eventLoopThreads = eventLoopThreads;
    this.directExecutor = directExecutor;
  }

  /** gRPC's defaults. */
  public static TransportTuning defaults() {
    return new TransportTuning(Tls.DEFAULT, 0, false);
  }

  /**
   * A tuning.
   *
   * @param eventLoopThreads 0 for gRPC's shared event loops, else the size of one dedicated group
   *     shared by every server and channel built with this object (epoll when available)
   * @param directExecutor run calls on the event loop instead of gRPC's executor: only for
   *     handlers and callbacks that never block
   */
  public static TransportTuning of(Tls tls, int eventLoopThreads, boolean directExecutor) {
    return new TransportTuning(tls, eventLoopThreads, directExecutor);
  }

  public Tls tls() {
    return tls;
  }

  public int eventLoopThreads() {
    return eventLoopThreads;
  }

  public boolean directExecutor() {
    return directExecutor;
  }

  private synchronized EventLoopGroup group() {
    if (closed) {
      throw new IllegalStateException("this TransportTuning is closed");
    }
    if (group == null) {
      group = Epoll.isAvailable() ? new EpollEventLoopGroup(eventLoopThreads)
          : new NioEventLoopGroup(eventLoopThreads);
    }
    return group;
  }

  void apply(NettyServerBuilder b) {
    if (eventLoopThreads > 0) {
      EventLoopGroup g = group();
      b.bossEventLoopGroup(g).workerEventLoopGroup(g).channelType(Epoll.isAvailable()
          ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
    }
    if (directExecutor) {
      b.directExecutor();
    }
  }

  void apply(NettyChannelBuilder b) {
    if (eventLoopThreads > 0) {
      b.eventLoopGroup(group()).channelType(Epoll.isAvailable() ? EpollSocketChannel.class
          : NioSocketChannel.class);
    }
    if (directExecutor) {
      b.directExecutor();
    }
  }

  /** Shuts the dedicated event loop group down, if there is one (waits up to 5 s). */
  @Override
  public synchronized void close() {
    closed = true;
    if (group != null) {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
      group = null;
    }
  }

  /** E.g. {@code tls=openssl, event loop threads=1, direct executor}. */
  @Override
  public String toString() {
    return "tls=" + tls.name().toLowerCase(Locale.ROOT) + ", event loop threads="
        + (eventLoopThreads == 0 ? "grpc default" : eventLoopThreads)
        + (directExecutor ? ", direct executor" : "");
  }
}
