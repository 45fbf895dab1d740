package io.fedcredit.client;

import io.fedcredit.core.data.FeatureTable;
import io.fedcredit.core.model.GlobalModel;
import io.fedcredit.core.model.ModelSpec;
import java.util.List;

/**
 * A shared MLP body with the bank's own output layer; see {@link Personalization#fedPer}. The
 * output layer is the last {@code lastHiddenWidth + 1} parameters (its weights, then its bias).
 */
final class FedPer implements Personalization {
  private final FineTuning closing;
  private double[] head; // the bank's output layer, null until the first round
  private int headStart = -1;

  FedPer(FineTuning closing) {
    this.closing = closing;
  }

  @Override
  public String name() {
    return "fedper";
  }

  /** Index of the first output-layer parameter of an MLP. */
  static int headStart(ModelSpec spec, int numParameters) {
    if (spec.kind() != ModelSpec.Kind.MLP) {
      throw new IllegalArgumentException("FedPer needs an MLP (a shared body and a personal "
          + "output layer); this job trains " + spec.kind() + ": use finetune or ditto");
    }
    List<Integer> hidden = spec.hiddenLayers();
    return numParameters - (hidden.get(hidden.size() - 1) + 1);
  }

  @Override
  public double[] startingPoint(GlobalModel global) {
    double[] p = global.parameters();
    headStart = headStart(global.spec(), p.length);
    if (head != null) {
      System.arraycopy(head, 0, p, headStart, head.length);
    }
    return p;
  }

  @Override
  public void beforeUpload(double[] trained, double[] delta) {
    head = java.util.Arrays.copyOfRange(trained, headStart, trained.length);
    java.util.Arrays.fill(delta, headStart, delta.length, 0.0);
  }

  @Override
  public PersonalModel personalize(GlobalModel finalGlobal, FeatureTable train,
      FeatureTable validation) {
    double[] start = startingPoint(finalGlobal);
    return closing.tune(finalGlobal, start, train, validation, name());
  }
}
