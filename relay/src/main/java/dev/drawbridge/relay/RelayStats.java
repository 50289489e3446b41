package dev.drawbridge.relay;

import java.util.Map;

/**
 * A snapshot of what the relay is doing, for tests and periodic logs. Bytes are counted per
 * direction of CONNECT/JOIN circuits: "to target" flows from the CONNECT side to the joined peer.
 */
public record RelayStats(
    int onlinePeers,
    int openCircuits,
    int pendingCircuits,
    int openConnections,
    long bytesToTarget,
    long bytesFromTarget,
    Map<Refusal, Long> refusals) {

  public long totalCircuitBytes() {
    return bytesToTarget + bytesFromTarget;
  }

  public long refusals(Refusal reason) {
    return refusals.getOrDefault(reason, 0L);
  }
}
