package io.fedcredit.core.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The model family and its hyper-parameters. Two parties that build a model from the same spec
 * get the same parameter layout, so flat parameter vectors can be averaged.
 *
 * @param kind the model family
 * @param numFeatures number of input features
 * @param hiddenLayers hidden layer widths (MLP only; empty for logistic regression)
 * @param initSeed seed of the initial parameters
 */
public record ModelSpec(Kind kind, int numFeatures, List<Integer> hiddenLayers, long initSeed) {

  /** Model families. */
  public enum Kind {
    /** Logistic regression: weights then bias, on ND4J. */
    LOGREG,
    /** A DL4J multi-layer perceptron with a sigmoid output. */
    MLP;

    /** Parses {@code logreg} or {@code mlp}, case-insensitively. */
    public static Kind parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            "unknown model kind '" + text + "': use logreg or mlp", e);
      }
    }

    /** The wire and command-line name. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ModelSpec {
    Objects.requireNonNull(kind, "kind");
    hiddenLayers = List.copyOf(hiddenLayers);
    if (numFeatures < 1) {
      throw new IllegalArgumentException("numFeatures must be >= 1: " + numFeatures);
    }
    for (int width : hiddenLayers) {
      if (width < 1) {
        throw new IllegalArgumentException("hidden layer widths must be >= 1: " + hiddenLayers);
      }
    }
    if (kind == Kind.MLP && hiddenLayers.isEmpty()) {
      throw new IllegalArgumentException("an mlp needs at least one hidden layer");
    }
    if (kind == Kind.LOGREG && !hiddenLayers.isEmpty()) {
      throw new IllegalArgumentException("logistic regression has no hidden layers");
    }
  }

  public static ModelSpec logreg(int numFeatures, long initSeed) {
    return new ModelSpec(Kind.LOGREG, numFeatures, List.of(), initSeed);
  }

  public static ModelSpec mlp(int numFeatures, List<Integer> hiddenLayers, long initSeed) {
    return new ModelSpec(Kind.MLP, numFeatures, hiddenLayers, initSeed);
  }
}
