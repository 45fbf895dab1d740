/**
 * FedCredit's core: data ({@code data}), models ({@code model}), aggregation strategies
 * ({@code strategy}), protocols as pure state machines ({@code protocol}) and metrics
 * ({@code metrics}). Nothing here opens a socket; {@code fl-server} and {@code fl-client} adapt
 * these pieces to gRPC.
 */
package io.fedcredit.core;
