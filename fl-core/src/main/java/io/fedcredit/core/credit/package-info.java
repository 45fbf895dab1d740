/**
 * The credit toolkit: binning of numeric features ({@link io.fedcredit.core.credit.Binning}: quantile
 * edges, then merging toward monotone weight of evidence), weight of evidence and information
 * value computed from per-bin counts ({@link io.fedcredit.core.credit.WoeTable}) so that the counts
 * can come from encrypted federated sums, and scorecards with points per bin, base score, base
 * odds, points to double the odds, and reason codes ({@link io.fedcredit.core.credit.Scorecard}).
 * Conventions follow Siddiqi, "Credit Risk Scorecards": label 1 is a bad (default), WOE is
 * {@code ln(share of goods / share of bads)}, so a higher WOE means lower risk.
 */
package io.fedcredit.core.credit;
