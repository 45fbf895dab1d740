package io.fedcredit.server.provision;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.config.StrictYaml;
import io.fedcredit.crypto.pki.PartyIdentity;
import io.fedcredit.crypto.pki.PartyRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A federation as its operator describes it for {@code fl-server provision}. Unknown keys, wrong
 * types and missing or invalid values are refused with a message naming the file, the field and
 * the fix.
 *
 * <pre>
 * federation: city-credit
 * coordinator: fl.city-credit.example:7443   # the address every party dials
 * validity_days: 365                         # party certificates
 * ca_validity_days: 3650                     # the CA (default: 10 years)
 * parties:
 *   - {id: coordinator, role: coordinator, server_names: [localhost, 127.0.0.1]}
 *   - {id: bank-a, role: bank}
 *   - {id: platform, role: data-node}
 * </pre>
 *
 * <p>Exactly one party has the coordinator role; its certificate names the coordinator's host
 * (and any {@code server_names}) so that clients can verify they dialled the right server.
 */
public final class FederationProject {
  public String federation;
  public String coordinator;
  @JsonProperty("validity_days")
  public Integer validityDays = 365;
  @JsonProperty("ca_validity_days")
  public Integer caValidityDays = 3650;
  public List<Party> parties;

  /** One party. */
  public static final class Party {
    public String id;
    public String role;
    @JsonProperty("server_names")
    public List<String> serverNames = new ArrayList<>();
  }

  private static final String EMPTY_HINT = "a project needs federation, coordinator and parties";
  private static final String HOST = "(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*";

  /**
   * Reads and validates a project file.
   *
   * @throws FedCreditException naming the file, the field and the fix
   */
  public static FederationProject load(Path file) {
    FederationProject p = StrictYaml.read(file, FederationProject.class, "project file",
        EMPTY_HINT);
    p.validate(file.toString());
    return p;
  }

  /** Parses and validates YAML text; {@code source} names it in messages. */
  public static FederationProject parse(String yaml, String source) {
    FederationProject p = StrictYaml.parse(yaml, source, FederationProject.class, EMPTY_HINT);
    p.validate(source);
    return p;
  }

  private void validate(String src) {
    StrictYaml.require(federation != null, src, "federation",
        "is missing: name the federation, e.g. 'federation: city-credit'");
    StrictYaml.require(PartyIdentity.isValidName(federation), src, "federation", "'" + federation
        + "' must be 1-64 letters, digits, '.', '_' or '-'");
    StrictYaml.require(coordinator != null, src, "coordinator", "is missing: the address every "
        + "party dials, e.g. 'coordinator: fl.example.org:7443'");
    StrictYaml.require(coordinator.matches("[^\\s:]+:\\d{1,5}") && coordinatorPort() >= 1
        && coordinatorPort() <= 65535 && validServerName(coordinatorHost()), src, "coordinator",
        "'" + coordinator + "' is not HOST:PORT with a host name or IPv4 address and a port "
            + "1-65535, e.g. 'fl.example.org:7443'");
    StrictYaml.require(validityDays != null && validityDays >= 1 && validityDays <= 3650, src,
        "validity_days", "must be a whole number of days from 1 to 3650, got " + validityDays);
    StrictYaml.require(caValidityDays != null && caValidityDays >= validityDays
        && caValidityDays <= 36500, src, "ca_validity_days", "must be at least validity_days ("
            + validityDays + ") and at most 36500, got " + caValidityDays);
    StrictYaml.require(parties != null && !parties.isEmpty(), src, "parties",
        "is missing: list the parties, e.g. '- {id: bank-a, role: bank}'");
    Set<String> ids = new HashSet<>();
    int coordinators = 0;
    for (int i = 0; i < parties.size(); i++) {
      Party p = parties.get(i);
      String at = "parties[" + i + "]";
      StrictYaml.require(p != null, src, at, "is empty: give it an id and a role");
      StrictYaml.require(p.id != null, src, at + ".id", "is missing: the party's id, e.g. "
          + "'bank-a'");
      StrictYaml.require(PartyIdentity.isValidName(p.id), src, at + ".id", "'" + p.id
          + "' must be 1-64 letters, digits, '.', '_' or '-'");
      StrictYaml.require(ids.add(p.id), src, at + ".id", "'" + p.id + "' is listed twice");
      PartyRole role;
      try {
        role = PartyRole.parse(p.role);
      } catch (IllegalArgumentException e) {
        throw new FedCreditException(src + ": field '" + at + ".role' " + e.getMessage());
      }
      if (role == PartyRole.COORDINATOR) {
        coordinators++;
      }
      StrictYaml.require(p.serverNames != null, src, at + ".server_names", "is empty: leave it "
          + "out or list host names");
      for (String n : p.serverNames) {
        StrictYaml.require(validServerName(n), src, at + ".server_names", "'" + n
            + "' is not a host name or IPv4 address");
      }
    }
    StrictYaml.require(coordinators == 1, src, "parties", "must have exactly one party with "
        + "'role: coordinator', has " + coordinators);
  }

  private static boolean validServerName(String n) {
    return n != null && n.matches(HOST);
  }

  /** The coordinator's host name or address. */
  public String coordinatorHost() {
    return coordinator.substring(0, coordinator.lastIndexOf(':'));
  }

  /** The coordinator's port. */
  public int coordinatorPort() {
    return Integer.parseInt(coordinator.substring(coordinator.lastIndexOf(':') + 1));
  }

  /** The identity of every party, in file order. */
  public List<PartyIdentity> identities() {
    return parties.stream().map(p -> new PartyIdentity(federation, p.id, PartyRole.parse(p.role)))
        .toList();
  }

  /** The party with that id, or null. */
  Party party(String id) {
    return parties.stream().filter(p -> p.id.equals(id)).findFirst().orElse(null);
  }
}
