package io.fedcredit.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link FeatureSource} reading a CSV file with {@link CsvTableReader}. The file is read on
 * each call, so a changed file is picked up. Immutable.
 */
public final class CsvFeatureSource implements FeatureSource {
  private final Path file;
  private final CsvTableReader reader;

  /** A source for {@code file}, mapped onto columns by {@code options}. */
  public CsvFeatureSource(Path file, CsvOptions options) {
    this.file = Objects.requireNonNull(file, "file");
    this.reader = new CsvTableReader(options);
  }

  /** The file this source reads. */
  public Path file() {
    return file;
  }

  /**
   * {@inheritDoc}
   *
   * @throws DataFormatException when the header does not fit the options
   * @throws UncheckedIOException when the file cannot be read
   */
  @Override
  public Schema schema() {
    try {
      return reader.readSchema(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the header of " + file + ": " + e, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws DataFormatException when the content does not form a valid table
   * @throws UncheckedIOException when the file cannot be read
   */
  @Override
  public FeatureTable load() {
    try {
      return reader.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e, e);
    }
  }

  @Override
  public String describe() {
    return "csv:" + file;
  }

  @Override
  public String toString() {
    return "CsvFeatureSource[" + file + "]";
  }
}
