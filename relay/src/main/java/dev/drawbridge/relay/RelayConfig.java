package dev.drawbridge.relay;

import dev.drawbridge.relay.protocol.Frame;
import java.time.Duration;

/**
 * Every knob of the relay, with defaults sized for a small VPS. All limits exist so that abuse
 * costs the abuser, not the relay's memory or file descriptors. Ports 0 mean "pick a free one".
 */
public record RelayConfig(
    String host,
    int controlPort,
    int circuitPort,
    int maxFramePayload,
    int circuitsPerTarget,
    int circuitsPerSourceIp,
    int totalCircuits,
    long bytesPerCircuit,
    Duration circuitMaxDuration,
    Duration pingInterval,
    Duration controlIdleTimeout,
    Duration tlsHandshakeTimeout,
    Duration preambleTimeout,
    Duration pendingTimeout,
    int connectionsPerIpPerSecond,
    int connectionBurstPerIp,
    int totalConnections,
    int circuitsPerSourcePeer) {

  public static final int DEFAULT_CONTROL_PORT = 7779;
  public static final int DEFAULT_CIRCUIT_PORT = 7780;

  public RelayConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is required");
    }
    requirePort(controlPort, "controlPort");
    requirePort(circuitPort, "circuitPort");
    if (maxFramePayload < 64 || maxFramePayload > 0xFFFF) {
      throw new IllegalArgumentException("maxFramePayload must be 64..65535");
    }
    if (circuitsPerTarget < 1
        || circuitsPerSourceIp < 1
        || totalCircuits < 1
        || bytesPerCircuit < 1
        || connectionsPerIpPerSecond < 1
        || connectionBurstPerIp < 1
        || totalConnections < 1
        || circuitsPerSourcePeer < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    for (Duration d :
        new Duration[] {
          circuitMaxDuration,
          pingInterval,
          controlIdleTimeout,
          tlsHandshakeTimeout,
          preambleTimeout,
          pendingTimeout
        }) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be positive");
      }
    }
  }

  /** The documented defaults (see relay/README.md), listening on all interfaces. */
  public static RelayConfig defaults() {
    return new RelayConfig(
        "0.0.0.0",
        DEFAULT_CONTROL_PORT,
        DEFAULT_CIRCUIT_PORT,
        Frame.MAX_PAYLOAD,
        16,
        32,
        512,
        64L << 30,
        Duration.ofHours(6),
        Duration.ofSeconds(30),
        Duration.ofSeconds(90),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        20,
        40,
        4096,
        4);
  }

  /** Defaults on 127.0.0.1 with ephemeral ports: what tests start from. */
  public static RelayConfig loopback() {
    return defaults().withHost("127.0.0.1").withPorts(0, 0);
  }

  public RelayConfig withHost(String newHost) {
    return new RelayConfig(
        newHost,
        controlPort,
        circuitPort,
        maxFramePayload,
        circuitsPerTarget,
        circuitsPerSourceIp,
        totalCircuits,
        bytesPerCircuit,
        circuitMaxDuration,
        pingInterval,
        controlIdleTimeout,
        tlsHandshakeTimeout,
        preambleTimeout,
        pendingTimeout,
        connectionsPerIpPerSecond,
        connectionBurstPerIp,
        totalConnections,
        circuitsPerSourcePeer);
  }

  public RelayConfig withPorts(int newControlPort, int newCircuitPort) {
    return new RelayConfig(
        host,
        newControlPort,
        newCircuitPort,
        maxFramePayload,
        circuitsPerTarget,
        circuitsPerSourceIp,
        totalCircuits,
        bytesPerCircuit,
        circuitMaxDuration,
        pingInterval,
        controlIdleTimeout,
        tlsHandshakeTimeout,
        preambleTimeout,
        pendingTimeout,
        connectionsPerIpPerSecond,
        connectionBurstPerIp,
        totalConnections,
        circuitsPerSourcePeer);
  }

  public RelayConfig withCircuitLimits(
      int perTarget, int perSourceIp, int total, long bytes, Duration duration) {
    return new RelayConfig(
        host,
        controlPort,
        circuitPort,
        maxFramePayload,
        perTarget,
        perSourceIp,
        total,
        bytes,
        duration,
        pingInterval,
        controlIdleTimeout,
        tlsHandshakeTimeout,
        preambleTimeout,
        pendingTimeout,
        connectionsPerIpPerSecond,
        connectionBurstPerIp,
        totalConnections,
        circuitsPerSourcePeer);
  }

  public RelayConfig withTimeouts(
      Duration ping, Duration idle, Duration handshake, Duration preamble, Duration pending) {
    return new RelayConfig(
        host,
        controlPort,
        circuitPort,
        maxFramePayload,
        circuitsPerTarget,
        circuitsPerSourceIp,
        totalCircuits,
        bytesPerCircuit,
        circuitMaxDuration,
        ping,
        idle,
        handshake,
        preamble,
        pending,
        connectionsPerIpPerSecond,
        connectionBurstPerIp,
        totalConnections,
        circuitsPerSourcePeer);
  }

  public RelayConfig withConnectionLimits(int perIpPerSecond, int burstPerIp, int total) {
    return new RelayConfig(
        host,
        controlPort,
        circuitPort,
        maxFramePayload,
        circuitsPerTarget,
        circuitsPerSourceIp,
        totalCircuits,
        bytesPerCircuit,
        circuitMaxDuration,
        pingInterval,
        controlIdleTimeout,
        tlsHandshakeTimeout,
        preambleTimeout,
        pendingTimeout,
        perIpPerSecond,
        burstPerIp,
        total,
        circuitsPerSourcePeer);
  }

  /** Circuits (pending and open) one source PeerId may hold to one target. */
  public RelayConfig withCircuitsPerSourcePeer(int perSourcePeer) {
    return new RelayConfig(
        host,
        controlPort,
        circuitPort,
        maxFramePayload,
        circuitsPerTarget,
        circuitsPerSourceIp,
        totalCircuits,
        bytesPerCircuit,
        circuitMaxDuration,
        pingInterval,
        controlIdleTimeout,
        tlsHandshakeTimeout,
        preambleTimeout,
        pendingTimeout,
        connectionsPerIpPerSecond,
        connectionBurstPerIp,
        totalConnections,
        perSourcePeer);
  }

  private static void requirePort(int port, String name) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException(name + " must be 0..65535");
    }
  }
}
