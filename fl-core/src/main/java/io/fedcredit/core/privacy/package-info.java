/**
 * Client-level differential privacy for horizontal federated learning: clipping, Gaussian noise,
 * and a Rényi DP accountant that reports {@code (epsilon, delta)} after every round and stops a
 * job before it exceeds its budget.
 *
 * <p>The pieces, by who runs them:
 * <ul>
 *   <li>Participant: {@link io.fedcredit.core.privacy.ClientDp#apply} clips its model delta to the
 *       round's clip norm, adds its noise share in distributed mode, and computes the
 *       adaptive-clipping indicator, following a
 *       {@link io.fedcredit.core.privacy.ClientDpInstruction}; it then sends the update with
 *       weight 1.
 *   <li>Coordinator: {@link io.fedcredit.core.privacy.DifferentialPrivacy} wraps a sums-only
 *       strategy such as FedAvg; it adds the central noise, divides by the fixed number of
 *       participants asked, adapts the clip norm, and charges the
 *       {@link io.fedcredit.core.privacy.RdpAccountant}. It needs only the aggregated sums, so it
 *       composes with secure aggregation.
 *   <li>Accounting: {@link io.fedcredit.core.privacy.SampledGaussian} computes the exact RDP of
 *       the Poisson-subsampled Gaussian mechanism (Mironov, Talwar and Zhang 2019),
 *       {@link io.fedcredit.core.privacy.RdpConversion} turns it into {@code (epsilon, delta)},
 *       {@link io.fedcredit.core.privacy.NoiseCalibration} finds the noise for a target budget.
 * </ul>
 *
 * <p>Settings live in a validated {@link io.fedcredit.core.privacy.DpConfig}; its
 * {@code describe()} is what model provenance records. Noise for real jobs comes from
 * {@link io.fedcredit.core.privacy.GaussianNoise#secure()}; see that type for the limits of
 * floating-point Gaussian noise, and {@link io.fedcredit.core.privacy.DiscreteGaussian} for the
 * exact integer sampler meant for fixed-point (securely aggregated) vectors.
 */
package io.fedcredit.core.privacy;
