package io.fedcredit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example notebooks' structure and the checker {@code bin/fl notebooks --execute} applies to
 * executed copies. Executing them needs Jupyter and takes minutes: {@code .ci/run} does it.
 */
class NotebooksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<Path> notebooks() throws Exception {
    try (Stream<Path> s = Files.list(Path.of("notebooks"))) {
      return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  @Test
  void everyNotebookIsATellingStoryForTheProjectsKernel() throws Exception {
    List<Path> notebooks = notebooks();
    assertTrue(notebooks.size() >= 4, "notebooks: " + notebooks);
    for (Path nb : notebooks) {
      JsonNode root = JSON.readTree(nb.toFile());
      assertEquals(4, root.path("nbformat").asInt(), nb + ": nbformat");
      assertEquals(NotebookKernel.NAME, root.path("metadata").path("kernelspec").path("name")
          .asText(), nb + ": kernel");
      int markdown = 0;
      int code = 0;
      boolean chart = false;
      for (JsonNode cell : root.path("cells")) {
        String source = String.join("", JSON.convertValue(cell.path("source"), String[].class));
        if (cell.path("cell_type").asText().equals("markdown")) {
          markdown++;
        } else {
          code++;
          assertEquals(0, cell.path("outputs").size(), nb + ": commit notebooks without outputs");
          chart |= source.contains("Charts.image(");
        }
      }
      assertTrue(markdown >= code / 2, nb + ": " + markdown + " prose cells for " + code
          + " code cells");
      assertTrue(chart, nb + " draws no chart inline");
    }
  }

  private static Path notebook(Path dir, String outputs) throws Exception {
    return Files.writeString(dir.resolve("nb.ipynb"), "{\"nbformat\": 4, \"cells\": ["
        + "{\"cell_type\": \"markdown\", \"source\": [\"# t\"]},"
        + "{\"cell_type\": \"code\", \"source\": [\"x\"], \"outputs\": [" + outputs + "]}]}");
  }

  @Test
  void aNotebookWithAnImageAndNoErrorPasses(@TempDir Path dir) throws Exception {
    NotebookCheck c = NotebookCheck.of(notebook(dir,
        "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": [\"auc 0.7\\n\"]},"
            + "{\"output_type\": \"execute_result\", \"data\": {\"image/png\": \"iVBO\"}},"
            + "{\"output_type\": \"display_data\", \"data\": {\"image/png\": \"iVBO\"}}"));
    assertEquals(2, c.images());
    assertTrue(c.passed(), c.verdict());
    assertEquals("ok, 2 images", c.verdict());
  }

  @Test
  void anErrorOutputStderrOrNoImageFailsNamingTheCell(@TempDir Path dir) throws Exception {
    NotebookCheck error = NotebookCheck.of(notebook(dir,
        "{\"output_type\": \"display_data\", \"data\": {\"image/png\": \"iVBO\"}},"
            + "{\"output_type\": \"error\", \"ename\": \"CompilationException\", "
            + "\"evalue\": \"cannot find symbol\\nmore\", \"traceback\": []}"));
    assertFalse(error.passed());
    assertEquals("FAILED: cell 2: CompilationException: cannot find symbol", error.verdict());

    NotebookCheck stderr = NotebookCheck.of(notebook(dir,
        "{\"output_type\": \"display_data\", \"data\": {\"image/png\": \"iVBO\"}},"
            + "{\"output_type\": \"stream\", \"name\": \"stderr\", \"text\": \"ERROR boom\\n\"}"));
    assertEquals("FAILED: cell 2 wrote to stderr: ERROR boom", stderr.verdict());

    NotebookCheck blind = NotebookCheck.of(notebook(dir,
        "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"hi\"}"));
    assertEquals("FAILED: no inline image", blind.verdict());
  }

  @Test
  void theKernelspecStartsTheLauncherAheadOfTheKernelWithTheProjectOnTheClasspath(
      @TempDir Path dir) throws Exception {
    String json = new NotebookKernel(dir, System.out)
        .kernelJson(Path.of("/p/fl-examples.jar"), "/m/a.jar" + java.io.File.pathSeparator
            + "/m/b.jar");
    JsonNode spec = JSON.readTree(json);
    String argv = spec.path("argv").toString();
    assertTrue(argv.contains("\"{resource_dir}/fl-notebook-kernel.jar:{resource_dir}/"
        + "rapaio-jupyter-kernel.jar\",\"io.fedcredit.notebook.KernelLauncher\","
        + "\"{connection_file}\""), argv);
    assertEquals("/p/fl-examples.jar;/m/a.jar;/m/b.jar",
        spec.path("env").path("RJK_CLASSPATH").asText());
  }
}
