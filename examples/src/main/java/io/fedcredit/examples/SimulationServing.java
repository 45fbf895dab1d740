package io.fedcredit.examples;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.serving.ServingExport;
import io.fedcredit.core.serving.ServingModel;
import io.fedcredit.core.serving.ServingModelFiles;
import io.fedcredit.core.transport.StartupKit;
import io.fedcredit.core.tree.BoostedTrees;
import io.fedcredit.core.vertical.VerticalGuest;
import io.fedcredit.core.vertical.VerticalHost;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exports a simulated tree model for online scoring, as each party would after a real job: a
 * throw-away federation is provisioned on loopback ({@code <out>/serving/federation}, one kit per
 * party, certificates valid for 127.0.0.1 and localhost), and each party signs its own part with
 * its kit ({@code <out>/serving/<party>.fcm}). {@code bin/fl serve} and {@code bin/fl score} then
 * serve those files ({@link #commands} prints how).
 */
final class SimulationServing {
  /** The federation of the exported files. */
  static final String FEDERATION = "simulation";

  private SimulationServing() {}

  /** Where the parties' kits are. */
  static Path kits(Path out) {
    return out.resolve("serving").resolve("federation").resolve("kits");
  }

  /**
   * A SecureBoost job's halves: the guest's trees, each host's split table.
   *
   * @return the files, the guest's first
   */
  static List<Path> secureBoost(String guest, VerticalGuest.Outcome g,
      Map<String, VerticalHost.Outcome> hosts, String jobId, Path out) throws Exception {
    Path dir = out.resolve("serving");
    ServingDemo.provision(dir.resolve("federation"), FEDERATION, guest,
        List.copyOf(hosts.keySet()));
    String modelId = jobId + "/secureboost";
    List<Path> files = new ArrayList<>();
    Path gf = dir.resolve(guest + ".fcm");
    ServingModelFiles.write(ServingExport.secureBoostBankHalf(g, guest, modelId, 1, FEDERATION),
        StartupKit.load(kits(out).resolve(guest)).credential(), gf);
    files.add(gf);
    for (Map.Entry<String, VerticalHost.Outcome> h : hosts.entrySet()) {
      Path hf = dir.resolve(h.getKey() + ".fcm");
      ServingModelFiles.write(ServingExport.secureBoostDataNodeHalf(h.getValue(), guest,
          modelId, 1, FEDERATION), StartupKit.load(kits(out).resolve(h.getKey())).credential(),
          hf);
      files.add(hf);
    }
    return files;
  }

  /**
   * A horizontal GBDT, whole, held and signed by one bank.
   *
   * @return the file
   */
  static Path wholeTrees(String bank, BoostedTrees model, String jobId, Path out,
      Map<String, Double> metrics) throws Exception {
    Path dir = out.resolve("serving");
    ServingDemo.provision(dir.resolve("federation"), FEDERATION, bank, List.of());
    Path file = dir.resolve(bank + ".fcm");
    ServingModel whole = ServingExport.wholeTrees(model, ServingExport.gbdtModelId(jobId), 1,
        bank, FEDERATION, jobId, metrics);
    ServingModelFiles.write(whole, StartupKit.load(kits(out).resolve(bank)).credential(), file);
    return file;
  }

  /**
   * The command lines that serve the exported files, with one applicant of {@code applicants}.
   *
   * @param bank the bank's party id (its file is the first of {@code files})
   * @param dataNodes each data node's party id and feature CSV, in the order of the other files
   * @param applicants rows holding the bank's features (the first is the example)
   */
  static void commands(PrintStream log, Path out, String bank, List<Path> files,
      Map<String, Path> dataNodes, FeatureTable applicants, List<String> bankFeatures) {
    log.printf(Locale.ROOT, "serving files (signed in a throw-away federation; kits in %s): %s%n",
        kits(out), files);
    StringBuilder score = new StringBuilder(String.format(Locale.ROOT,
        "  bin/fl score --kit %s --model %s", kits(out).resolve(bank), files.get(0)));
    int k = 0;
    for (Map.Entry<String, Path> d : dataNodes.entrySet()) {
      int port = 7444 + k;
      k++;
      log.printf(Locale.ROOT, "  bin/fl serve data-node --kit %s --model %s --features %s "
          + "--port %d &%n", kits(out).resolve(d.getKey()), files.get(k), d.getValue(), port);
      score.append(String.format(Locale.ROOT, " --data-node %s=127.0.0.1:%d", d.getKey(), port));
    }
    score.append(" --max-pd 0.5 --enterprise ").append(applicants.id(0));
    for (String f : bankFeatures) {
      score.append(String.format(Locale.ROOT, " --feature %s=%s", f,
          applicants.value(0, applicants.schema().indexOf(f))));
    }
    log.println(score);
  }
}
