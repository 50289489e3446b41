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

  private final Vertx vertx;
  private final NetSocket socket;
  private final PeerId peer;
  private final String ip;
  private final String observedAddress;
  private final RelayConfig config;
  private final PeerDirectory directory;
  private final Rendezvous rendezvous;
  private final RefusalLog refusals;
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
      RefusalLog refusals) {
    this.vertx = vertx;
    this.socket = socket;
    this.peer = peer;
    this.ip = ip;
    this.observedAddress = observedAddress;
    this.config = config;
    this.directory = directory;
    this.rendezvous = rendezvous;
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
        send(Frames.presence(asked, directory.find(asked) != null));
      }
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

  private void punch(Frames.PeerToken request) {
    ControlSession target = directory.find(request.peer());
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
