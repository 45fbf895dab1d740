package io.fedcredit.client;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.logging.LogContext;
import io.fedcredit.core.model.LibraryVersion;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.vertical.EnvelopeLink;
import io.fedcredit.core.vertical.HeteroLrMessages.EpochResult;
import io.fedcredit.core.vertical.VerticalGuest;
import io.fedcredit.core.vertical.VerticalHost;
import io.fedcredit.core.vertical.VerticalJobException;
import io.fedcredit.core.wire.VerticalWire;
import io.fedcredit.crypto.pki.KeyAuthentication;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bank's (guest) or the data node's (host) side of a vertical job on a coordinator: it
 * registers with the coordinator's relay, then runs its party's steps (key exchange, PSI, then
 * optional federated WOE/IV, hetero logistic regression, evaluation and scorecard, or SecureBoost
 * trees when the job says so: {@code VerticalJobConfig.boost()}) with every
 * message to the other party sealed under their pairwise X25519 key, so the coordinator relays
 * but cannot read them. Under mutual TLS each party signs its X25519 key with its certificate's
 * key and refuses a peer key that is not bound to the peer's certificate, so the coordinator
 * cannot put itself in the middle. Raw ids, features and labels never leave the process.
 *
 * <pre>{@code
 * try (VerticalClient bank = VerticalClient.builder()
 *     .coordinator("coordinator.example:7443", security)
 *     .jobId("sme-credit-vertical")
 *     .partyId("bank-a")
 *     .build()) {
 *   VerticalGuest.Outcome out = bank.runAsGuest(loans);     // labelled FeatureTable with ids
 *   ModelHalfFiles.write(out.half(), Path.of("bank-a-half.json"));
 * }
 * }</pre>
 *
 * <p>Every call carries a deadline; a briefly unreachable coordinator is retried within the
 * retry budget. Not thread-safe: one client runs one job once.
 */
public final class VerticalClient implements AutoCloseable {
  private final Channel channel;
  private final ManagedChannel ownedChannel;
  private final String jobId;
  private final String partyId;
  private final Duration callTimeout;
  private final Duration retryBudget;
  private final Duration messageTimeout;
  private final KeyAuthentication keyAuthentication;
  private final SecureRandom random = new SecureRandom();

  private VerticalClient(Builder b) {
    this.channel = b.channel;
    this.ownedChannel = b.ownedChannel;
    this.jobId = b.jobId;
    this.partyId = b.partyId;
    this.callTimeout = b.callTimeout;
    this.retryBudget = b.retryBudget;
    this.messageTimeout = b.messageTimeout;
    this.keyAuthentication = b.keyAuthentication;
  }

