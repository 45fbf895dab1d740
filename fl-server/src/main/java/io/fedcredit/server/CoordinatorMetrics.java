package io.fedcredit.server;

import com.google.protobuf.MessageLite;
import io.fedcredit.core.protocol.HorizontalBoostingProtocol;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.Listener;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.Phase;
import io.fedcredit.core.protocol.HorizontalTrainingProtocol.RoundOutcome;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The coordinator's metrics in a Prometheus registry: rounds, participants, bytes in and out,
 * phase latencies and refusals by reason. Traffic and refusals are counted by a gRPC
 * {@link #interceptor()} (so the services stay unaware of metrics), job progress by a
 * {@link RoundController} listener per job ({@link #watch}). Metric names and labels carry ids of
 * jobs and RPC names only, never participant data. Thread-safe.
 *
 * <ul>
 *   <li>{@code fedcredit_rounds_completed_total{job}}, {@code fedcredit_round{job}},
 *       {@code fedcredit_participants{job}} (that ever joined)
 *   <li>{@code fedcredit_phase_seconds{job,phase}}: time from a phase's start to the next
 *   <li>{@code fedcredit_bytes_received_total{rpc}}, {@code fedcredit_bytes_sent_total{rpc}}:
 *       serialized protobuf bytes
 *   <li>{@code fedcredit_rejections_total{rpc,status,reason}}: every call that ended with an
 *       error status; {@code reason} is the {@code Rejection.Reason} or {@code none}
 * </ul>
 */
public final class CoordinatorMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final LongSupplier nanos;

  /** @param nanos a monotonic clock in nanoseconds, e.g. {@code System::nanoTime} */
  public CoordinatorMetrics(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  /** Counts bytes and refusals of every call through the server it is added to. */
  public ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call,
          Metadata headers, ServerCallHandler<Q, A> next) {
        String rpc = call.getMethodDescriptor().getBareMethodName();
        Counter in = registry.counter("fedcredit.bytes.received", "rpc", rpc);
        Counter out = registry.counter("fedcredit.bytes.sent", "rpc", rpc);
        ServerCall<Q, A> counted = new SimpleForwardingServerCall<>(call) {
          @Override
          public void sendMessage(A message) {
            out.increment(size(message));
            super.sendMessage(message);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            if (!status.isOk()) {
              registry.counter("fedcredit.rejections", "rpc", rpc, "status",
                  status.getCode().name(), "reason", reason(status)).increment();
            }
            super.close(status, trailers);
          }
        };
        return new SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
          @Override
          public void onMessage(Q message) {
            in.increment(size(message));
            super.onMessage(message);
          }
        };
      }
    };
  }

  /** Follows a job's rounds, participants and phases. */
  public void watch(RoundController job) {
    JobMeters m = meters(job.jobId(), job, j -> j.participants().size());
    job.addListener(new Listener() {
      @Override
      public void onPhaseStarted(Phase next, long r, List<String> who) {
        m.phase(next.name(), r);
      }

      @Override
      public void onRoundCompleted(RoundOutcome outcome) {
        m.completed().increment();
        m.round().set(outcome.round());
      }
    });
  }

  /**
   * Follows a horizontal boosting job: {@code fedcredit_round} is its current secure sum,
   * {@code fedcredit_rounds_completed_total} counts finished trees, and the phases are timed
   * like a linear job's.
   */
  public void watch(BoostingController job) {
    JobMeters m = meters(job.jobId(), job, j -> j.participants().size());
    job.addListener(new HorizontalBoostingProtocol.Listener() {
      @Override
      public void onPhaseStarted(HorizontalBoostingProtocol.Phase next, long r, String what) {
        m.phase(next.name(), r);
      }

      @Override
      public void onTree(int tree, io.fedcredit.core.tree.BoostedTrees model) {
        m.completed().increment();
      }

      @Override
      public void onFinished(io.fedcredit.core.tree.BoostedTrees model, String reason,
          boolean aborted) {
        m.clock().next(null);
      }
    });
  }

  /** One job's meters: its round gauge, completed-rounds counter and phase timer. */
  private record JobMeters(AtomicLong round, Counter completed, PhaseClock clock) {
    void phase(String name, long r) {
      clock.next(name);
      round.set(r);
    }
  }

  /** Registers a job's round and participant gauges and its completed-rounds counter. */
  private <T> JobMeters meters(String id, T job, java.util.function.ToDoubleFunction<T> joined) {
    AtomicLong round = new AtomicLong();
    Gauge.builder("fedcredit.round", round, AtomicLong::get).tag("job", id)
        .description("the job's current round").register(registry);
    Gauge.builder("fedcredit.participants", job, joined).tag("job", id)
        .description("participants that joined the job").register(registry);
    return new JobMeters(round, Counter.builder("fedcredit.rounds.completed").tag("job", id)
        .register(registry), new PhaseClock(id));
  }

  /** Records how long each phase of one job lasted, when the next one starts. */
  private final class PhaseClock {
    private final String job;
    private String phase;
    private long startedAt;

    PhaseClock(String job) {
      this.job = job;
    }

    /** The phase {@code name} starts (null: the job ended); the previous one is recorded. */
    synchronized void next(String name) {
      long now = nanos.getAsLong();
      if (phase != null) {
        Timer.builder("fedcredit.phase").tag("job", job).tag("phase", phase)
            .register(registry).record(Duration.ofNanos(now - startedAt));
      }
      phase = name;
      startedAt = now;
    }
  }

  private static double size(Object message) {
    return message instanceof MessageLite m ? m.getSerializedSize() : 0;
  }

  /** The Rejection reason a description starts with ("WRONG_SHAPE: ..."), else "none". */
  static String reason(Status status) {
    String d = status.getDescription();
    if (d == null) {
      return "none";
    }
    int colon = d.indexOf(':');
    String head = colon > 0 ? d.substring(0, colon) : "";
    return head.matches("[A-Z][A-Z_]*") ? head : "none";
  }
}
