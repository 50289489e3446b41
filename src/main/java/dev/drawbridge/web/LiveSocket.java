package dev.drawbridge.web;

import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;

/**
 * The owner UI's one live channel: the server pushes rendered fragments, which the page applies as
 * htmx out-of-band swaps (app.js). The query says what the page shows: {@code ?filter=} for the
 * Transfers list, {@code ?transfer=ID} for one job's page. Same-origin only ({@link OwnerGuard}).
 */
@WebSocket(path = "/ui/live", endpointId = LiveSocket.ID)
public class LiveSocket {
  static final String ID = "ui-live";

  @Inject LiveUpdates updates;

  /**
   * The page's current state at once: whatever changed between rendering it and the socket opening.
   */
  @OnOpen
  public String open(WebSocketConnection connection) {
    return updates.snapshot(LiveView.of(connection.handshakeRequest().query()));
  }
}
