package io.fedcredit.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/fl server --config server.yaml}: every option of {@link ServerCli} as a YAML key
 * ({@code --data-dir} is {@code data_dir}); options given on the command line win. Relative
 * paths resolve against the file's folder. {@code fl-server provision} writes one into the
 * coordinator's startup kit:
 *
 * <pre>
 * kit: .                       # this folder: mutual TLS with the coordinator's certificate
 * host: 0.0.0.0
 * port: 7443
 * data_dir: /var/lib/fedcredit # checkpoints and round logs
 * job: [/etc/fedcredit/sme-credit-2026.yaml]
 * metrics_port: 9464           # /metrics, /healthz, /readyz
 * log_format: json
 * </pre>
 *
 * Public fields for strict YAML binding; null means "not set".
 */
public final class ServerConfig {
  public List<Path> job;
  public String host;
  public Integer port;
  @JsonProperty("data_dir")
  public Path dataDir;
  public Path kit;
  public Boolean plaintext;
  @JsonProperty("metrics_port")
  public Integer metricsPort;
  @JsonProperty("log_format")
  public String logFormat;
}