  /** A builder; {@code channel} or {@code coordinator}, {@code jobId} and {@code partyId} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Takes part as the guest (the label holder) until the job ends.
   *
   * @param table the guest's rows: ids, labels and its features (not modified)
   * @param onEpoch called after every epoch with the arbiter's result
   * @return intersection size, metrics, IV per feature, the scorecard and the guest's half
   * @throws FederationException when the coordinator refuses this party or stays unreachable,
   *     or the job fails (the message says which step)
   */
  public VerticalGuest.Outcome runAsGuest(FeatureTable table, Consumer<EpochResult> onEpoch) {
    VerticalGuest guest = new VerticalGuest(partyId, table, random, keyAuthentication);
    try (LogContext scope = LogContext.of(jobId, partyId)) {
      return guest.run(link(), onEpoch);
    } catch (VerticalJobException e) {
      throw new FederationException(partyId + " in vertical job " + jobId + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Takes part as a host (a feature holder) until the job ends.
   *
   * @param table the host's rows: ids and features, no label column (not modified)
   * @return intersection size and the host's half of the model
   * @throws FederationException when the coordinator refuses this party or stays unreachable,
   *     or the job fails (the message says which step)
   */
  public VerticalHost.Outcome runAsHost(FeatureTable table) {
    VerticalHost host = new VerticalHost(partyId, table, random, keyAuthentication);
    try (LogContext scope = LogContext.of(jobId, partyId)) {
      return host.run(link());
    } catch (VerticalJobException e) {
      throw new FederationException(partyId + " in vertical job " + jobId + ": "
          + e.getMessage(), e);
    }
  }

  private EnvelopeLink link() {
    RelayTransport transport = new RelayTransport(channel, jobId, partyId, callTimeout,
        retryBudget);
    transport.register(LibraryVersion.get());
    return new EnvelopeLink(jobId, partyId, transport, new VerticalWire(), messageTimeout);
  }

  /** Closes the channel if this client opened it (waits up to 5 s). */
  @Override
  public void close() {
    if (ownedChannel != null) {
      ownedChannel.shutdown();
      try {
        ownedChannel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Builds a {@link VerticalClient}; {@link #build()} checks the required fields. */
  public static final class Builder {
    private Channel channel;
    private ManagedChannel ownedChannel;
    private String jobId;
    private String partyId;
    private Duration callTimeout = Duration.ofSeconds(30);
    private Duration retryBudget = Duration.ofMinutes(2);
    private Duration messageTimeout = Duration.ofMinutes(30);
    private KeyAuthentication keyAuthentication = KeyAuthentication.unauthenticated();

    private Builder() {}

    /** Talks to the coordinator over this channel (the caller keeps ownership). */
    public Builder channel(Channel value) {
      this.channel = Objects.requireNonNull(value, "channel");
      return this;
    }

    /**
     * Opens (and later closes) a channel to {@code host:port} with the given security; the
     * sealed-channel keys are authenticated as the transport says (bound to certificates under
     * mutual TLS).
     */
    public Builder coordinator(String target, TransportSecurity security) {
      this.ownedChannel = security.channel(target);
      this.channel = ownedChannel;
      this.keyAuthentication = security.keyAuthentication();
      return this;
    }

    /**
     * How this party's sealed-channel key is signed and its peers' checked (set by
     * {@link #coordinator}; default with {@link #channel}: unauthenticated, logged once). Under
     * certified authentication a peer key not bound to the peer's certificate ends the job with a
     * {@link FederationException} caused by a {@link io.fedcredit.crypto.pki.KeyBindingException}.
     */
    public Builder keyAuthentication(KeyAuthentication value) {
      this.keyAuthentication = Objects.requireNonNull(value, "keyAuthentication");
      return this;
    }

    /** The vertical job's id on the coordinator. */
    public Builder jobId(String value) {
      this.jobId = Objects.requireNonNull(value, "jobId");
      return this;
    }

    /** This party's id in the job. */
    public Builder partyId(String value) {
      this.partyId = Objects.requireNonNull(value, "partyId");
      return this;
    }

    /** Deadline of each call beyond its long-poll wait (default 30 s). */
    public Builder callTimeout(Duration value) {
      this.callTimeout = Objects.requireNonNull(value, "callTimeout");
      return this;
    }

    /** How long transient failures (coordinator unreachable) are retried (default 2 min). */
    public Builder retryBudget(Duration value) {
      this.retryBudget = Objects.requireNonNull(value, "retryBudget");
      return this;
    }

    /** Longest wait for one message from another party (default 30 min). */
    public Builder messageTimeout(Duration value) {
      this.messageTimeout = Objects.requireNonNull(value, "messageTimeout");
      return this;
    }

    /**
     * The client.
     *
     * @throws IllegalStateException naming the missing field
     */
    public VerticalClient build() {
      if (channel == null) {
        throw new IllegalStateException("channel or coordinator is required");
      }
      if (jobId == null || partyId == null) {
        throw new IllegalStateException((jobId == null ? "jobId" : "partyId") + " is required");
      }
      return new VerticalClient(this);
    }
  }
}
