package io.fedcredit.crypto.pki;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a party is in the federation; carried in its certificate. */
public enum PartyRole {
  /** Runs {@code fl-server}: aggregator in horizontal jobs, arbiter in vertical ones. */
  COORDINATOR("coordinator"),
  /** A bank: participant in horizontal jobs, guest (label holder) in vertical ones. */
  BANK("bank"),
  /** The platform's data node: host (feature holder) in vertical jobs. */
  DATA_NODE("data-node");

  private final String wireName;

  PartyRole(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in certificates, YAML files and messages: {@code coordinator}, {@code bank}, {@code data-node}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The role named {@code name} ({@code data_node} is accepted for {@code data-node}).
   *
   * @throws IllegalArgumentException naming the known roles when there is no such role
   */
  public static PartyRole parse(String name) {
    if (name != null) {
      String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      for (PartyRole r : values()) {
        if (r.wireName.equals(n)) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException("role '" + name + "' is not one of "
        + Arrays.stream(values()).map(PartyRole::wireName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
