package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;
import io.vertx.core.http.HttpClient;

/**
 * A verified HTTP channel to one peer: requests sent through {@link #http()} reach exactly {@link
 * #peer()} over mutual TLS, whatever the {@link #route()} (direct, LAN, hole-punched, relayed).
 * {@code onClose} releases what the route holds (tunnels, sockets).
 */
public record PeerLink(PeerId peer, HttpClient http, Route route, Runnable onClose) {
  public PeerLink(PeerId peer, HttpClient http, Route route) {
    this(peer, http, route, () -> {});
  }

  public void close() {
    http.close();
    onClose.run();
  }
}
