package io.fedcredit.core.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.data.Schema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only reader of the public FATE example files in the shared data folder (system property
 * {@code fedcredit.shared.data}). The files are plain: a header {@code id,y,x0..}, then numbers, no
 * quotes. Tests that call {@link #load} are skipped when the folder is absent. The real CSV reader
 * lives in {@code io.fedcredit.core.data}; this one only keeps the model tests independent of it.
 */
final class SharedCreditData {
  static final String GUEST = "default_credit_homo_guest.csv";
  static final String HOST_1 = "default_credit_homo_host_1.csv";
  static final String HOST_2 = "default_credit_homo_host_2.csv";
  static final String TEST = "default_credit_homo_test.csv";
  static final List<String> BANKS = List.of(GUEST, HOST_1, HOST_2);

  private static final Map<String, FeatureTable> CACHE = new ConcurrentHashMap<>();

  private SharedCreditData() {}

  /** Loads one file, or skips the calling test when the shared data folder is absent. */
  static FeatureTable load(String file) {
    String dir = System.getProperty("fedcredit.shared.data");
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
        "shared data folder not available (system property fedcredit.shared.data = " + dir + ")");
    Path path = Path.of(dir, file);
    assumeTrue(Files.isRegularFile(path), "missing shared data file " + path);
    return CACHE.computeIfAbsent(file, f -> read(path));
  }

  /** The three banks' tables pooled. */
  static FeatureTable pooledBanks() {
    List<FeatureTable> tables = new ArrayList<>();
    for (String bank : BANKS) {
      tables.add(load(bank));
    }
    return FeatureTable.concat(tables);
  }

  private static FeatureTable read(Path path) {
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String[] header = in.readLine().split(",");
      if (!header[0].equals("id") || !header[1].equals("y")) {
        throw new IllegalStateException(path + ": expected header id,y,..., got "
            + String.join(",", header));
      }
      List<String> features = Arrays.asList(header).subList(2, header.length);
      int d = features.size();
      List<String> ids = new ArrayList<>();
      List<double[]> rows = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",");
        if (cells.length != d + 2) {
          throw new IllegalStateException(path + " line " + (ids.size() + 2) + ": "
              + cells.length + " cells, expected " + (d + 2));
        }
        ids.add(cells[0]);
        double[] row = new double[d + 1];
        for (int c = 1; c < cells.length; c++) {
          row[c - 1] = Double.parseDouble(cells[c]);
        }
        rows.add(row);
      }
      double[] labels = new double[rows.size()];
      double[] values = new double[rows.size() * d];
      for (int r = 0; r < rows.size(); r++) {
        labels[r] = rows.get(r)[0];
        System.arraycopy(rows.get(r), 1, values, r * d, d);
      }
      return FeatureTable.of(Schema.labelled("id", "y", features), ids.toArray(String[]::new),
          labels, values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
