package io.fedcredit.core.model;

import io.fedcredit.core.FedCreditException;
import io.fedcredit.core.data.FeatureTable;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks and helpers shared by the {@link FederatedModel} implementations. */
final class ModelChecks {
  /** Rows per chunk when predicting, so a table of any size needs bounded native memory. */
  static final int PREDICT_CHUNK_ROWS = 16_384;

  private ModelChecks() {}

  static void requireKind(ModelSpec spec, ModelSpec.Kind kind, String modelName) {
    Objects.requireNonNull(spec, "spec");
    if (spec.kind() != kind) {
      throw new IllegalArgumentException(
          modelName + " needs a spec of kind " + kind.wireName() + ", got " + spec.kind().wireName());
    }
  }

  /** Rejects a parameter vector of the wrong length or with a non-finite value. */
  static void checkParameters(double[] parameters, int expected, String layout) {
    Objects.requireNonNull(parameters, "parameters");
    if (parameters.length != expected) {
      throw new IllegalArgumentException("expected " + expected + " parameters (" + layout
          + ") but got " + parameters.length);
    }
    int bad = firstNonFinite(parameters);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "parameter " + bad + " is " + parameters[bad] + ": all parameters must be finite");
    }
  }

  /** Index of the first NaN or infinite value, or -1. */
  static int firstNonFinite(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        return i;
      }
    }
    return -1;
  }

  /** Rejects a table whose feature count differs from the spec's (and, for training, unlabelled). */
  static void checkTable(FeatureTable table, ModelSpec spec, boolean training) {
    Objects.requireNonNull(table, "table");
    if (table.numFeatures() != spec.numFeatures()) {
      throw new IllegalArgumentException("table has " + table.numFeatures()
          + " features but the model expects " + spec.numFeatures());
    }
    if (training) {
      if (!table.hasLabels()) {
        throw new IllegalArgumentException("training needs a labelled table; " + table
            + " has no label column");
      }
      if (table.rows() == 0) {
        throw new IllegalArgumentException("training needs at least one row");
      }
    }
  }

  /** Fails when training produced a non-finite parameter, keeping the model unchanged. */
  /**
   * The proximal anchor as a row vector, or null when the config has no proximal term.
   *
   * @throws IllegalArgumentException if the anchor is missing or has the wrong length
   */
  static INDArray proximalAnchor(
      double[] anchor, int numParameters, TrainingConfig config) {
    if (config.proximalMu() == 0) {
      return null;
    }
    if (anchor == null || anchor.length != numParameters) {
      throw new IllegalArgumentException("proximal anchor has "
          + (anchor == null ? "no" : String.valueOf(anchor.length)) + " values, the model "
          + numParameters);
    }
    return Nd4j.create(anchor.clone(), new long[] {1, numParameters}, DataType.DOUBLE);
  }

  static void checkTrained(double[] parameters, TrainingConfig config) {
    int bad = firstNonFinite(parameters);
    if (bad >= 0) {
      throw new FedCreditException("training diverged: parameter " + bad + " became "
          + parameters[bad] + " with learning rate " + config.learningRate()
          + "; lower the learning rate. The model keeps its previous parameters");
    }
  }

  /** A shuffled order of all rows, reshuffled by each call on the same random source. */
  static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
