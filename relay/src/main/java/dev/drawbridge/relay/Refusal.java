package dev.drawbridge.relay;

/** Why the relay turned something away; counted in {@link RelayStats} and logged sparingly. */
public enum Refusal {
  CONNECTION_RATE,
  TOTAL_CONNECTIONS,
  UNAUTHENTICATED,
  BAD_FRAME,
  BAD_REQUEST,
  PREAMBLE_TIMEOUT,
  PEER_OFFLINE,
  CIRCUITS_PER_TARGET,
  CIRCUITS_PER_SOURCE_IP,
  TOTAL_CIRCUITS,
  TARGET_BUSY,
  JOIN_TIMEOUT,
  UNKNOWN_TOKEN,
  RENDEZVOUS_TIMEOUT,
  PUNCH_LIMIT,
  CIRCUIT_BYTES,
  CIRCUIT_DURATION
}
