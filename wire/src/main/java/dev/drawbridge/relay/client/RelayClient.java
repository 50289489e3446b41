package dev.drawbridge.relay.client;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.identity.PeerTrust;
import dev.drawbridge.relay.protocol.ErrorCode;
import dev.drawbridge.relay.protocol.Frame;
import dev.drawbridge.relay.protocol.FrameDecoder;
import dev.drawbridge.relay.protocol.FrameType;
import dev.drawbridge.relay.protocol.Frames;
import dev.drawbridge.relay.protocol.RelayProtocolException;
import dev.drawbridge.relay.protocol.Welcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A peer's control connection to one relay (protocol: {@code RelayServer}, docs/protocol.md, "Relay
 * protocol"). It announces this peer, answers and sends pings, asks presence, requests hole punches
 * and reports circuits and punch offers to its {@link Listener}. No reconnect logic: when the
 * connection ends, {@link Listener#onClosed} is called once and the caller decides what next.
 *
 * <p>Methods may be called from any thread; listener callbacks run on the connection's event loop.
 */
public final class RelayClient {

  /** What the relay tells this peer. Callbacks must not block (they run on an event loop). */
  public interface Listener {
    /** Someone opened a circuit to us: join it with {@link CircuitJoin} within 10 s. */
    default void onIncoming(byte[] token) {}

    /**
     * {@code from} wants a direct connection: rendezvous with {@link Punch} using {@code token}.
     */
    default void onPunchOffer(PeerId from, byte[] token) {}

    /** The control connection ended (null cause: closed by us). Called at most once. */
    default void onClosed(Throwable cause) {}
  }

  private static final Logger LOG = Logger.getLogger(RelayClient.class);
  static final long PING_MILLIS = 30_000;
  static final long IDLE_MILLIS = 90_000;
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx;
  private final Identity identity;
  private final String host;
  private final int controlPort;
  private final Listener listener;
  private final PeerId expectedRelay;
  private final FrameDecoder decoder = new FrameDecoder();

  /** Requests awaiting a PRESENCE, oldest first (the relay answers in order). */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();

  private final Promise<Welcome> welcome = Promise.promise();
  private NetClient client;
  private NetSocket socket;
  private PeerId relayPeerId;
  private List<Frame> visibility;
  private long pingTimer = -1;
  private boolean closed;
  private boolean closing;

  private enum Kind {
    QUERY,
    PUNCH,
    TOKEN
  }

  private record Pending(PeerId peer, Kind kind, Promise<Object> result) {}

  /** Trusts whichever relay answers at host:port (its PeerId is then {@link #relayPeerId()}). */
  public RelayClient(
      Vertx vertx, Identity identity, String host, int controlPort, Listener listener) {
    this(vertx, identity, host, controlPort, listener, null);
  }

  /** Accepts only the relay with PeerId {@code expectedRelay} (null: any). */
  public RelayClient(
      Vertx vertx,
      Identity identity,
      String host,
      int controlPort,
      Listener listener,
      PeerId expectedRelay) {
    this.vertx = vertx;
    this.identity = identity;
    this.host = host;
    this.controlPort = controlPort;
    this.listener = listener;
    this.expectedRelay = expectedRelay;
  }

  /** Connects, proves this peer's key by TLS and completes with the relay's WELCOME. Call once. */
  public synchronized Future<Welcome> connect() {
    if (client != null) {
      return welcome.future();
    }
    client =
        vertx.createNetClient(
            new NetClientOptions()
                .setSsl(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
                .setKeyCertOptions(KeyCertOptions.wrap(identity.keyManager()))
                .setTrustOptions(
                    TrustOptions.wrap(
                        expectedRelay == null
                            ? PeerTrust.anyPeer()
                            : PeerTrust.pinned(expectedRelay)))
                .setHostnameVerificationAlgorithm("")
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .setReadIdleTimeout((int) IDLE_MILLIS)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTcpNoDelay(true));
    client
        .connect(controlPort, host)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ended(ar.cause());
                return;
              }
              onConnected(ar.result());
            });
    return welcome.future();
  }

  /** Whether {@code peer} holds a control connection to this relay right now. */
  public Future<Boolean> query(PeerId peer) {
    Promise<Object> result = Promise.promise();
    send(new Pending(peer, Kind.QUERY, result), Frames.query(peer));
    return result.future().map(Boolean.class::cast);
  }

  /**
   * Asks the relay (protocol v2) for a single-use token to open a circuit to {@code target}:
   * present it in the CONNECT (see {@code CircuitPreamble.proxyAuthorization}) within 30 s. Fails
   * with a {@link RelayRefusedException}: OFFLINE if the target is not online or does not allow us,
   * LIMIT at a limit, BAD_FRAME from a v1 relay (which then closes the connection).
   */
  public Future<byte[]> circuitToken(PeerId target) {
    Promise<Object> result = Promise.promise();
    send(new Pending(target, Kind.TOKEN, result), Frames.circuitRequest(target));
    return result.future().map(byte[].class::cast);
  }

  /**
   * Tells the relay (protocol v2) which peers may see this one: only they get PRESENCE online,
   * punch offers forwarded and circuit tokens. Replaces the previous list; until the first call the
   * relay shows this peer to anyone (v1 behaviour); may be called before {@link #connect}. Null:
   * visible to all again.
   */
  public void setVisibility(Collection<PeerId> allowed) {
    List<Frame> frames =
        allowed == null ? List.of(Frames.visibleToAll()) : Frames.visibility(allowed);
    synchronized (this) {
      if (socket == null) {
        visibility = frames; // sent first thing once connected, before the WELCOME arrives
        return;
      }
      if (!closed) {
        frames.forEach(f -> socket.write(Buffer.buffer(f.encode())));
      }
    }
  }

  /**
   * Asks the relay to offer a hole punch to {@code target} with {@code token} (16 random bytes, see
   * {@code Tokens.random()}). Completes once the offer was forwarded; fails with a {@link
   * RelayRefusedException} if the target is offline or the relay is at a limit. Only then start
   * {@link Punch#rendezvous}: the relay accepts the token from this moment.
   */
  public Future<Void> requestPunch(PeerId target, byte[] token) {
    Promise<Object> result = Promise.promise();
    // The relay answers in order: a QUERY right behind the request tells us no ERROR came.
    send(
        new Pending(target, Kind.PUNCH, result),
        Frames.punchRequest(target, token),
        Frames.query(target));
    return result.future().mapEmpty();
  }

  public synchronized boolean isConnected() {
    return socket != null && !closed && welcome.future().succeeded();
  }

  /** The relay's PeerId as proven in the TLS handshake; null before connecting. */
  public synchronized PeerId relayPeerId() {
    return relayPeerId;
  }

  public Future<Void> close() {
    NetClient toClose;
    synchronized (this) {
      closing = true;
      toClose = client;
    }
    return toClose == null ? Future.succeededFuture() : toClose.close();
  }

  private void onConnected(NetSocket connected) {
    PeerId relay;
    try {
      relay = PeerTrust.peerOf(connected.peerCertificates().toArray(new Certificate[0]));
    } catch (Exception e) {
      connected.close();
      ended(new IOException("relay presented no usable certificate", e));
      return;
    }
    synchronized (this) {
      socket = connected;
      relayPeerId = relay;
      if (closing) {
        connected.close();
      } else if (visibility != null) {
        visibility.forEach(f -> connected.write(Buffer.buffer(f.encode())));
      }
    }
    connected.closeHandler(v -> ended(null));
    connected.exceptionHandler(e -> LOG.debugf("Relay %s: %s", host, e.toString()));
    connected.handler(this::onData);
    pingTimer = vertx.setPeriodic(PING_MILLIS, id -> write(Frames.ping()));
  }

  private void onData(Buffer data) {
    try {
      decoder.feed(data.getBytes(), this::onFrame);
    } catch (RelayProtocolException e) {
      LOG.warnf("Relay %s broke the protocol: %s", host, e.getMessage());
      NetSocket s = socket;
      s.end(Buffer.buffer(Frames.error(e.code(), e.getMessage()).encode()));
      ended(e);
    }
  }

  private void onFrame(Frame frame) {
    if (!welcome.future().isComplete() && frame.type() != FrameType.WELCOME) {
      throw new RelayProtocolException("expected WELCOME first, got " + frame);
    }
    switch (frame.type()) {
      case FrameType.WELCOME -> welcome.tryComplete(Frames.readWelcome(frame));
      case FrameType.PING -> write(Frames.pong());
      case FrameType.PONG -> {}
      case FrameType.PRESENCE -> onPresence(Frames.readPresence(frame));
      case FrameType.INCOMING -> listener.onIncoming(Frames.readIncoming(frame));
      case FrameType.CIRCUIT_TOKEN -> onCircuitToken(Frames.readCircuitToken(frame));
      case FrameType.PUNCH_OFFER -> {
        Frames.PeerToken offer = Frames.readPeerToken(frame);
        listener.onPunchOffer(offer.peer(), offer.token());
      }
      case FrameType.ERROR -> onError(Frames.readError(frame));
      default ->
          throw new RelayProtocolException(FrameType.name(frame.type()) + " is not sent by relays");
    }
  }

  private void onCircuitToken(Frames.CircuitToken answer) {
    Pending head;
    synchronized (this) {
      head = pending.peek();
      if (head == null || head.kind() != Kind.TOKEN || !head.peer().equals(answer.target())) {
        throw new RelayProtocolException("CIRCUIT_TOKEN that answers no CIRCUIT_REQUEST");
      }
      pending.poll();
    }
    head.result().tryComplete(answer.token());
  }

  private void onPresence(Frames.Presence presence) {
    Pending head;
    synchronized (this) {
      head = pending.peek();
      if (head == null || head.kind() == Kind.TOKEN || !head.peer().equals(presence.peer())) {
        throw new RelayProtocolException("PRESENCE that answers no QUERY");
      }
      pending.poll();
    }
    if (head.kind() == Kind.QUERY) {
      head.result().tryComplete(presence.online());
    } else if (presence.online()) {
      head.result().tryComplete(true);
    } else {
      head.result().tryFail(new RelayRefusedException(ErrorCode.OFFLINE, "peer is offline"));
    }
  }

  private void onError(Frames.Error error) {
    Pending head;
    synchronized (this) {
      head = pending.peek();
      // A refused CIRCUIT_REQUEST gets only the ERROR; a refused PUNCH_REQUEST's barrier PRESENCE
      // follows and is consumed then.
      if (head != null && head.kind() == Kind.TOKEN) {
        pending.poll();
      }
    }
    if (head != null && head.kind() != Kind.QUERY) {
      head.result().tryFail(new RelayRefusedException(error.code(), error.message()));
    } else {
      LOG.warnf(
          "Relay %s reported error %s: %s", host, ErrorCode.name(error.code()), error.message());
    }
  }

  private void send(Pending request, Frame... frames) {
    synchronized (this) {
      if (!isConnected()) {
        request.result().tryFail(new IOException("not connected to relay " + host));
        return;
      }
      pending.add(request);
      // Under the lock: the queue order must be the wire order.
      for (Frame frame : frames) {
        socket.write(Buffer.buffer(frame.encode()));
      }
    }
  }

  private synchronized void write(Frame frame) {
    if (socket != null && !closed) {
      socket.write(Buffer.buffer(frame.encode()));
    }
  }

  private void ended(Throwable cause) {
    Pending[] failed;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      failed = pending.toArray(new Pending[0]);
      pending.clear();
    }
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
    }
    IOException gone = new IOException("relay connection to " + host + " closed", cause);
    welcome.tryFail(gone);
    for (Pending p : failed) {
      p.result().tryFail(gone);
    }
    if (client != null) {
      client.close();
    }
    listener.onClosed(
        cause == null && !closing
            ? new IOException("relay " + host + " closed the connection")
            : cause);
  }
}
