/**
 * The client a bank embeds (or the platform's data node runs): {@link io.fedcredit.client.BankClient}
 * joins a coordinator's job, trains the global model on the bank's own table, sends only model
 * deltas, feature moments and score histograms, and returns the final federated model. Raw
 * records never leave the process. {@link io.fedcredit.client.VerticalClient} runs a guest's or
 * host's side of a vertical job through the coordinator's relay, sealed between the parties, and
 * {@link io.fedcredit.client.ModelHalfFiles} exports each party's half of the model as JSON.
 */
package io.fedcredit.client;
