package dev.drawbridge.relay;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.protocol.ErrorCode;
import dev.drawbridge.relay.protocol.Frame;
import dev.drawbridge.relay.protocol.FrameDecoder;
import dev.drawbridge.relay.protocol.FrameType;
import dev.drawbridge.relay.protocol.Frames;
import dev.drawbridge.relay.protocol.RelayProtocolException;
import dev.drawbridge.relay.protocol.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * One authenticated peer's control connection (see {@link RelayServer} for the protocol). Every
 * request is answered in order on this connection, which lets the client use a QUERY as a barrier.
 * Replies are small, but a peer that sends requests without reading replies is paused once its
 * write queue is full, so it cannot make the relay buffer for it.
 */
final class ControlSession {

  private static final Logger LOG = Logger.getLogger(ControlSession.class);

  /** Enough for hundreds of queued replies; a reader that far behind is paused, not served. */
  private static final int WRITE_QUEUE_BYTES = 64 * 1024;

  /** Most peers one peer can make visible to itself: 1024 × 16 bytes per control connection. */
  static final int MAX_VISIBLE = 1024;

  private final Vertx vertx;
  private final NetSocket socket;
  private final PeerId peer;
  private final String ip;
  private final String observedAddress;
  private final RelayConfig config;
  private final PeerDirectory directory;
  private final Rendezvous rendezvous;
  private final CircuitBroker broker;
  private final RefusalLog refusals;

  /**
   * Who may see this peer (v2 VISIBILITY): sorted 16-byte hashes, or null for anyone (v1 behaviour,
   * until the peer sends its first VISIBILITY). Written on the event loop, read there too (QUERY,
   * PUNCH_REQUEST, CIRCUIT_REQUEST and CONNECT all run on it).
   */
  private byte[][] visible;

  private int visibleCount;

  /** Circuit token requests in the current window (same budget as punch requests). */
  private long tokenWindowStart;

  private int tokensInWindow;
  private final FrameDecoder decoder;
  private long pingTimer = -1;
  private boolean closed;

  /** Punch requests in the current window: one peer must not fill the relay's token table. */
  private long punchWindowStart;

  private int punchesInWindow;

  ControlSession(
      Vertx vertx,
      NetSocket socket,
      PeerId peer,
      String ip,
      String observedAddress,
      RelayConfig config,
      PeerDirectory directory,
      Rendezvous rendezvous,
      CircuitBroker broker,
      RefusalLog refusals) {
    this.vertx = vertx;
    this.socket = socket;
    this.peer = peer;
    this.ip = ip;
    this.observedAddress = observedAddress;
    this.config = config;
    this.directory = directory;
    this.rendezvous = rendezvous;
    this.broker = broker;
    this.refusals = refusals;
    this.decoder = new FrameDecoder(config.maxFramePayload());
  }

  PeerId peer() {
    return peer;
  }

  void start(int circuitPort) {
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(
        e -> LOG.debugf("Control connection of %s: %s", peer.shortForm(), e.toString()));
    socket.handler(this::onData);
    ControlSession replaced = directory.register(this);
    if (replaced != null) {
      LOG.infof(
          "Peer %s reconnected from %s; closing its previous control connection",
          peer.shortForm(), observedAddress);
      replaced.close();
    } else {
      LOG.infof("Peer %s online from %s", peer.shortForm(), observedAddress);
    }
    send(Frames.welcome(circuitPort, observedAddress));
    pingTimer = vertx.setPeriodic(config.pingInterval().toMillis(), id -> send(Frames.ping()));
  }

  /** Tells the peer to join circuit {@code token}; false if it cannot take it now. */
  boolean announceCircuit(byte[] token) {
    return sendIfRoom(Frames.incoming(token));
  }

  /** Forwards a punch request from {@code from}; false if this peer cannot take it now. */
  boolean offerPunch(PeerId from, byte[] token) {
    return sendIfRoom(Frames.punchOffer(from, token));
  }

  void close() {
    if (!closed) {
      closed = true;
      socket.close();
    }
  }

  private void onData(Buffer data) {
    if (closed) {
      return;
    }
    try {
      decoder.feed(data.getBytes(), this::onFrame);
    } catch (RelayProtocolException e) {
      // One ERROR and one log line per connection, however many bad bytes follow.
      refusals.refuse(ip, Refusal.BAD_FRAME, peer.shortForm() + ": " + e.getMessage());
      closeWith(e.code(), e.getMessage());
      return;
    }
    if (!closed && socket.writeQueueFull()) {
      socket.pause();
      socket.drainHandler(v -> socket.resume());
    }
  }

  private void onFrame(Frame frame) {
    if (closed) {
      return;
    }
    switch (frame.type()) {
      case FrameType.PING -> send(Frames.pong());
      case FrameType.PONG -> {} // the read itself keeps the connection alive
      case FrameType.QUERY -> {
        PeerId asked = Frames.readQuery(frame);
        // A target that does not allow us gets the very answer an absent peer gets.
        send(Frames.presence(asked, findVisible(asked) != null));
      }
      case FrameType.VISIBILITY -> setVisibility(Frames.readVisibility(frame));
      case FrameType.CIRCUIT_REQUEST -> circuitToken(Frames.readCircuitRequest(frame));
      case FrameType.PUNCH_REQUEST -> punch(Frames.readPeerToken(frame));
      case FrameType.ERROR -> {
        Frames.Error error = Frames.readError(frame);
        LOG.debugf(
            "Peer %s reported error %d: %s", peer.shortForm(), error.code(), error.message());
      }
      default ->
          throw new RelayProtocolException(FrameType.name(frame.type()) + " is not sent by peers");
    }
  }

