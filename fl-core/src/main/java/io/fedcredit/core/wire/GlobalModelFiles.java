package io.fedcredit.core.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelProvenance;
import io.fedcredit.core.model.ModelSpec;
import io.fedcredit.proto.GlobalModelFile;
import io.fedcredit.proto.Provenance;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Reads and writes a {@link GlobalModel} as a {@code GlobalModelFile} protobuf (format
 * {@value #FORMAT}, version {@value #FORMAT_VERSION}). Writes are atomic: a temporary file is
 * written and fsynced, then renamed over the target, so a crash leaves either the old file or the
 * new one, never half of one.
 */
public final class GlobalModelFiles {
  public static final String FORMAT = "fedcredit.global-model";
  public static final int FORMAT_VERSION = 1;

  private GlobalModelFiles() {}

  public static byte[] toBytes(GlobalModel model) {
    ModelProvenance p = model.provenance();
    GlobalModelFile file = GlobalModelFile.newBuilder()
        .setFormat(FORMAT)
        .setFormatVersion(FORMAT_VERSION)
        .setHeader(WireCodec.header(p.jobId(), p.round(), model.spec(), model.featureNames(),
            model.standardizer(), model.numParameters()))
        .addAllParameters(WireCodec.toList(model.parameters()))
        .setProvenance(Provenance.newBuilder()
            .setJobId(p.jobId())
            .setRound(p.round())
            .setStrategy(p.strategy())
            .setPrivacy(p.privacy())
            .addAllParticipants(p.participants())
            .setLibraryVersion(p.libraryVersion())
            .setRuntime(p.runtime())
            .setCreatedAtMs(p.createdAt().toEpochMilli()))
        .build();
    return file.toByteArray();
  }

  /**
   * @throws FedCreditException naming what is wrong when the bytes are not a valid model file
   */
  public static GlobalModel fromBytes(byte[] bytes, String source) {
    GlobalModelFile file;
    try {
      file = GlobalModelFile.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new FedCreditException(source + " is not a FedCredit model file: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(file.getFormat())) {
      throw new FedCreditException(source + " has format '" + file.getFormat() + "', expected '"
          + FORMAT + "'");
    }
    if (file.getFormatVersion() != FORMAT_VERSION) {
      throw new FedCreditException(source + " has format version " + file.getFormatVersion()
          + "; this library reads version " + FORMAT_VERSION);
    }
    try {
      ModelSpec spec = WireCodec.fromProto(file.getHeader().getModel());
      Provenance p = file.getProvenance();
      ModelProvenance prov = new ModelProvenance(p.getJobId(), p.getRound(), p.getStrategy(),
          p.getPrivacy(), p.getParticipantsList(), p.getLibraryVersion(), p.getRuntime(),
          Instant.ofEpochMilli(p.getCreatedAtMs()));
      double[] params = WireCodec.toArray(file.getParametersList());
      if (params.length != file.getHeader().getNumParameters()) {
        throw new FedCreditException(source + " holds " + params.length
            + " parameters but its header announces " + file.getHeader().getNumParameters());
      }
      return new GlobalModel(spec, file.getHeader().getFeatureNamesList(),
          WireCodec.standardizer(file.getHeader()), params, prov);
    } catch (IllegalArgumentException e) {
      throw new FedCreditException(source + ": " + e.getMessage(), e);
    }
  }

  /** Writes atomically (temp file, fsync, rename, fsync of the directory). */
  public static void write(GlobalModel model, Path target) throws IOException {
    writeAtomically(toBytes(model), target);
  }

  public static GlobalModel read(Path path) throws IOException {
    return fromBytes(Files.readAllBytes(path), path.toString());
  }

  /** Writes bytes atomically: a reader sees the old content or the new, never a mix. */
  public static void writeAtomically(byte[] bytes, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException ignored) {
        // some file systems cannot fsync a directory; the rename is still atomic
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
