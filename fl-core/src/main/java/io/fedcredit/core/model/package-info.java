/**
 * Models whose state is one flat parameter vector ({@link io.fedcredit.core.model.FederatedModel}):
 * logistic regression on ND4J and a DL4J multi-layer perceptron, with their specs, local training
 * configuration and the shared {@link io.fedcredit.core.model.Standardizer}.
 */
package io.fedcredit.core.model;
