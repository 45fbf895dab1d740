/**
 * Relayed party-to-party messages, independent of the transport: {@link
 * io.fedcredit.core.relay.Envelope}s (sender, recipient, type, sequence, payload), the
 * coordinator's per-recipient {@link io.fedcredit.core.relay.Mailboxes} (ordered per sender,
 * bounded, with typed refusals) and the {@link io.fedcredit.core.relay.EnvelopeTransport} a party
 * uses to reach them (gRPC in {@code fl-client}, direct calls for the arbiter inside the
 * coordinator and in tests). The relay reads no payload.
 */
package io.fedcredit.core.relay;
