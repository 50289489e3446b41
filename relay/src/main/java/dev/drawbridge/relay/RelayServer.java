package dev.drawbridge.relay;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.identity.PeerTrust;
import dev.drawbridge.relay.protocol.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/*
 * Drawbridge relay protocol (full text with rationale: docs/protocol.md, "Relay protocol")
 *
 * CONTROL PORT (default 7779): TLS 1.3, both sides present Ed25519 certificates. The TLS
 * CertificateVerify signs the relay-chosen handshake randomness, so the handshake proves the peer
 * holds its key; the relay keys the connection by PeerId.of(client certificate key). A newer
 * connection for the same PeerId replaces (closes) the older one.
 *
 *   frame   = type u8 | length u16 (big-endian) | payload[length]    (length <= 4096)
 *
 *   0x01 WELCOME        relay->peer  circuitPort u16 | addrLen u8 | observedAddress "ip:port"
 *   0x02 PING           both         (empty)   relay pings every 30 s; 90 s of silence closes
 *   0x03 PONG           both         (empty)
 *   0x10 QUERY          peer->relay  rawKey[32]
 *   0x11 PRESENCE       relay->peer  rawKey[32] | online u8 (0|1)
 *   0x12 VISIBILITY     peer->relay  mode u8 (0 replace, 1 add, 2 all) | hash16[n <= 255]   (v2)
 *                                    only these peers see it online / may punch / get tokens
 *   0x20 INCOMING       relay->peer  token[16]   join circuit `token` on the circuit port within 10 s
 *   0x21 CIRCUIT_REQUEST peer->relay targetRawKey[32]                                    (v2)
 *   0x22 CIRCUIT_TOKEN  relay->peer  targetRawKey[32] | token[16]  single use, 30 s      (v2)
 *   0x30 PUNCH_REQUEST  peer->relay  targetRawKey[32] | token[16]   (token chosen by the requester)
 *   0x31 PUNCH_OFFER    relay->peer  fromRawKey[32] | token[16]
 *   0x7F ERROR          both         code u8 | UTF-8 message
 *                                    1 bad frame, 2 offline, 3 limit, 4 timeout, 5 internal
 *
 *   Unknown type, oversize length, a malformed payload or a relay->peer type sent by a peer:
 *   ERROR(1) then close. The relay answers requests in order (a QUERY after a PUNCH_REQUEST is
 *   a barrier: if no ERROR came before its PRESENCE, the punch request was forwarded).
 *
 * CIRCUIT PORT (default 7780): plain TCP; what it carries is end-to-end TLS between peers.
 *
 *   Source B                         Relay                               Target A (online)
 *   control: CIRCUIT_REQUEST(A) -> CIRCUIT_TOKEN(A, t)   (B authenticated; A lets B see it)
 *   CONNECT <A>.drawbridge:p HTTP/1.1\r\n
 *   Proxy-Authorization: Basic base64("drawbridge:" hex t)\r\n\r\n  (<= 8 KiB)
 *                                    --- control: INCOMING(token) -->
 *                                    <-- circuit port: "DBJ1" token[16] --
 *                                    --- 0x00 ------------------------->
 *   <-- HTTP/1.1 200 Connection established\r\n\r\n
 *   <================== spliced both ways, bytes counted ==================>
 *
 *   Refusals to the source: 400 malformed, 407 no valid token (checked first), 404 target offline,
 *   429 limit (per source peer and target, per target, per IP, total), 504 no join in 10 s.
 *   A join with an unknown or expired token gets 0x01 and a close.
 *
 *   Hole punching: A sends PUNCH_REQUEST(B, t) on control; B gets PUNCH_OFFER(A, t). Each then
 *   connects from a fresh SO_REUSEADDR+SO_REUSEPORT port and sends "DBR1" t. When both are there
 *   (<= 10 s) the relay writes to each  addrLen u8 | other's observed "ip:port"  and closes; the
 *   peers connect() to each other from the same ports (TCP simultaneous open). Tokens not
 *   announced by a PUNCH_REQUEST are refused (the relay is no open address reflector).
 */

/**
 * The relay: a TLS control port and a plain circuit port (protocol in the comment above). All
 * connection handling runs on one event loop, so the bookkeeping needs no locks; the splice is a
 * memory copy per chunk, which one core does at far more than the uplink of a small relay.
 */
public final class RelayServer {

  private static final Logger LOG = Logger.getLogger(RelayServer.class);
  private static final long STATS_LOG_MILLIS = 5 * 60_000;

  private final Vertx vertx;
  private final Identity identity;
  private final RelayConfig config;
  private final RefusalLog refusals = new RefusalLog();
  private final Admission admission;
  private final PeerDirectory directory = new PeerDirectory();
  private final Rendezvous rendezvous;
  private final CircuitBroker broker;
  private final CircuitPort circuits;
  private NetServer controlServer;
  private NetServer circuitServer;
  private Context context;
  private long statsTimer = -1;

