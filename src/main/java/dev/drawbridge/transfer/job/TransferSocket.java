package dev.drawbridge.transfer.job;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Pushes every transfer event to the owner UI over a WebSocket (one JSON text frame each). */
@WebSocket(path = "/api/v1/transfers/ws")
public class TransferSocket {
  @OnOpen
  public String hello() {
    return "{\"type\":\"hello\"}";
  }

  /** Subscribes once at start and fans events out to whoever is connected. */
  @ApplicationScoped
  static class Push {
    @Inject OpenConnections connections;
    @Inject TransferEvents events;

    void start(@Observes StartupEvent ev) {
      events.subscribe(e -> {
        String json = Json.encode(e);
        for (WebSocketConnection c : connections) {
          // A slow or closed browser only loses its own frames.
          c.sendText(json).subscribe().with(ok -> { }, err -> { });
        }
      });
    }
  }
}
