package io.fedcredit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What an executed notebook shows: how many inline images its cells output, and every output
 * that reports a failure (an {@code error} output, or text on the standard error stream).
 *
 * @param images image outputs ({@code image/png} and the like) of all cells
 * @param problems one line per failing output: cell number, then the error's name and value or
 *     the first line of the stderr text
 */
record NotebookCheck(int images, List<String> problems) {
  private static final ObjectMapper JSON = new ObjectMapper();

  NotebookCheck {
    problems = List.copyOf(problems);
  }

  /** Passes when the notebook shows at least one image and no failure. */
  boolean passed() {
    return images > 0 && problems.isEmpty();
  }

  /** A one-line verdict, e.g. {@code ok, 3 images} or {@code FAILED: no inline image}. */
  String verdict() {
    if (passed()) {
      return "ok, " + images + (images == 1 ? " image" : " images");
    }
    List<String> why = new ArrayList<>(problems);
    if (images == 0) {
      why.add(0, "no inline image");
    }
    return "FAILED: " + String.join("; ", why);
  }

  /**
   * Reads an executed notebook (nbformat 4).
   *
   * @throws IOException when the file cannot be read or is not a notebook, naming it
   */
  static NotebookCheck of(Path notebook) throws IOException {
    JsonNode root = JSON.readTree(notebook.toFile());
    JsonNode cells = root == null ? null : root.get("cells");
    if (cells == null || !cells.isArray()) {
      throw new IOException(notebook + " is not a notebook: it has no \"cells\" array");
    }
    int images = 0;
    List<String> problems = new ArrayList<>();
    for (int c = 0; c < cells.size(); c++) {
      for (JsonNode out : cells.get(c).path("outputs")) {
        String type = out.path("output_type").asText();
        if (type.equals("error")) {
          problems.add("cell " + (c + 1) + ": " + out.path("ename").asText() + ": "
              + firstLine(out.path("evalue").asText()));
        } else if (type.equals("stream") && out.path("name").asText().equals("stderr")) {
          problems.add("cell " + (c + 1) + " wrote to stderr: " + firstLine(text(out)));
        }
        for (Iterator<String> mime = out.path("data").fieldNames(); mime.hasNext(); ) {
          if (mime.next().startsWith("image/")) {
            images++;
          }
        }
      }
    }
    return new NotebookCheck(images, problems);
  }

  private static String text(JsonNode stream) {
    JsonNode t = stream.path("text");
    if (!t.isArray()) {
      return t.asText();
    }
    StringBuilder sb = new StringBuilder();
    t.forEach(line -> sb.append(line.asText()));
    return sb.toString();
  }

  private static String firstLine(String s) {
    String trimmed = s.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl);
  }
}
