/**
 * Online scoring with a vertical model (hetero LR, WOE scorecard or SecureBoost trees) or a whole
 * gradient-boosted model, over gRPC. The bank embeds
 * {@link io.fedcredit.client.scoring.CreditScorer} (or runs it behind its own endpoint,
 * {@link io.fedcredit.client.scoring.BankScoringServer}); each data node runs a
 * {@link io.fedcredit.client.scoring.DataNodeServer} that answers partial scores by enterprise id
 * (or, for trees, the decisions of its splits) from a feature table it can reload without a restart. Every decision goes to an append-only
 * {@link io.fedcredit.client.scoring.AuditLog}. The arithmetic, the model files and the
 * outcomes live in {@code io.fedcredit.core.serving}; the services here are thin adapters over
 * them. The format and the services are documented in {@code docs/SCORING.md}.
 */
package io.fedcredit.client.scoring;
