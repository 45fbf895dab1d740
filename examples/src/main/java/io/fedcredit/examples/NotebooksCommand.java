package io.fedcredit.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/fl notebooks}: sets up the Java kernel of the example notebooks and runs them
 * headless with {@code jupyter nbconvert}, checking that each shows an inline image and no error.
 */
@Command(name = "notebooks", mixinStandardHelpOptions = true,
    description = {"Set up the notebooks' Java kernel (Jupyter from Debian's packages, the "
        + "kernel from Maven Central, the project on its classpath) and run the notebooks.",
        "Interactive use after --setup: JUPYTER_PATH=.notebooks/jupyter/share/jupyter "
            + "jupyter notebook examples/notebooks (with Debian's package jupyter-notebook)."})
final class NotebooksCommand implements Callable<Integer> {

  @Option(names = "--setup", description = "Install what is missing, then stop.")
  boolean setup;

  @Option(names = "--execute", paramLabel = "OUTDIR",
      description = "Set up, run every notebook of --dir headless and write the executed copies "
          + "here; exits 1 if a cell fails or a notebook shows no inline image.")
  Path execute;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "examples/notebooks",
      description = "The notebooks, relative to the project root (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--cell-timeout", defaultValue = "600",
      description = "Seconds one cell may run (default: ${DEFAULT-VALUE}).")
  int cellTimeout;

  @Override
  public Integer call() throws Exception {
    if (!setup && execute == null) {
      System.err.println("notebooks: say --setup or --execute OUTDIR (see --help)");
      return 2;
    }
    Path home = home();
    NotebookKernel kernel = new NotebookKernel(home, System.out);
    kernel.setUp();
    if (execute == null) {
      System.out.println("notebooks: run them with bin/fl notebooks --execute OUTDIR, or open "
          + "them with JUPYTER_PATH=" + kernel.jupyterPath() + " jupyter notebook");
      return 0;
    }
    List<Path> notebooks = notebooks(home.resolve(dir));
    Path out = execute.toAbsolutePath();
    Files.createDirectories(out);
    int failed = 0;
    long all = System.nanoTime();
    for (Path nb : notebooks) {
      String name = nb.getFileName().toString();
      long t0 = System.nanoTime();
      int exit = nbconvert(kernel, nb, out, out.resolve(name.replace(".ipynb", ".log")));
      double seconds = (System.nanoTime() - t0) / 1e9;
      Path executed = out.resolve(name);
      String verdict;
      if (exit != 0 || !Files.isRegularFile(executed)) {
        verdict = "FAILED: nbconvert exited " + exit + ", see "
            + out.resolve(name.replace(".ipynb", ".log"));
      } else {
        verdict = NotebookCheck.of(executed).verdict();
      }
      failed += verdict.startsWith("FAILED") ? 1 : 0;
      System.out.printf(Locale.ROOT, "%-40s %7.1f s  %s%n", name, seconds, verdict);
    }
    System.out.printf(Locale.ROOT, "%-40s %7.1f s  %d of %d notebooks passed; executed copies "
        + "in %s%n", "total", (System.nanoTime() - all) / 1e9, notebooks.size() - failed,
        notebooks.size(), out);
    return failed == 0 ? 0 : 1;
  }

  private int nbconvert(NotebookKernel kernel, Path notebook, Path outDir, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook",
        "--execute", notebook.toString(), "--output-dir", outDir.toString(),
        "--ExecutePreprocessor.startup_timeout=120",
        "--ExecutePreprocessor.timeout=" + cellTimeout,
        "--ExecutePreprocessor.kernel_name=" + NotebookKernel.NAME)
        .directory(notebook.getParent().toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(kernel.environment());
    return pb.start().waitFor();
  }

  private static List<Path> notebooks(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--dir " + dir + " is not a folder");
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().forEach(out::add);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--dir " + dir + " holds no .ipynb notebook");
    }
    return out;
  }

  /** The project root: {@code -Dfl.home} as bin/fl sets it, else the working folder. */
  static Path home() {
    String h = System.getProperty("fl.home");
    Path home = Path.of(h != null ? h : ".").toAbsolutePath().normalize();
    if (!Files.isRegularFile(home.resolve("mvnw"))) {
      throw new IllegalStateException(home + " is not the FedCredit project root (no mvnw): "
          + "run bin/fl notebooks from the project");
    }
    return home;
  }
}
