package io.fedcredit.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Java kernel of the example notebooks, installed into the project: Jupyter from Debian's
 * packages when it is missing, and a kernelspec under {@code .notebooks/jupyter} that starts
 * rapaio-jupyter-kernel (fetched from Maven Central by the {@code notebook-kernel} module's build)
 * through the project's {@code KernelLauncher}, with the project's jars on {@code RJK_CLASSPATH}.
 * Every step is skipped when already done, so setting up again takes well under a second.
 */
final class NotebookKernel {
  /** The kernel's name in kernelspecs and in the notebooks' metadata. */
  static final String NAME = "fedcredit-java";
  /** Debian packages that bring {@code jupyter nbconvert} and {@code jupyter kernelspec}. */
  static final List<String> DEBIAN_PACKAGES = List.of("jupyter-nbconvert", "jupyter-client");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;
  private final PrintStream log;

  /**
   * @param home the project's root folder (the one with {@code mvnw})
   * @param log where to say what was done
   */
  NotebookKernel(Path home, PrintStream log) {
    this.home = home.toAbsolutePath().normalize();
    this.log = log;
  }

  /** The folder to pass as {@code JUPYTER_PATH}. */
  Path jupyterPath() {
    return home.resolve(".notebooks/jupyter/share/jupyter");
  }

  /** The environment under which Jupyter finds the kernel. */
  Map<String, String> environment() {
    return Map.of("JUPYTER_PATH", jupyterPath().toString());
  }

  /**
   * Installs what is missing and (re)writes the kernelspec when it changed.
   *
   * @throws IllegalStateException naming what is missing and how to get it
   */
  void setUp() throws IOException, InterruptedException {
    if (!jupyterWorks()) {
      installJupyter();
    }
    Path launcher = home.resolve("notebook-kernel/target/fl-notebook-kernel.jar");
    Path kernel = home.resolve("notebook-kernel/target/kernel/rapaio-jupyter-kernel.jar");
    Path examplesJar = ownJar();
    Path classpathFile = home.resolve("examples/target/classpath.txt");
    for (Path p : List.of(launcher, kernel, examplesJar, classpathFile)) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(p + " is missing: build the project first "
            + "(bin/fl builds it on first use, or ./mvnw -B -DskipTests package)");
      }
    }
    Path spec = jupyterPath().resolve("kernels").resolve(NAME);
    Files.createDirectories(spec);
    boolean changed = copyIfChanged(launcher, spec.resolve("fl-notebook-kernel.jar"));
    changed |= copyIfChanged(kernel, spec.resolve("rapaio-jupyter-kernel.jar"));
    String json = kernelJson(examplesJar, Files.readString(classpathFile).trim());
    Path kernelJson = spec.resolve("kernel.json");
    if (!Files.isRegularFile(kernelJson) || !Files.readString(kernelJson).equals(json)) {
      Files.writeString(kernelJson, json);
      changed = true;
    }
    log.println(changed ? "notebooks: kernel " + NAME + " installed in " + spec
        : "notebooks: kernel " + NAME + " up to date in " + spec);
  }

  /** The jar (or classes folder) this class was loaded from: the project's examples. */
  private static Path ownJar() {
    try {
      return Path.of(NotebookKernel.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The kernelspec: Jupyter starts the launcher ahead of the kernel jar (both beside the spec, as
   * {@code {resource_dir}}), with the project's jar and its dependencies on the notebooks'
   * classpath and the project's logs at warnings.
   */
  String kernelJson(Path examplesJar, String dependencyClasspath) {
    List<String> cp = new ArrayList<>();
    cp.add(examplesJar.toString());
    for (String entry : dependencyClasspath.split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        cp.add(entry);
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> argv = List.of(java, "-Xmx4g", "-Djava.awt.headless=true",
        "-Dorg.bytedeco.javacpp.maxbytes=4G", "-cp",
        "{resource_dir}/fl-notebook-kernel.jar:{resource_dir}/rapaio-jupyter-kernel.jar",
        "io.fedcredit.notebook.KernelLauncher", "{connection_file}");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RJK_CLASSPATH", String.join(";", cp));  // the kernel splits it on ';'
    env.put("FL_LOG_LEVEL", "ERROR");  // not the in-process transport's plaintext warnings
    env.put("OMP_NUM_THREADS", "1");
    ObjectNode spec = JSON.createObjectNode();
    argv.forEach(spec.putArray("argv")::add);
    spec.put("display_name", "Java (FedCredit)");
    spec.put("language", "java");
    spec.put("interrupt_mode", "message");
    env.forEach(spec.putObject("env")::put);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean copyIfChanged(Path from, Path to) throws IOException {
    if (Files.isRegularFile(to) && Files.size(to) == Files.size(from)
        && Files.getLastModifiedTime(to).compareTo(Files.getLastModifiedTime(from)) >= 0) {
      return false;
    }
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    return true;
  }

  private boolean jupyterWorks() throws InterruptedException {
    return run(List.of("jupyter", "nbconvert", "--version"), false) == 0
        && run(List.of("jupyter", "kernelspec", "--version"), false) == 0;
  }

  private void installJupyter() throws IOException, InterruptedException {
    List<String> apt = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      apt.add("sudo");
    }
    apt.add("apt-get");
    log.println("notebooks: installing " + String.join(" ", DEBIAN_PACKAGES)
        + " from Debian's packages");
    List<String> update = new ArrayList<>(apt);
    update.addAll(List.of("update", "-q"));
    List<String> install = new ArrayList<>(apt);
    install.addAll(List.of("install", "-y", "-q", "--no-install-recommends"));
    install.addAll(DEBIAN_PACKAGES);
    if (run(update, true) != 0 || run(install, true) != 0 || !jupyterWorks()) {
      throw new IllegalStateException("could not install Jupyter: run "
          + String.join(" ", install) + " and try again");
    }
  }

  /** Runs a command; -1 when it cannot be started. */
  private int run(List<String> command, boolean show) throws InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    if (show) {
      pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    try {
      Process p = pb.start();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    }
  }
}
