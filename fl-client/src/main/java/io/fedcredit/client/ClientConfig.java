package io.fedcredit.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * {@code bin/fl client --config client.yaml}: every option of {@link ClientCli} as a YAML key
 * ({@code --id-column} is {@code id_column}); options given on the command line win. Relative
 * paths resolve against the file's folder. {@code fl-server provision} writes one into every
 * bank's and data node's startup kit:
 *
 * <pre>
 * kit: .                      # this folder: mutual TLS with its certificate
 * job: sme-credit-2026        # the job id the coordinator serves
 * data: /srv/bank/loans.csv   # labelled training rows (CSV)
 * # validation: holdout.csv   # default: 20% of data
 * # id_column: id
 * # label_column: y
 * # output: global-model.pb
 * # serving_output: gbdt.fcm  # gbdt jobs: a signed serving file too (needs the kit)
 * log_format: text            # or json: one JSON object per line
 * </pre>
 *
 * Unknown keys, wrong types and missing files are refused with the file, the line and the field.
 * Public fields for strict YAML binding; null means "not set".
 */
public final class ClientConfig {
  public String coordinator;
  public String job;
  public String participant;
  public Path data;
  public Path validation;
  @JsonProperty("id_column")
  public String idColumn;
  @JsonProperty("label_column")
  public String labelColumn;
  public Path output;
  @JsonProperty("serving_output")
  public Path servingOutput;
  public Path kit;
  public Boolean plaintext;
  @JsonProperty("log_format")
  public String logFormat;
}
