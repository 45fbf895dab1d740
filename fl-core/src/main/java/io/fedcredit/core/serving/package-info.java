/**
 * Online scoring of federated models, without sockets.
 * {@link io.fedcredit.core.serving.ServingModel} is one party's part of a model exported for
 * serving (the bank's half and each data node's half of a vertical model share one id and
 * version; a horizontal model is one whole part), written and read as signed files by
 * {@link io.fedcredit.core.serving.ServingModelFiles} (format in {@code docs/SCORING.md}) and
 * made from training results by {@link io.fedcredit.core.serving.ServingExport}.
 * Linear models are {@link io.fedcredit.core.serving.LinearPart}s, gradient-boosted trees
 * (SecureBoost halves, whole horizontal GBDT) {@link io.fedcredit.core.serving.TreePart}s.
 * {@link io.fedcredit.core.serving.PartialScoreEngine} answers a data node's partial scores (or
 * the decisions of its tree splits) from a feature table that can be swapped without a restart;
 * {@link io.fedcredit.core.serving.BankScoring} computes the bank's part, checks each data node's
 * answer and combines them into a {@link io.fedcredit.core.serving.ScoreOutcome}. The gRPC
 * services around them live in {@code fl-client} ({@code io.fedcredit.client.scoring}).
 */
package io.fedcredit.core.serving;
