/**
 * The client a bank embeds (or the platform's data node runs): {@link io.fedcredit.client.BankClient}
 * joins a coordinator's job, trains the global model on the bank's own table, sends only model
 * deltas, feature moments and score histograms, and returns the final federated model. Raw
 * records never leave the process.
 */
package io.fedcredit.client;
