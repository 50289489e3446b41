/**
 * The peer's side of the relay, free of CDI: a control connection ({@link RelayClient}), joining a
 * relayed circuit ({@link CircuitJoin}) and TCP hole punching with plain sockets ({@link Punch}).
 * Reconnecting is the caller's job; these classes report, they do not retry.
 */
package dev.drawbridge.relay.client;
