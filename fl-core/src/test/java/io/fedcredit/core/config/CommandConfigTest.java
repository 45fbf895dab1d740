package io.fedcredit.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fedcredit.core.FedCreditException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options from a YAML file under the command line: precedence, paths and every error class. */
class CommandConfigTest {
  @TempDir
  Path dir;

  @Command(name = "tool", mixinStandardHelpOptions = true)
  static final class Tool implements Runnable {
    @Option(names = "--config")
    Path config;

    @Option(names = "--job")
    String job;

    @Option(names = "--data-dir", defaultValue = "fl-data")
    Path dataDir;

    @Option(names = "--port")
    Integer port;

    @Option(names = "--plaintext")
    boolean plaintext;

    @Option(names = "--input")
    List<Path> inputs;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {}
  }

  /** The YAML side of {@link Tool}. */
  public static final class ToolConfig {
    public String job;
    @JsonProperty("data_dir")
    public Path dataDir;
    public Integer port;
    public Boolean plaintext;
    public List<Path> input;
  }

  /** Missing {@code --input}. */
  public static final class IncompleteConfig {
    public String job;
    @JsonProperty("data_dir")
    public Path dataDir;
    public Integer port;
    public Boolean plaintext;
  }

  private Path yaml(String text) throws Exception {
    Path f = dir.resolve("sub").resolve("tool.yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  private static Tool parse(String... args) {
    return CommandLine.populateCommand(new Tool(), args);
  }

  private static String error(Tool t, Path file) {
    return assertThrows(FedCreditException.class,
        () -> CommandConfig.apply(t.spec, file, ToolConfig.class, "tool configuration"))
        .getMessage();
  }

  @Test
  void theFileFillsWhatTheCommandLineLeftOutAndTheCommandLineWins() throws Exception {
    Path f = yaml("job: from-file\nport: 7443\nplaintext: true\ndata_dir: state\n"
        + "input: [a.csv, /abs/b.csv]\n");
    Tool t = parse("--config", f.toString(), "--job", "from-cli");
    CommandConfig cfg = CommandConfig.apply(t.spec, f, ToolConfig.class, "tool configuration");
    assertEquals("from-cli", t.job);
    assertEquals(7443, t.port);
    assertTrue(t.plaintext);
    // relative paths resolve against the file's folder, absolute ones stay
    assertEquals(f.getParent().resolve("state").toAbsolutePath(), t.dataDir);
    assertEquals(List.of(f.getParent().resolve("a.csv").toAbsolutePath(), Path.of("/abs/b.csv")),
        t.inputs);
    assertEquals("--job", cfg.where("--job"));
    assertEquals(f + ": field 'port'", cfg.where("--port"));
    assertTrue(cfg.fromFile("--data-dir"));
    assertFalse(cfg.fromFile("--job"));
  }

  @Test
  void unknownKeysAreRefusedWithTheLineAndASuggestion() throws Exception {
    String m = error(parse(), yaml("job: j\ndata_dri: x\n"));
    assertTrue(m.contains("tool.yaml line 2: unknown key 'data_dri'; did you mean 'data_dir'?"),
        m);
    assertTrue(m.contains("Known keys here: data_dir, input, job, plaintext, port"), m);
    String far = error(parse(), yaml("colour: blue\n"));
    assertTrue(far.contains("unknown key 'colour'; known keys here:"), far);
  }

  @Test
  void wrongTypesAreRefusedNamingTheFieldAndTheExpectedType() throws Exception {
    String port = error(parse(), yaml("port: seven\n"));
    assertTrue(port.contains("line 1: field 'port' has value 'seven', expected a whole number"),
        port);
    String flag = error(parse(), yaml("plaintext: maybe\n"));
    assertTrue(flag.contains("field 'plaintext'") && flag.contains("true or false"), flag);
    String list = error(parse(), yaml("input:\n  key: value\n"));
    assertTrue(list.contains("field 'input'") && list.contains("a list"), list);
  }

  @Test
  void aMissingOrEmptyFileIsRefusedByName() throws Exception {
    String missing = error(parse(), dir.resolve("nope.yaml"));
    assertTrue(missing.contains("tool configuration") && missing.contains("nope.yaml")
        && missing.contains("does not exist"), missing);
    String empty = error(parse(), yaml("# nothing\n"));
    assertTrue(empty.contains("is empty") && empty.contains("known keys"), empty);
  }

  @Test
  void requiredValuesAndFilesNameTheFieldAndTheFix() throws Exception {
    Path f = yaml("input: [no-such.csv]\n");
    Tool t = parse();
    CommandConfig cfg = CommandConfig.apply(t.spec, f, ToolConfig.class, "tool configuration");
    String job = assertThrows(FedCreditException.class,
        () -> cfg.require(t.job != null, "--job", "j1")).getMessage();
    assertEquals("missing --job: pass --job j1 or set 'job: j1' in " + f, job);
    String file = assertThrows(FedCreditException.class,
        () -> cfg.existingFile(t.inputs.get(0), "--input", "rows")).getMessage();
    assertTrue(file.startsWith(f + ": field 'input' names ") && file.contains("no-such.csv")
        && file.contains("relative paths resolve against the folder of tool.yaml"), file);
  }

  @Test
  void aSchemaThatMissesAnOptionIsAProgrammingError() {
    Tool t = parse();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CommandConfig.apply(t.spec, null, IncompleteConfig.class, "x"));
    assertTrue(e.getMessage().contains("input"), e.getMessage());
    CommandConfig.apply(t.spec, null, ToolConfig.class, "x"); // complete: fine
  }

  @Test
  void suggestionsAreCloseOnesOnly() {
    List<String> keys = List.of("data", "job", "label_column", "validation");
    assertEquals(Optional.of("data"), StrictYaml.closest("datta", keys));
    assertEquals(Optional.of("label_column"), StrictYaml.closest("lable_column", keys));
    assertEquals(Optional.of("job"), StrictYaml.closest("JOB", keys));
    assertEquals(Optional.empty(), StrictYaml.closest("coordinator", keys));
    assertEquals(1, StrictYaml.editDistance("ab", "ba"));
  }
}
