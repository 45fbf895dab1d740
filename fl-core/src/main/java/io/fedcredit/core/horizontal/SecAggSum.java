package io.fedcredit.core.horizontal;

import io.fedcredit.crypto.secagg.SecAggClient;
import io.fedcredit.crypto.secagg.SecAggMessages;
import io.fedcredit.crypto.secagg.SecAggServer;
import io.fedcredit.crypto.secagg.SecAggSettings;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link SecureSum} by secure aggregation (Bonawitz et al., fl-crypto's {@link SecAggClient} and
 * {@link SecAggServer}), every party's state machine in this process: each call is one round of
 * the four phases (keys, sealed shares, masked inputs, unmasking) with fresh keys, and only the
 * server's unmasked sum comes out. Counts rounds and summed values for reports. Not thread-safe.
 */
public final class SecAggSum implements SecureSum {
  private final String jobId;
  private final SecureRandom random;
  private long rounds;
  private long values;

  public SecAggSum(String jobId, SecureRandom random) {
    this.jobId = Objects.requireNonNull(jobId, "jobId");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public long[] sum(String purpose, Map<String, long[]> inputs) {
    if (inputs.size() < 2) {
      throw new IllegalArgumentException(purpose + ": secure aggregation needs at least 2 "
          + "banks, got " + inputs.size());
    }
    int length = inputs.values().iterator().next().length;
    for (Map.Entry<String, long[]> e : inputs.entrySet()) {
      if (e.getValue().length != length) {
        throw new IllegalArgumentException(purpose + ": " + e.getKey() + " sent "
            + e.getValue().length + " values, another bank " + length);
      }
    }
    SecAggSettings settings = SecAggSettings.of(jobId, rounds++);
    List<String> ids = new ArrayList<>(inputs.keySet());
    SecAggServer server = new SecAggServer(settings, ids, length);
    Map<String, SecAggClient> clients = new LinkedHashMap<>();
    for (String id : ids) {
      SecAggClient c = new SecAggClient(id, settings, random);
      clients.put(id, c);
      server.receiveKeys(c.advertise());
    }
    SecAggMessages.Roster roster = server.closeAdvertise();
    for (SecAggClient c : clients.values()) {
      server.receiveShares(c.shareKeys(roster));
    }
    Map<String, List<SecAggMessages.SealedShare>> inbox = server.closeShares();
    for (String id : ids) {
      server.receiveMaskedInput(clients.get(id).maskInput(inputs.get(id),
          inbox.getOrDefault(id, List.of())));
    }
    SecAggMessages.UnmaskRequest request = server.closeMaskedInputs();
    for (SecAggClient c : clients.values()) {
      server.receiveUnmask(c.unmask(request));
    }
    values += length;
    return server.closeUnmask();
  }

  /** Rounds run so far. */
  public long rounds() {
    return rounds;
  }

  /** Values summed so far (vector lengths added up). */
  public long values() {
    return values;
  }
}
