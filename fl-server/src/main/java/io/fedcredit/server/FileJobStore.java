package io.fedcredit.server;

import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.wire.GlobalModelFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A {@link JobStore} under a data directory: {@code jobs/<job>/global-model.pb} (replaced
 * atomically after every round) and {@code jobs/<job>/rounds.jsonl} (appended and fsynced).
 */
public final class FileJobStore implements JobStore {
  private final Path root;

  public FileJobStore(Path dataDir) throws IOException {
    this.root = dataDir.resolve("jobs");
    Files.createDirectories(root);
  }

  private Path jobDir(String jobId) {
    // job ids are validated by HorizontalJobConfig ([A-Za-z0-9._-]); refuse anything else here too
    if (!jobId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("invalid job id for a path: '" + jobId + "'");
    }
    return root.resolve(jobId);
  }

  /** The checkpoint file of a job. */
  public Path checkpointPath(String jobId) {
    return jobDir(jobId).resolve("global-model.pb");
  }

  @Override
  public void saveCheckpoint(GlobalModel model) throws IOException {
    GlobalModelFiles.write(model, checkpointPath(model.provenance().jobId()));
  }

  @Override
  public Optional<GlobalModel> loadCheckpoint(String jobId) throws IOException {
    Path p = checkpointPath(jobId);
    return Files.exists(p) ? Optional.of(GlobalModelFiles.read(p)) : Optional.empty();
  }

  @Override
  public void appendRoundLog(String jobId, String jsonLine) throws IOException {
    Path dir = jobDir(jobId);
    Files.createDirectories(dir);
    try (FileChannel ch = FileChannel.open(dir.resolve("rounds.jsonl"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap((jsonLine + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(false);
    }
  }
}