  public RelayServer(Vertx vertx, Identity identity, RelayConfig config) {
    this.vertx = vertx;
    this.identity = identity;
    this.config = config;
    this.admission = new Admission(config, refusals);
    this.rendezvous = new Rendezvous(vertx, config, refusals);
    this.broker = new CircuitBroker(vertx, config, directory, refusals);
    this.circuits = new CircuitPort(vertx, config, admission, refusals, broker, rendezvous);
  }

  /** Binds both ports; completes when both listen. */
  public Future<RelayServer> start() {
    context = vertx.getOrCreateContext();
    Promise<RelayServer> started = Promise.promise();
    // Creating both servers on one context puts every handler and timer on one event loop.
    context.runOnContext(
        v -> {
          controlServer = vertx.createNetServer(controlOptions());
          controlServer.connectHandler(this::onControl);
          controlServer.exceptionHandler(e -> LOG.debugf("Control port: %s", e.toString()));
          circuitServer =
              vertx.createNetServer(
                  new NetServerOptions()
                      .setHost(config.host())
                      .setPort(config.circuitPort())
                      .setTcpNoDelay(true));
          circuitServer.connectHandler(circuits::accept);
          controlServer
              .listen()
              .compose(c -> circuitServer.listen())
              .onSuccess(
                  c -> {
                    statsTimer =
                        vertx.setPeriodic(
                            STATS_LOG_MILLIS, id -> LOG.infof("Relay stats: %s", stats()));
                    LOG.infof(
                        "Relay %s listening on %s: control %d (TLS 1.3, client certificate required),"
                            + " circuits %d",
                        identity.peerId().value(), config.host(), controlPort(), circuitPort());
                    started.complete(this);
                  })
              .onFailure(e -> stop().onComplete(x -> started.fail(e)));
        });
    return started.future();
  }

  public Future<Void> stop() {
    if (context == null) {
      return Future.succeededFuture();
    }
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(
        v -> {
          vertx.cancelTimer(statsTimer);
          directory.closeAll();
          Future<Void> a = controlServer == null ? Future.succeededFuture() : controlServer.close();
          Future<Void> b = circuitServer == null ? Future.succeededFuture() : circuitServer.close();
          Future.join(a, b).<Void>mapEmpty().onComplete(stopped);
        });
    return stopped.future();
  }

  /** The bound control port (useful when configured as 0). */
  public int controlPort() {
    return controlServer.actualPort();
  }

  /** The bound circuit port (useful when configured as 0). */
  public int circuitPort() {
    return circuitServer.actualPort();
  }

  /** Refusal log lines written so far: bounded per (IP, reason) per minute, not per refusal. */
  long refusalLinesLogged() {
    return refusals.linesLogged();
  }

  public RelayConfig config() {
    return config;
  }

  public PeerId peerId() {
    return identity.peerId();
  }

  public RelayStats stats() {
    return new RelayStats(
        directory.size(),
        broker.openCircuits(),
        broker.pendingCircuits(),
        admission.openConnections(),
        broker.bytesToTarget(),
        broker.bytesFromTarget(),
        refusals.snapshot());
  }

  private NetServerOptions controlOptions() {
    return new NetServerOptions()
        .setHost(config.host())
        .setPort(config.controlPort())
        .setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
        .setKeyCertOptions(KeyCertOptions.wrap(identity.keyManager()))
        // Any Ed25519 key may connect: the relay serves anyone's peer, it keys them by PeerId.
        .setTrustOptions(TrustOptions.wrap(PeerTrust.anyPeer()))
        .setSslHandshakeTimeout(config.tlsHandshakeTimeout().toMillis())
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
        // Silence for the idle timeout closes the connection; pings keep a live one busy.
        .setReadIdleTimeout(
            (int) Math.min(Integer.MAX_VALUE, config.controlIdleTimeout().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setTcpNoDelay(true);
  }

  private void onControl(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    if (!admission.admit(ip)) {
      socket.close();
      return;
    }
    ChannelClose.whenClosed(socket, admission::release);
    PeerId peer;
    try {
      peer = PeerTrust.peerOf(socket.sslSession().getPeerCertificates());
    } catch (Exception e) {
      // Unreachable with client auth REQUIRED, but never serve an anonymous control connection.
      refusals.refuse(ip, Refusal.UNAUTHENTICATED, e.getMessage());
      socket.close();
      return;
    }
    String observed = Addresses.format(ip, socket.remoteAddress().port());
    new ControlSession(
            vertx, socket, peer, ip, observed, config, directory, rendezvous, broker, refusals)
        .start(circuitPort());
  }
}
