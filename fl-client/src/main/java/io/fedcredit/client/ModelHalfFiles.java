package io.fedcredit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fedcredit.core.vertical.ModelHalf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes and reads one party's half of a vertical model as JSON (format documented in
 * {@code docs/VERTICAL.md}): {@code modelId}, {@code jobId}, {@code party}, {@code role},
 * {@code woe}, {@code scale} ({@code baseScore}, {@code baseOdds}, {@code pdo}, or null),
 * {@code constant}, and {@code features}, each with {@code name}, {@code weight} and
 * {@code bins} ({@code index}, {@code label}, {@code lower}, {@code upper}, {@code woe},
 * {@code points}; a null bound is open). Writes are atomic (temporary file, then rename).
 */
public final class ModelHalfFiles {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private ModelHalfFiles() {}

  /**
   * Writes a half to {@code file}, replacing it.
   *
   * @throws IOException when the file cannot be written
   */
  public static void write(ModelHalf half, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    JSON.writeValue(tmp.toFile(), half);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads a half written by {@link #write}.
   *
   * @throws IOException when the file cannot be read or is not a model half
   */
  public static ModelHalf read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), ModelHalf.class);
  }
}
