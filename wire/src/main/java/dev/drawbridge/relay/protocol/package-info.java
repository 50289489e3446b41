/**
 * The relay's wire format, shared by the relay and the peer: control frames (type, length,
 * payload), their decoder, and the circuit-port preambles. No I/O here, so both sides and the
 * randomized decoder test use exactly the same code.
 */
package dev.drawbridge.relay.protocol;
