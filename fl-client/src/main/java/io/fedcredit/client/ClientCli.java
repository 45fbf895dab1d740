package io.fedcredit.client;

import io.fedcredit.core.data.CsvOptions;
import io.fedcredit.core.data.CsvTableReader;
import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.transport.TransportSecurity;
import io.fedcredit.core.wire.GlobalModelFiles;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/fl client}: joins a job with a bank's CSV table and saves the final model. The
 * command-line counterpart of {@link BankClient}. Connects over mutual TLS with the party's
 * startup kit ({@code --kit}), or over plaintext only when {@code --plaintext} says so.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = "Take part in a horizontal job with a local CSV table.")
public final class ClientCli implements Callable<Integer> {

  @Option(names = "--coordinator", paramLabel = "HOST:PORT",
      description = "The coordinator's address (default: the kit's).")
  String coordinator;

  @Option(names = "--job", required = true, description = "Job id.")
  String job;

  @Option(names = "--participant",
      description = "This party's id (default: the kit's; under mutual TLS it must be the kit's).")
  String participant;

  @Option(names = "--data", required = true, paramLabel = "FILE.csv",
      description = "Labelled training rows.")
  Path data;

  @Option(names = "--validation", paramLabel = "FILE.csv",
      description = "Labelled rows for federated evaluation (default: 20% of --data).")
  Path validation;

  @Option(names = "--id-column", defaultValue = "id", description = "Id column (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(names = "--label-column", defaultValue = "y", description = "Label column (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Option(names = "--output", paramLabel = "FILE", defaultValue = "global-model.pb",
      description = "Where to save the final global model (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--kit", paramLabel = "DIR",
      description = "This party's startup kit (from fl-server provision): connect over mutual "
          + "TLS.")
  Path kit;

  @Option(names = "--plaintext",
      description = "Connect without TLS or a certificate instead: loopback and tests only.")
  boolean plaintext;

  @Override
  public Integer call() throws Exception {
    Optional<StartupKit> k = StartupKit.chosen(kit, plaintext, "connect");
    if (k.isPresent()) {
      String certified = k.get().identity().partyId();
      if (participant != null && !participant.equals(certified)) {
        throw new FedCreditException("--participant " + participant + " disagrees with the kit, "
            + "which certifies " + k.get().identity() + ": drop --participant or use that "
            + "party's kit");
      }
      participant = certified;
      coordinator = coordinator != null ? coordinator : k.get().coordinator();
    }
    if (coordinator == null || participant == null) {
      throw new FedCreditException("--plaintext needs --coordinator HOST:PORT and "
          + "--participant ID (a kit supplies both)");
    }
    CsvTableReader reader =
        new CsvTableReader(CsvOptions.labelled(labelColumn).withIdColumn(idColumn));
    FeatureTable train = reader.read(data);
    BankClient.Builder b = BankClient.builder()
        .coordinator(coordinator, k.isPresent() ? TransportSecurity.mutualTls(k.get())
            : TransportSecurity.plaintextForTesting())
        .jobId(job)
        .participantId(participant)
        .trainingData(train);
    if (validation != null) {
      b.validationData(reader.read(validation));
    }
    try (BankClient client = b.build()) {
      FederationResult result = client.run();
      GlobalModelFiles.write(result.model(), output);
      System.out.printf("job %s finished (%s); trained in rounds %s; model saved to %s%n", job,
          result.finishReason(), result.roundsTrained(), output);
    }
    return 0;
  }
}
