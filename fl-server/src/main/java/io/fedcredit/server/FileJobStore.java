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
 * atomically after every round), {@code jobs/<job>/strategy-<round>.state} (the strategy's state
 * after that round, written atomically just before the model; older ones are deleted once the
 * model is in place) and {@code jobs/<job>/rounds.jsonl} (appended and fsynced).
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
    String jobId = model.provenance().jobId();
    GlobalModelFiles.write(model, checkpointPath(jobId));
    pruneStrategyStates(jobId, model.round());
  }

  @Override
  public void saveStrategyState(String jobId, long round, byte[] snapshot) throws IOException {
    Path dir = jobDir(jobId);
    Files.createDirectories(dir);
    GlobalModelFiles.writeAtomically(snapshot, strategyStatePath(jobId, round));
  }

  @Override
  public Optional<byte[]> loadStrategyState(String jobId, long round) throws IOException {
    Path p = strategyStatePath(jobId, round);
    return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }

  private Path strategyStatePath(String jobId, long round) {
    return jobDir(jobId).resolve("strategy-" + round + ".state");
  }

  /** Deletes the strategy states of rounds other than the checkpointed one. */
  private void pruneStrategyStates(String jobId, long keep) throws IOException {
    Path dir = jobDir(jobId);
    String kept = strategyStatePath(jobId, keep).getFileName().toString();
    try (var files = Files.newDirectoryStream(dir, "strategy-*.state")) {
      for (Path f : files) {
        if (!f.getFileName().toString().equals(kept)) {
          Files.deleteIfExists(f);
        }
      }
    }
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

  @Override
  public boolean hasHistory(String jobId) {
    return Files.exists(checkpointPath(jobId))
        || Files.exists(jobDir(jobId).resolve("rounds.jsonl"));
  }
}
