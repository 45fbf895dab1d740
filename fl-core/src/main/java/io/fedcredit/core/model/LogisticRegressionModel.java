package io.fedcredit.core.model;

import io.fedcredit.core.data.FeatureTable;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Binary logistic regression {@code p = sigmoid(x . w + b)} trained by mini-batch gradient
 * descent on ND4J in double precision.
 *
 * <p><b>Parameters:</b> {@code [w_1..w_d, b]}, {@code d + 1} values. A new model starts at all
 * zeros whatever {@link ModelSpec#initSeed()} is: the loss is convex, so zeros lose nothing, and
 * every party builds the same start without exchanging it.
 *
 * <p><b>Training:</b> each mini-batch of B rows takes the gradient of the mean log-loss plus the
 * L2 penalty {@code (l2 / 2) |w|^2} (the bias is not penalized): {@code X^T (p - y) / B + l2 w},
 * then one step of plain SGD or Adam (ND4J's updaters, beta1 0.9, beta2 0.999, epsilon 1e-8).
 * The optimizer state starts at zero on every {@link #train} call; rows are reshuffled every
 * epoch by a generator seeded with {@link TrainingConfig#seed()}. The reported loss is the mean
 * log-loss (without the penalty) of each batch before its step, averaged over the last epoch.
 *
 * <p><b>Determinism:</b> the same parameters, table and config give bit-identical parameters on
 * the same machine and ND4J build.
 *
 * <p>Mutable and not thread-safe; {@link #train} either completes or leaves the parameters as
 * they were.
 */
public final class LogisticRegressionModel implements FederatedModel {
  private final ModelSpec spec;
  private double[] parameters;

  /**
   * A model with all parameters zero.
   *
   * @throws IllegalArgumentException if the spec is not of kind {@link ModelSpec.Kind#LOGREG}
   */
  public LogisticRegressionModel(ModelSpec spec) {
    ModelChecks.requireKind(spec, ModelSpec.Kind.LOGREG, "LogisticRegressionModel");
    this.spec = spec;
    this.parameters = new double[spec.numFeatures() + 1];
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public int numParameters() {
    return parameters.length;
  }

  @Override
  public double[] parameters() {
    return parameters.clone();
  }

  @Override
  public void setParameters(double[] newParameters) {
    ModelChecks.checkParameters(newParameters, parameters.length, layout());
    parameters = newParameters.clone();
  }

  private String layout() {
    return spec.numFeatures() + " weights then 1 bias";
  }

  /** The weights {@code w_1..w_d} (a copy). */
  public double[] weights() {
    return Arrays.copyOf(parameters, spec.numFeatures());
  }

  /** The bias {@code b}. */
  public double bias() {
    return parameters[spec.numFeatures()];
  }

  @Override
  public TrainingResult train(FeatureTable data, TrainingConfig config, double[] anchor,
      EpochListener listener) {
    ModelChecks.checkTable(data, spec, true);
    INDArray proximal = ModelChecks.proximalAnchor(anchor, parameters.length, config);
    int n = data.rows();
    int d = spec.numFeatures();
    int width = d + 1;
    double[] features = data.values();
    double[] labels = data.labels();

    INDArray theta = Nd4j.create(parameters.clone(), new long[] {1, width}, DataType.DOUBLE);
    double[] penalty = new double[width];
    Arrays.fill(penalty, 0, d, config.l2()); // no penalty on the bias
    INDArray l2 = Nd4j.create(penalty, new long[] {1, width}, DataType.DOUBLE);
    GradientUpdater<?> updater = freshUpdater(config, width);

    SplittableRandom random = new SplittableRandom(config.seed());
    int[] order = ModelChecks.identity(n);
    int batch = Math.min(config.batchSize(), n);
    double[] x = new double[batch * width];
    double[] y = new double[batch];
    double lastEpochLoss = Double.NaN;
    int iteration = 0;
    for (int epoch = 0; epoch < config.localEpochs(); epoch++) {
      ModelChecks.shuffle(order, random);
      double lossSum = 0;
      for (int start = 0; start < n; start += batch) {
        int b = Math.min(batch, n - start);
        double[] xb = b == batch ? x : new double[b * width];
        double[] yb = b == batch ? y : new double[b];
        for (int i = 0; i < b; i++) {
          int r = order[start + i];
          fillDesignRow(features, r, d, xb, i);
          yb[i] = labels[r];
        }
        INDArray xs = Nd4j.create(xb, new long[] {b, width}, DataType.DOUBLE);
        INDArray ys = Nd4j.create(yb, new long[] {b, 1}, DataType.DOUBLE);
        INDArray z = xs.mmul(theta.transpose()); // b x 1
        lossSum += logLossSum(z.toDoubleVector(), yb);
        INDArray residual = Transforms.sigmoid(z, false).subi(ys); // p - y
        INDArray gradient = residual.transpose().mmul(xs).divi(b); // 1 x (d + 1)
        gradient.addi(theta.mul(l2));
        if (proximal != null) {
          gradient.addi(theta.sub(proximal).muli(config.proximalMu()));
        }
        updater.applyUpdater(gradient, iteration++, epoch); // gradient becomes the step
        theta.subi(gradient);
      }
      lastEpochLoss = lossSum / n;
      listener.onEpoch(epoch + 1, config.localEpochs(), lastEpochLoss);
    }
    double[] trained = theta.toDoubleVector();
    ModelChecks.checkTrained(trained, config);
    parameters = trained;
    return new TrainingResult(lastEpochLoss, n, config.localEpochs());
  }

  /** SGD or Adam with a zeroed state of the right size for {@code width} parameters. */
  private static GradientUpdater<?> freshUpdater(TrainingConfig config, int width) {
    IUpdater conf = config.optimizer() == TrainingConfig.Optimizer.ADAM
        ? new Adam(config.learningRate())
        : new Sgd(config.learningRate());
    long stateSize = conf.stateSize(width);
    INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.DOUBLE, 1, stateSize);
    return conf.instantiate(state, true);
  }

  /** Copies row {@code r}'s features and a trailing 1 (the bias input) into row {@code i}. */
  private static void fillDesignRow(double[] features, int r, int d, double[] dst, int i) {
    System.arraycopy(features, r * d, dst, i * (d + 1), d);
    dst[i * (d + 1) + d] = 1.0;
  }

  /** Sum of log-losses from logits, computed stably: softplus(z) - y z. */
  private static double logLossSum(double[] z, double[] y) {
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      double v = z[i];
      sum += Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))) - y[i] * v;
    }
    return sum;
  }

  @Override
  public double[] predict(FeatureTable data) {
    ModelChecks.checkTable(data, spec, false);
    int n = data.rows();
    int d = spec.numFeatures();
    int width = d + 1;
    double[] out = new double[n];
    if (n == 0) {
      return out;
    }
    INDArray thetaT = Nd4j.create(parameters.clone(), new long[] {width, 1}, DataType.DOUBLE);
    int[] rows = new int[Math.min(n, ModelChecks.PREDICT_CHUNK_ROWS)];
    double[] features = new double[rows.length * d];
    for (int start = 0; start < n; start += rows.length) {
      int m = Math.min(rows.length, n - start);
      int[] chunk = m == rows.length ? rows : new int[m];
      for (int i = 0; i < m; i++) {
        chunk[i] = start + i;
      }
      data.copyRows(chunk, features);
      double[] design = new double[m * width];
      for (int i = 0; i < m; i++) {
        fillDesignRow(features, i, d, design, i);
      }
      INDArray z = Nd4j.create(design, new long[] {m, width}, DataType.DOUBLE).mmul(thetaT);
      double[] p = Transforms.sigmoid(z, false).toDoubleVector();
      System.arraycopy(p, 0, out, start, m);
    }
    return out;
  }

  @Override
  public LogisticRegressionModel copy() {
    LogisticRegressionModel c = new LogisticRegressionModel(spec);
    c.parameters = parameters.clone();
    return c;
  }

  @Override
  public String toString() {
    return "LogisticRegressionModel[" + spec.numFeatures() + " features]";
  }
}
