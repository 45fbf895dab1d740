/**
 * Aggregation strategies in the shape of Flower's: a strategy decides who trains and with what
 * configuration ({@link io.fedcredit.core.strategy.Strategy#configureFit}), turns the round's
 * results and failures into the next global model
 * ({@link io.fedcredit.core.strategy.Strategy#aggregateFit}), and does the same for evaluation.
 * Strategies see what the aggregation layer lets them see ({@link io.fedcredit.core.strategy.FitResults}):
 * always the weighted sum of updates, individual updates only where the transport reveals them.
 * Privacy and robustness are added by wrapping a strategy, not by subclassing it.
 */
package io.fedcredit.core.strategy;
