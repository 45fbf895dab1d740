/**
 * Credit model metrics (AUC, KS, Gini, log-loss) computed exactly on scores, or from score
 * histograms by label, so a federation can evaluate a model without pooling any party's scores.
 */
package io.fedcredit.core.metrics;
