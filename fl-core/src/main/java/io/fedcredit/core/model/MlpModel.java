package io.fedcredit.core.model;

import io.fedcredit.core.data.FeatureTable;
import java.util.List;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A multi-layer perceptron on a DL4J {@link MultiLayerNetwork}: dense ReLU hidden layers of the
 * widths in {@link ModelSpec#hiddenLayers()}, then one sigmoid output unit trained on binary
 * cross-entropy.
 *
 * <p><b>Precision:</b> the network computes in double precision, so {@link #parameters()} returns
 * exactly what {@link #setParameters} received and averaging flat vectors loses nothing. Float
 * would halve memory, but at these layer sizes the run time is mostly per-operation overhead, and
 * it would round every exchanged parameter.
 *
 * <p><b>Parameters:</b> DL4J's flattened layout, layer by layer: for each layer its weight matrix
 * ({@code nIn x nOut}, column-major as DL4J stores it) then its bias ({@code nOut}). Hidden weights
 * start He-normal, output weights Xavier, biases zero, all drawn from {@link ModelSpec#initSeed()},
 * so parties that build the same spec start from the same parameters.
 *
 * <p><b>Training:</b> every {@link #train} call builds a fresh network around the current
 * parameters with the config's updater (plain SGD, or Adam with beta1 0.9, beta2 0.999, epsilon
 * 1e-8) and L2 coefficient (weights only, not biases), so the optimizer state and DL4J's iteration
 * counters start from zero every round. Rows are reshuffled every epoch by a generator seeded with
 * {@link TrainingConfig#seed()} and fed as mini-batches. The reported loss is the mean
 * cross-entropy (without the L2 penalty) of each batch before its step, over the last epoch.
 *
 * <p><b>Determinism:</b> the same parameters, table and config give bit-identical parameters on
 * the same machine and ND4J build (no dropout, no other randomness in training).
 *
 * <p><b>Logging:</b> this class adds no listeners and logs nothing. ND4J and DL4J log their
 * start-up at INFO and some internals at DEBUG; applications should set the loggers
 * {@code org.nd4j} and {@code org.deeplearning4j} to WARN.
 *
 * <p>Mutable and not thread-safe; {@link #train} either completes or leaves the parameters as
 * they were.
 */
public final class MlpModel implements FederatedModel {
  private final ModelSpec spec;
  private MultiLayerNetwork network;

  /**
   * A network with seeded initial parameters.
   *
   * @throws IllegalArgumentException if the spec is not of kind {@link ModelSpec.Kind#MLP}
   */
  public MlpModel(ModelSpec spec) {
    ModelChecks.requireKind(spec, ModelSpec.Kind.MLP, "MlpModel");
    this.spec = spec;
    this.network = new MultiLayerNetwork(configuration(spec, new Sgd(0.01), 0.0));
    this.network.init();
  }

  private MlpModel(ModelSpec spec, MultiLayerNetwork network) {
    this.spec = spec;
    this.network = network;
  }

  private static MultiLayerConfiguration configuration(ModelSpec spec, IUpdater updater, double l2) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(spec.initSeed())
        .dataType(DataType.DOUBLE)
        .updater(updater)
        .l2(l2)
        .list();
    List<Integer> hidden = spec.hiddenLayers();
    int in = spec.numFeatures();
    for (int width : hidden) {
      layers.layer(new DenseLayer.Builder()
          .nIn(in).nOut(width)
          .activation(Activation.RELU)
          .weightInit(WeightInit.RELU)
          .build());
      in = width;
    }
    layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
        .nIn(in).nOut(1)
        .activation(Activation.SIGMOID)
        .weightInit(WeightInit.XAVIER)
        .build());
    return layers.build();
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public int numParameters() {
    return (int) network.numParams();
  }

  @Override
  public double[] parameters() {
    return network.params().toDoubleVector();
  }

  @Override
  public void setParameters(double[] parameters) {
    ModelChecks.checkParameters(parameters, numParameters(), layout());
    network.setParams(Nd4j.create(parameters.clone(), new long[] {1, parameters.length},
        DataType.DOUBLE));
  }

  private String layout() {
    StringBuilder s = new StringBuilder("layers ").append(spec.numFeatures());
    for (int width : spec.hiddenLayers()) {
      s.append('-').append(width);
    }
    return s.append("-1, weights then bias per layer").toString();
  }

  @Override
  public TrainingResult train(FeatureTable data, TrainingConfig config, double[] anchor,
      EpochListener listener) {
    ModelChecks.checkTable(data, spec, true);
    INDArray proximal = ModelChecks.proximalAnchor(anchor, numParameters(), config);
    IUpdater updater = config.optimizer() == TrainingConfig.Optimizer.ADAM
        ? new Adam(config.learningRate())
        : new Sgd(config.learningRate());
    MultiLayerNetwork trainer = new MultiLayerNetwork(configuration(spec, updater, config.l2()));
    trainer.init(network.params().dup(), false); // fresh updater state, counters at zero
    if (proximal != null) {
      proximal = proximal.reshape(trainer.params().shape());
    }

    int n = data.rows();
    int d = spec.numFeatures();
    double[] labels = data.labels();
    SplittableRandom random = new SplittableRandom(config.seed());
    int[] order = ModelChecks.identity(n);
    int batch = Math.min(config.batchSize(), n);
    boolean penalized = config.l2() > 0;
    double lastEpochLoss = Double.NaN;
    for (int epoch = 0; epoch < config.localEpochs(); epoch++) {
      ModelChecks.shuffle(order, random);
      double lossSum = 0;
      for (int start = 0; start < n; start += batch) {
        int b = Math.min(batch, n - start);
        int[] rows = Arrays.copyOfRange(order, start, start + b);
        double[] x = new double[b * d];
        double[] y = new double[b];
        data.copyRows(rows, x);
        for (int i = 0; i < b; i++) {
          y[i] = labels[rows[i]];
        }
        // DL4J's score is the batch loss plus the penalty of the parameters before the step
        double penalty = penalized ? trainer.calcRegularizationScore(true) : 0.0;
        trainer.fit(new DataSet(
            Nd4j.create(x, new long[] {b, d}, DataType.DOUBLE),
            Nd4j.create(y, new long[] {b, 1}, DataType.DOUBLE)));
        lossSum += (trainer.score() - penalty) * b;
        if (proximal != null) {
          // decoupled proximal step (like decoupled weight decay): w -= lr * mu * (w - anchor)
          INDArray w = trainer.params();
          w.subi(w.sub(proximal).muli(config.learningRate() * config.proximalMu()));
        }
      }
      lastEpochLoss = lossSum / n;
      listener.onEpoch(epoch + 1, config.localEpochs(), lastEpochLoss);
    }
    ModelChecks.checkTrained(trainer.params().toDoubleVector(), config);
    network = trainer;
    return new TrainingResult(lastEpochLoss, n, config.localEpochs());
  }

  @Override
  public double[] predict(FeatureTable data) {
    ModelChecks.checkTable(data, spec, false);
    int n = data.rows();
    int d = spec.numFeatures();
    double[] out = new double[n];
    int chunkRows = Math.min(n, ModelChecks.PREDICT_CHUNK_ROWS);
    double[] x = new double[chunkRows * d];
    for (int start = 0; start < n; start += chunkRows) {
      int m = Math.min(chunkRows, n - start);
      int[] rows = ModelChecks.identity(m);
      for (int i = 0; i < m; i++) {
        rows[i] += start;
      }
      double[] xm = m == chunkRows ? x : new double[m * d];
      data.copyRows(rows, xm);
      INDArray p = network.output(Nd4j.create(xm, new long[] {m, d}, DataType.DOUBLE), false);
      System.arraycopy(p.toDoubleVector(), 0, out, start, m);
    }
    return out;
  }

  @Override
  public MlpModel copy() {
    MultiLayerNetwork twin = new MultiLayerNetwork(network.getLayerWiseConfigurations().clone());
    twin.init(network.params().dup(), false);
    return new MlpModel(spec, twin);
  }

  @Override
  public String toString() {
    return "MlpModel[" + spec.numFeatures() + " features, hidden " + spec.hiddenLayers() + "]";
  }
}
