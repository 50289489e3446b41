package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.identity.PeerTrust;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jboss.logging.Logger;

/**
 * The mesh listener: a TLS 1.3 HTTP server that requires a client certificate and hands each
 * request to the peer API together with the caller's PeerId, taken from that certificate's key. It
 * serves nothing else; the owner UI never appears on this port.
 *
 * <p>Every connection passes a {@link ConnectionGuard}: a request-head deadline, a keep-alive
 * deadline, per-PeerId and per-IP caps, and a smaller pool for strangers so that granted peers and
 * contacts always find room.
 */
public final class MeshServer {
  /** Receives every request with its authenticated caller. */
  public interface PeerHandler {
    void handle(PeerId caller, HttpServerRequest request);
  }

  /**
   * Connection limits of the mesh listener.
   *
   * @param maxConnections all connections together
   * @param strangerConnections connections of peers with no grant and no contact entry, together
   * @param perPeer connections of one PeerId
   * @param perAddress connections from one remote IP (loopback exempt: relayed circuits)
   * @param requestHeadTimeout a new connection must send a complete request head within this
   * @param keepAlive an idle connection must send its next request head within this
   */
  public record Limits(
      int maxConnections,
      int strangerConnections,
      int perPeer,
      int perAddress,
      Duration requestHeadTimeout,
      Duration keepAlive) {
    public static final Limits DEFAULT =
        new Limits(512, 128, 32, 64, Duration.ofSeconds(10), Duration.ofSeconds(30));

    public Limits {
      if (maxConnections < 1
          || strangerConnections < 0
          || strangerConnections > maxConnections
          || perPeer < 1
          || perAddress < 1
          || requestHeadTimeout.isNegative()
          || requestHeadTimeout.isZero()
          || keepAlive.isNegative()
          || keepAlive.isZero()) {
        throw new IllegalArgumentException("bad mesh connection limits: " + this);
      }
    }
  }

  private static final Logger LOG = Logger.getLogger(MeshServer.class);
  public static final int MAX_CONNECTIONS = Limits.DEFAULT.maxConnections();
  static final long SWEEP_MS = 1000;
  static final long SUMMARY_MS = 60_000;

  private final Vertx vertx;
  private final Identity identity;
  private final String host;
  private final int port;
  private final PeerHandler handler;
  private final Predicate<PeerId> favoured;
  private final ConnectionGuard guard;
  private final Map<HttpConnection, ConnectionGuard.Entry> entries = new ConcurrentHashMap<>();
  private HttpServer server;
  private long sweepTimer = -1;
  private long summaryTimer = -1;

  /** Everyone a stranger: for tests and tools that have no grants or contacts. */
  public MeshServer(Vertx vertx, Identity identity, String host, int port, PeerHandler handler) {
    this(vertx, identity, host, port, handler, p -> false, Limits.DEFAULT);
  }

  /**
   * @param favoured peers that are not strangers (granted a share or in the contacts); asked once
   *     per connection, on the event loop, so it must answer from memory
   */
  public MeshServer(
      Vertx vertx,
      Identity identity,
      String host,
      int port,
      PeerHandler handler,
      Predicate<PeerId> favoured,
      Limits limits) {
    this.vertx = vertx;
    this.identity = identity;
    this.host = host;
    this.port = port;
    this.handler = handler;
    this.favoured = favoured;
    this.guard = new ConnectionGuard(limits);
  }

  public Future<MeshServer> start() {
    server = vertx.createHttpServer(MeshTls.server(identity));
    server.connectionHandler(this::admit);
    server.requestHandler(this::dispatch);
    sweepTimer = vertx.setPeriodic(SWEEP_MS, id -> sweep());
    summaryTimer = vertx.setPeriodic(SUMMARY_MS, id -> summarise());
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

  /** Open connections now (tests, status). */
  public int openConnections() {
    return guard.open();
  }

  public Future<Void> stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
      vertx.cancelTimer(summaryTimer);
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void admit(HttpConnection conn) {
    PeerId peer;
    try {
      peer = PeerTrust.peerOf(conn.sslSession().getPeerCertificates());
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      conn.close();
      return;
    }
    SocketAddress remote = conn.remoteAddress();
    String address = remote == null || remote.hostAddress() == null ? "?" : remote.hostAddress();
    boolean stranger;
    try {
      stranger = !favoured.test(peer);
    } catch (RuntimeException e) {
      stranger = true;
    }
    ConnectionGuard.Entry entry =
        guard.admit(conn::close, peer, address, isLoopback(address), stranger, System.nanoTime());
    if (entry == null) {
      conn.close();
      return;
    }
    // The request handler finds the entry through the connection.
    entries.put(conn, entry);
    conn.closeHandler(
        v -> {
          guard.closed(entry);
          entries.remove(conn);
        });
  }

  private void dispatch(HttpServerRequest request) {
    ConnectionGuard.Entry entry = entries.get(request.connection());
    if (entry == null) {
      // Refused or already expired: nothing is served on it.
      request.connection().close();
      return;
    }
    HttpServerResponse response = request.response();
    guard.requestStarted(entry, () -> response.ended() || response.closed());
    handler.handle(entry.peer, request);
  }

  private void sweep() {
    for (ConnectionGuard.Handle h : guard.sweep(System.nanoTime())) {
      h.close();
    }
  }

  private void summarise() {
    Map<ConnectionGuard.Reason, Long> counts = guard.drainCounts();
    if (!counts.isEmpty()) {
      // One line a minute at most, however many connections were refused or closed.
      LOG.infof("Mesh connections refused or closed in the last minute: %s", counts);
    }
  }

  private static boolean isLoopback(String address) {
    // Only ever a literal address from the socket; never resolve a name here.
    byte[] raw = NetUtil.createByteArrayFromIpAddressString(address);
    try {
      return raw != null && InetAddress.getByAddress(raw).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
