/**
 * Horizontal histogram boosting: banks with the same features on different rows grow one
 * gradient-boosted model while the coordinator sees only securely summed vectors. {@link
 * io.fedcredit.core.horizontal.FederatedBinning} agrees quantile bin edges from two summed count
 * histograms; {@link io.fedcredit.core.horizontal.BoostingBank} and {@link
 * io.fedcredit.core.horizontal.BoostingAggregator} are the two sides' state machines, the
 * aggregator driving the same {@link io.fedcredit.core.tree.TreeBuilder} as the plaintext
 * trainer on summed histograms; {@link io.fedcredit.core.horizontal.SecureSum} is the seam to
 * secure aggregation ({@link io.fedcredit.core.horizontal.SecAggSum} runs fl-crypto's
 * Bonawitz et al. rounds in one process); {@link io.fedcredit.core.horizontal.HorizontalBoosting}
 * runs a job in one process. Over gRPC, {@code io.fedcredit.core.protocol.HorizontalBoostingProtocol}
 * is the coordinator's side and {@link io.fedcredit.core.horizontal.BoostingStep} what a bank is
 * asked to compute in each secure sum ({@link io.fedcredit.core.horizontal.BoostingBank#answer}).
 */
package io.fedcredit.core.horizontal;
