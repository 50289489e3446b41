package dev.drawbridge.web;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Every transfer event as JSON over a WebSocket (one text frame each), for scripts (docs/api.md).
 */
@WebSocket(path = "/api/v1/transfers/ws", endpointId = TransferSocket.ID)
public class TransferSocket {
  static final String ID = "transfer-events";

  @OnOpen
  public String hello() {
    return "{\"type\":\"hello\"}";
  }

  /** Subscribes once at start and fans events out to whoever is connected. */
  @ApplicationScoped
  static class Push {
    @Inject OpenConnections connections;
    @Inject TransferFeed feed;
    private AutoCloseable subscription;

    void start(@Observes StartupEvent ev) {
      subscription =
          feed.subscribe(
              e -> {
                String json = Json.encode(e);
                for (WebSocketConnection c : connections.findByEndpointId(ID)) {
                  // A slow or closed client only loses its own frames.
                  c.sendText(json).subscribe().with(ok -> {}, err -> {});
                }
              });
    }

    void stop(@Observes ShutdownEvent ev) throws Exception {
      if (subscription != null) {
        subscription.close();
      }
    }
  }
}
