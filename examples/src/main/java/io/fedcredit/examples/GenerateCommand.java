package io.fedcredit.examples;

import io.fedcredit.core.data.BankProfile;
import io.fedcredit.core.data.CsvTableWriter;
import io.fedcredit.core.data.SyntheticCreditData;
import io.fedcredit.core.data.SyntheticCreditData.BankTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/fl generate}: writes synthetic SME credit tables as CSV files. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write synthetic SME credit tables as CSV (id, y, features): one training and "
        + "one test file per bank, a pooled test file, and the vertical split (platform.csv "
        + "without labels, bank.csv and bank-test.csv with them).",
        "Without --banks: the demo's three banks (20,000 / 5,000 / 600 loans)."})
public final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--banks", paramLabel = "N",
      description = "Number of banks with Zipf-distributed sizes and skewed industry mixes.")
  Integer banks;

  @Option(names = "--rows", defaultValue = "50000",
      description = "Training rows over all banks, with --banks (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--test-rows", defaultValue = "2000",
      description = "Test rows per bank (default: ${DEFAULT-VALUE}).")
  int testRows;

  @Override
  public Integer call() throws Exception {
    List<BankProfile> profiles = banks == null ? SyntheticCreditData.demoBanks()
        : SyntheticCreditData.generateBanks(banks, rows, seed);
    SyntheticCreditData data = SyntheticCreditData.builder().seed(seed).banks(profiles)
        .testRowsPerBank(testRows).build();
    Files.createDirectories(out);
    CsvTableWriter w = new CsvTableWriter();
    SyntheticCreditData.HorizontalSplit h = data.horizontal();
    for (BankTables b : h.banks()) {
      w.write(b.train(), out.resolve(b.name() + ".csv"));
      w.write(b.test(), out.resolve(b.name() + "-test.csv"));
      System.out.printf("%s: %d training rows, %d test rows%n", b.name(), b.train().rows(),
          b.test().rows());
    }
    w.write(h.pooledTest(), out.resolve("test.csv"));
    SyntheticCreditData.VerticalSplit v = data.vertical();
    w.write(v.platform(), out.resolve("platform.csv"));
    w.write(v.bankTrain(), out.resolve("bank.csv"));
    w.write(v.bankTest(), out.resolve("bank-test.csv"));
    System.out.printf("vertical: platform %d rows, bank %d rows (%d shared), bank test %d rows%n",
        v.platform().rows(), v.bankTrain().rows(), v.trainingIntersection().size(),
        v.bankTest().rows());
    System.out.println("written to " + out);
    return 0;
  }
}
