package io.fedcredit.client;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.config.CommandConfig;
import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.logging.LogFormat;
import io.fedcredit.core.logging.LogFormatOption;
import io.fedcredit.core.model.FederatedModel.TrainingResult;
import io.fedcredit.core.serving.ServingExport;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.wire.GlobalModelFiles;
import io.fedcredit.core.wire.HorizontalBoostWire;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/fl client}: joins a job with a bank's CSV table and saves the final model. The
 * command-line counterpart of {@link BankClient}. Connects over mutual TLS with the party's
 * startup kit ({@code --kit}), or over plaintext only when {@code --plaintext} says so. Every
 * option can also come from a YAML file ({@code --config}, see {@link ClientConfig}); the command
 * line wins. {@code --log-format json} writes one JSON object per log line with the job, round and
 * party; on an interactive terminal (and not in JSON) a progress bar follows the rounds and the
 * local epochs.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = "Take part in a horizontal job with a local CSV table.")
public final class ClientCli implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE.yaml",
      description = "Read options from this YAML file (keys are the long options without '--', "
          + "with '_' for '-'; a startup kit has a client.yaml); command-line options win.")
  Path config;

  @Option(names = "--coordinator", paramLabel = "HOST:PORT",
      description = "The coordinator's address (default: the kit's).")
  String coordinator;

  @Option(names = "--job", description = "Job id (required, here or in --config).")
  String job;

  @Option(names = "--participant",
      description = "This party's id (default: the kit's; under mutual TLS it must be the kit's).")
  String participant;

  @Option(names = "--data", paramLabel = "FILE.csv",
      description = "Labelled training rows (required, here or in --config).")
  Path data;

  @Option(names = "--validation", paramLabel = "FILE.csv",
      description = "Labelled rows for federated evaluation (default: 20% of --data).")
  Path validation;

  @Option(names = "--id-column", defaultValue = "id", description = "Id column (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(names = "--label-column", defaultValue = "y", description = "Label column (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Option(names = "--output", paramLabel = "FILE", defaultValue = "global-model.pb",
      description = "Where to save the final global model (default: ${DEFAULT-VALUE}); after a "
          + "boosting job (model gbdt), its trees as a BoostedTreesFile.")
  Path output;

  @Option(names = "--serving-output", paramLabel = "FILE.fcm",
      description = "After a boosting job (model gbdt), also write the trees as a signed serving "
          + "file for bin/fl serve bank and CreditScorer (whole model, kind TREES, model id "
          + "JOB/gbdt, version 1), signed with the kit's key: needs --kit.")
  Path servingOutput;

  @Option(names = "--kit", paramLabel = "DIR",
      description = "This party's startup kit (from fl-server provision): connect over mutual "
          + "TLS.")
  Path kit;

  @Option(names = "--plaintext",
      description = "Connect without TLS or a certificate instead: loopback and tests only.")
  boolean plaintext;

  @Mixin
  LogFormatOption logging;

  @Spec
  CommandSpec spec;

  /**
   * What {@link #resolve()} settled on: the options after the config file, checked.
   *
   * @param config where each option came from
   * @param logFormat the console log format now in force
   * @param kit the startup kit (empty under plaintext)
   * @param coordinator the coordinator's address
   * @param participant this party's id
   */
  public record Settings(CommandConfig config, LogFormat logFormat, Optional<StartupKit> kit,
      String coordinator, String participant) {}

  /**
   * Reads {@code --config} (options given on the command line win), applies the log format and
   * checks every option and file, including the startup kit, without connecting.
   *
   * @throws FedCreditException naming the option or config field at fault and the fix
   */
  public Settings resolve() {
    CommandConfig cfg = CommandConfig.apply(spec, config, ClientConfig.class,
        "client configuration");
    LogFormat format = logging.apply(cfg);
    cfg.require(job != null && !job.isBlank(), "--job", "sme-credit-2026");
    cfg.require(data != null, "--data", "loans.csv");
    cfg.existingFile(data, "--data", "the bank's labelled training rows (CSV)");
    cfg.existingFile(validation, "--validation", "labelled rows for evaluation (CSV)");
    Optional<StartupKit> k = StartupKit.chosen(kit, plaintext, "connect", cfg.where("--kit"));
    String party = participant;
    String target = coordinator;
    if (k.isPresent()) {
      String certified = k.get().identity().partyId();
      if (party != null && !party.equals(certified)) {
        throw new FedCreditException(cfg.where("--participant") + " is " + party
            + ", but the kit certifies " + k.get().identity() + ": drop it or use that "
            + "party's kit");
      }
      party = certified;
      target = target != null ? target : k.get().coordinator();
    }
    if (servingOutput != null && k.isEmpty()) {
      throw new FedCreditException(cfg.where("--serving-output") + " needs a startup kit: a "
          + "served model must be signed with the party's key; give --kit DIR (mutual TLS) or "
          + "drop --serving-output");
    }
    if (target == null || party == null) {
      throw new FedCreditException("--plaintext needs --coordinator HOST:PORT and "
          + "--participant ID (a kit supplies both)");
    }
    return new Settings(cfg, format, k, target, party);
  }

  @Override
  public Integer call() throws Exception {
    Settings s = resolve();
    CsvTableReader reader =
        new CsvTableReader(CsvOptions.labelled(labelColumn).withIdColumn(idColumn));
    FeatureTable train = reader.read(data);
    try (ConsoleProgress progress = ConsoleProgress.start("job " + job, 1,
        s.logFormat() == LogFormat.JSON)) {
      if (progress.isDrawn()) {
        s.logFormat().apply(true); // log lines replace the bar, which redraws below them
      }
      BankClient.Builder b = BankClient.builder()
          .coordinator(s.coordinator(), s.kit().isPresent()
              ? TransportSecurity.mutualTls(s.kit().get())
              : TransportSecurity.plaintextForTesting())
          .jobId(job)
          .participantId(s.participant())
          .trainingData(train)
          .listener(progressListener(progress));
      if (validation != null) {
        b.validationData(reader.read(validation));
      }
      try (BankClient client = b.build()) {
        FederationResult result = client.run();
        if (result.boostedTrees() != null) {
          HorizontalBoostWire.write(result.boostedTrees(), job, output);
          if (servingOutput != null) {
            writeServingFile(result.boostedTrees(), job, s.kit().orElseThrow(), servingOutput);
          }
          progress.close();
          System.out.printf("job %s finished (%s); %d boosted trees, %d secure sums; model "
              + "saved to %s (a BoostedTreesFile)%s%n", job, result.finishReason(),
              result.boostedTrees().trees().size(), result.roundsTrained().size(), output,
              servingOutput == null ? "" : "; serving file (signed, model id " + job
                  + "/gbdt version 1) saved to " + servingOutput);
          return 0;
        }
        GlobalModelFiles.write(result.model(), output);
        progress.close();
        System.out.printf("job %s finished (%s); trained in rounds %s; model saved to %s%n", job,
            result.finishReason(), result.roundsTrained(), output);
        if (servingOutput != null) {
          throw new FedCreditException("--serving-output: job " + job + " trained a linear "
              + "model; bin/fl client writes serving files for boosting jobs (model gbdt) only. "
              + "The model is saved to " + output + "; export it with ServingExport.whole");
        }
      }
    }
    return 0;
  }

  /**
   * Writes a boosting job's trees as a signed serving file: the whole model (kind TREES), held by
   * the kit's party, model id {@code <job>/gbdt}, version 1 (a new training is a new job, hence a
   * new model id), in the kit's federation, signed with the kit's key.
   *
   * @param trees the job's trees
   * @param jobId the job id
   * @param kit this party's startup kit
   * @param file where to write
   * @throws IOException when the file cannot be written
   */
  public static void writeServingFile(BoostedTrees trees, String jobId, StartupKit kit,
      Path file) throws IOException {
    ServingModelFiles.write(ServingExport.wholeTrees(trees, ServingExport.gbdtModelId(jobId), 1,
        kit.identity().partyId(), kit.identity().federation(), jobId,
        Map.of("trees", (double) trees.trees().size())), kit.credential(), file);
  }

  /** Moves the bar over the job's rounds, showing the round and epoch in training. */
  static ClientListener progressListener(ConsoleProgress progress) {
    return new ClientListener() {
      @Override
      public void onJoined(String jobId, int totalRounds) {
        progress.max(totalRounds);
        progress.message("waiting for round 1");
      }

      @Override
      public void onEpoch(long round, int epoch, int epochs) {
        progress.message("round " + round + ": local epoch " + epoch + "/" + epochs);
      }

      @Override
      public void onTrained(long round, TrainingResult result, long millis) {
        progress.stepTo(round, "round " + round + ": trained, aggregating");
      }

      @Override
      public void onBoostStep(long round, int trees, int totalTrees) {
        progress.stepTo(trees, "secure sum " + round + ": " + trees + "/" + totalTrees
            + " trees");
      }

      @Override
      public void onEvaluated(long round, double auc, long rows) {
        progress.message(String.format(java.util.Locale.ROOT, "round %d: local AUC %.4f", round,
            auc));
      }
    };
  }
}
