package dev.drawbridge.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * The listener other peers connect to, and how we reach them (drawbridge.mesh.*, e.g.
 * DRAWBRIDGE_MESH_PORT).
 */
@ConfigMapping(prefix = "drawbridge.mesh")
public interface MeshConfig {
  /** TLS listener for other peers; 0 picks a free port. */
  @WithDefault("7778")
  int port();

  /** Address the mesh listener binds. */
  @WithDefault("0.0.0.0")
  String host();

  /**
   * Ways to reach peers, tried in this order: direct (contact address), lan (mDNS), punch (hole
   * punching via a relay), relay (relayed circuit). Drop one to never use it.
   */
  @WithDefault("direct,lan,punch,relay")
  List<String> transports();
}
