package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.identity.PeerTrust;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jboss.logging.Logger;

/**
 * The mesh listener: a TLS 1.3 HTTP server that requires a client certificate and hands each
 * request to the peer API together with the caller's PeerId, taken from that certificate's key. It
 * serves nothing else; the owner UI never appears on this port.
 */
public final class MeshServer {
  /** Receives every request with its authenticated caller. */
  public interface PeerHandler {
    void handle(PeerId caller, HttpServerRequest request);
  }

  private static final Logger LOG = Logger.getLogger(MeshServer.class);
  public static final int MAX_CONNECTIONS = 512;

  private final Vertx vertx;
  private final Identity identity;
  private final String host;
  private final int port;
  private final PeerHandler handler;
  private final AtomicInteger open = new AtomicInteger();
  private HttpServer server;

  public MeshServer(Vertx vertx, Identity identity, String host, int port, PeerHandler handler) {
    this.vertx = vertx;
    this.identity = identity;
    this.host = host;
    this.port = port;
    this.handler = handler;
  }

  public Future<MeshServer> start() {
    server = vertx.createHttpServer(MeshTls.server(identity));
    server.connectionHandler(
        conn -> {
          if (open.incrementAndGet() > MAX_CONNECTIONS) {
            conn.close();
          }
          conn.closeHandler(v -> open.decrementAndGet());
        });
    server.requestHandler(this::dispatch);
    return server
        .listen(port, host)
        .map(
            s -> {
              LOG.infof(
                  "Mesh listener for %s on %s:%d (TLS 1.3, client certificate required)",
                  identity.peerId().shortForm(), host, s.actualPort());
              return this;
            });
  }

  /** The bound port (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void dispatch(HttpServerRequest request) {
    PeerId caller;
    try {
      caller = PeerTrust.peerOf(request.connection().sslSession().getPeerCertificates());
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      // Unreachable with client auth REQUIRED, but never serve an anonymous request.
      request.response().setStatusCode(401).end();
      request.connection().close();
      return;
    }
    handler.handle(caller, request);
  }
}
