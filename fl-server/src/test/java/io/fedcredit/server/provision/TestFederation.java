package io.fedcredit.server.provision;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;

/** A small federation for tests: a coordinator on 127.0.0.1, three banks and a data node. */
public final class TestFederation {
  public static final String YAML = """
      federation: test-fed
      coordinator: 127.0.0.1:7443
      validity_days: 30
      parties:
        - {id: coordinator, role: coordinator, server_names: [localhost]}
        - {id: bank-a, role: bank}
        - {id: bank-b, role: bank}
        - {id: bank-c, role: bank}
        - {id: platform, role: data-node}
      """;

  private TestFederation() {}

  public static FederationProject project() {
    return FederationProject.parse(YAML, "project.yaml");
  }

  /** Provisions {@link #YAML} into {@code out} and returns {@code out/kits}. */
  public static Path provision(Path out) throws IOException {
    new Provisioner(Clock.systemUTC(), new SecureRandom()).provision(project(), out, false,
        Set.of());
    return out.resolve("kits");
  }

  public static Provisioner provisioner() {
    return new Provisioner(Clock.systemUTC(), new SecureRandom());
  }
}
