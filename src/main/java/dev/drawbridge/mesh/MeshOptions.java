package dev.drawbridge.mesh;

import java.util.List;

/**
 * Where the mesh listener binds and which ways to reach peers are tried, in order (direct, lan,
 * punch, relay); port 0 picks a free port.
 */
public record MeshOptions(String host, int port, List<String> transports) {
  public MeshOptions {
    transports = List.copyOf(transports);
  }
}