  /** Whether {@code asker} may see this peer (presence, punch offers, circuits). */
  boolean visibleTo(PeerId asker) {
    byte[][] list = visible;
    return list == null
        || Arrays.binarySearch(list, 0, visibleCount, Frames.visibilityHash(asker), Arrays::compare)
            >= 0;
  }

  /** The online session of {@code target} if it lets this peer see it; null otherwise. */
  private ControlSession findVisible(PeerId target) {
    ControlSession session = directory.find(target);
    return session != null && session.visibleTo(peer) ? session : null;
  }

  private void setVisibility(Frames.Visibility v) {
    if (v.mode() == Frames.VISIBILITY_ALL) {
      visible = null;
      visibleCount = 0;
      return;
    }
    if (v.mode() == Frames.VISIBILITY_REPLACE || visible == null) {
      visible = new byte[Math.min(MAX_VISIBLE, Math.max(16, v.hashes().size()))][];
      visibleCount = 0;
    }
    int room = MAX_VISIBLE - visibleCount;
    if (v.hashes().size() > room) {
      refusals.refuse(ip, Refusal.BAD_FRAME, "more than " + MAX_VISIBLE + " visible peers");
      send(Frames.error(ErrorCode.LIMIT, "at most " + MAX_VISIBLE + " visible peers"));
    }
    int n = Math.min(room, v.hashes().size());
    if (visibleCount + n > visible.length) {
      visible =
          Arrays.copyOf(
              visible, Math.min(MAX_VISIBLE, Math.max(visibleCount + n, 2 * visible.length)));
    }
    for (int i = 0; i < n; i++) {
      visible[visibleCount++] = v.hashes().get(i);
    }
    Arrays.sort(visible, 0, visibleCount, Arrays::compare);
  }

  private void circuitToken(PeerId target) {
    ControlSession session = findVisible(target);
    if (session == null || session == this) {
      refusals.refuse(ip, Refusal.NOT_VISIBLE, "circuit token");
      send(Frames.error(ErrorCode.OFFLINE, "peer " + target.shortForm() + " is offline"));
      return;
    }
    long now = System.nanoTime();
    if (now - tokenWindowStart > 2 * config.pendingTimeout().toNanos()) {
      tokenWindowStart = now;
      tokensInWindow = 0;
    }
    byte[] token =
        ++tokensInWindow <= 4 * config.circuitsPerTarget() ? broker.issueToken(peer, target) : null;
    if (token == null) {
      refusals.refuse(ip, Refusal.CIRCUIT_TOKEN_LIMIT, peer.shortForm());
      send(Frames.error(ErrorCode.LIMIT, "too many circuit tokens, try later"));
      return;
    }
    send(Frames.circuitToken(target, token));
  }

  private void punch(Frames.PeerToken request) {
    ControlSession target = findVisible(request.peer());
    if (target == null || target == this) {
      send(Frames.error(ErrorCode.OFFLINE, "peer " + request.peer().shortForm() + " is offline"));
      return;
    }
    if (!punchAllowed() || !rendezvous.expect(request.token())) {
      refusals.refuse(ip, Refusal.PUNCH_LIMIT, "too many pending rendezvous");
      send(Frames.error(ErrorCode.LIMIT, "too many pending hole punches, try later"));
      return;
    }
    if (!target.offerPunch(peer, request.token())) {
      refusals.refuse(ip, Refusal.TARGET_BUSY, "punch to " + request.peer().shortForm());
      send(Frames.error(ErrorCode.LIMIT, "peer " + request.peer().shortForm() + " is busy"));
      return;
    }
    LOG.debugf(
        "Punch %s: %s -> %s",
        Tokens.forLog(request.token()), peer.shortForm(), request.peer().shortForm());
  }

  /** At most circuitsPerTarget punch requests per token lifetime (2 x pending timeout). */
  private boolean punchAllowed() {
    long now = System.nanoTime();
    if (now - punchWindowStart > 2 * config.pendingTimeout().toNanos()) {
      punchWindowStart = now;
      punchesInWindow = 0;
    }
    return ++punchesInWindow <= config.circuitsPerTarget();
  }

  private boolean sendIfRoom(Frame frame) {
    if (closed || socket.writeQueueFull()) {
      return false;
    }
    send(frame);
    return true;
  }

  private void send(Frame frame) {
    if (!closed) {
      socket.write(Buffer.buffer(frame.encode()));
    }
  }

  private void closeWith(int code, String message) {
    if (!closed) {
      closed = true;
      socket.end(Buffer.buffer(Frames.error(code, message).encode()));
    }
  }

  private void onClosed() {
    closed = true;
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
    }
    directory.unregister(this);
    LOG.debugf("Control connection of %s closed", peer.shortForm());
  }
}
