/**
 * Protocols as pure state machines: they take messages (and the current time) and return tasks,
 * acknowledgements or typed rejections; they never open sockets, start threads or read a clock.
 * {@code fl-server} and {@code fl-client} adapt them to gRPC, so every protocol is tested without
 * a network.
 */
package io.fedcredit.core.protocol;
