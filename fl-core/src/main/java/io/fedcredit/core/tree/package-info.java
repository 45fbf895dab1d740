/**
 * Histogram gradient-boosted trees for binary classification (logistic loss), in pure Java: the
 * plaintext reference ({@link io.fedcredit.core.tree.GradientBoosting}) and the pieces the
 * federated variants share with it.
 *
 * <ul>
 *   <li>{@link io.fedcredit.core.tree.BinnedFeatures}: quantile bins per feature (at most 256,
 *       one unsigned byte per cell, column-major).</li>
 *   <li>{@link io.fedcredit.core.tree.Gradients}: per-row gradient and hessian quantized to 24
 *       fractional bits, so every sum is an exact integer whoever computes it (plaintext,
 *       Paillier, secure aggregation).</li>
 *   <li>{@link io.fedcredit.core.tree.Histogram}: per node, per feature and bin, the sums of
 *       gradients, hessians and rows; a larger child is its parent minus its smaller sibling.</li>
 *   <li>{@link io.fedcredit.core.tree.TreeBuilder}: grows a tree level by level from histograms
 *       alone (best split by gain with L2 on leaf values, gamma, minimum child weight and rows),
 *       never seeing a row: the same class serves the plaintext trainer, the vertical guest and
 *       the horizontal aggregator.</li>
 *   <li>{@link io.fedcredit.core.tree.BoostedTrees}, {@link io.fedcredit.core.tree.TreeModel},
 *       {@link io.fedcredit.core.tree.TreeNode}, {@link io.fedcredit.core.tree.SplitRule}:
 *       immutable records; a split is a threshold on the owner's feature or an opaque id of
 *       another party's split.</li>
 * </ul>
 */
package io.fedcredit.core.tree;
