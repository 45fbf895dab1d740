/**
 * Models whose state is one flat parameter vector ({@link io.fedcredit.core.model.FederatedModel}),
 * so parties can exchange and average it: {@link io.fedcredit.core.model.LogisticRegressionModel}
 * (mini-batch gradient descent on ND4J) and {@link io.fedcredit.core.model.MlpModel} (a DL4J
 * multi-layer perceptron), both in double precision and bit-for-bit deterministic for the same
 * parameters, table and {@link io.fedcredit.core.model.TrainingConfig}. {@link
 * io.fedcredit.core.model.Models} builds them from a {@link io.fedcredit.core.model.ModelSpec} and
 * holds the FedAvg defaults tuned on public credit data; {@link
 * io.fedcredit.core.model.Standardizer} scales features from moments pooled over parties.
 *
 * <p>ND4J and DL4J log their start-up at INFO and internals at DEBUG through SLF4J; applications
 * embedding these models should set the loggers {@code org.nd4j} and {@code org.deeplearning4j} to
 * WARN. The models themselves log nothing and add no training listeners.
 */
package io.fedcredit.core.model;
