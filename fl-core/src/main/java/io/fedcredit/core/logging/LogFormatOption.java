package io.fedcredit.core.logging;

import io.fedcredit.core.config.CommandConfig;
import picocli.CommandLine.Option;

/**
 * The {@code --log-format text|json} option of the FedCredit command lines, as a picocli mixin
 * ({@code @Mixin LogFormatOption logging}); {@code log_format} in their {@code --config} files.
 */
public final class LogFormatOption {
  @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
      description = "Console log format: text, or json (one object per line with the job, "
          + "round and party where known) (default: ${DEFAULT-VALUE}).")
  String logFormat;

  /**
   * Parses the option (after the config file was applied) and switches the console to it.
   *
   * @return the format now in force
   * @throws io.fedcredit.core.FedCreditException naming the option or config field
   */
  public LogFormat apply(CommandConfig config) {
    LogFormat f = LogFormat.parse(logFormat, config.where("--log-format"));
    f.apply();
    return f;
  }
}
