package dev.drawbridge.relay;

import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.protocol.CircuitPreamble;
import dev.drawbridge.relay.protocol.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Relayed circuits from token to close: issues single-use circuit tokens to authenticated peers,
 * checks the CONNECT's token and the limits (per target, per source PeerId and target, per source
 * IP, total), announces the circuit to the target over its control connection (INCOMING), waits for
 * the target's DBJ1 join, then splices. A circuit counts against the limits from the CONNECT on, so
 * pending ones cannot be used to get around them. Event-loop confined.
 */
final class CircuitBroker {

  private static final Logger LOG = Logger.getLogger(CircuitBroker.class);

  private final Vertx vertx;
  private final RelayConfig config;
  private final PeerDirectory directory;
  private final RefusalLog refusals;
  private final Map<String, Pending> pending = new HashMap<>();
  private final Map<PeerId, Integer> perTarget = new HashMap<>();
  private final Map<String, Integer> perSourceIp = new HashMap<>();

  /** Circuits per (source PeerId, target PeerId), keyed "source>target". */
  private final Map<String, Integer> perSourcePeer = new HashMap<>();

  /** Issued, unused circuit tokens (protocol v2), keyed by hex; single use, forgotten at expiry. */
  private final Map<String, Issued> tokens = new HashMap<>();

  private final Map<PeerId, Integer> tokensPerOwner = new HashMap<>();
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong bytesToTarget = new AtomicLong();
  private final AtomicLong bytesFromTarget = new AtomicLong();

  /** How long an issued circuit token stays valid. */
  static final long TOKEN_TTL_MILLIS = 30_000;

  private record Issued(PeerId owner, PeerId target, long timer) {}

  private static final class Pending {
    final NetSocket source;
    final String sourceIp;
    final PeerId owner;
    final PeerId target;
    final Buffer early;
    long timer;

    Pending(NetSocket source, String sourceIp, PeerId owner, PeerId target, Buffer early) {
      this.source = source;
      this.sourceIp = sourceIp;
      this.owner = owner;
      this.target = target;
      this.early = early;
    }

    String pair() {
      return owner.value() + ">" + target.value();
    }
  }

  CircuitBroker(Vertx vertx, RelayConfig config, PeerDirectory directory, RefusalLog refusals) {
    this.vertx = vertx;
    this.config = config;
    this.directory = directory;
    this.refusals = refusals;
  }

  /**
   * Issues a single-use token for {@code owner} (authenticated on its control connection) to
   * CONNECT to {@code target} within {@link #TOKEN_TTL_MILLIS}; null at a limit. An owner holds at
   * most circuits-per-target unused tokens, the relay 2 × total circuits.
   */
  byte[] issueToken(PeerId owner, PeerId target) {
    if (tokens.size() >= 2 * config.totalCircuits()
        || tokensPerOwner.getOrDefault(owner, 0) >= config.circuitsPerTarget()) {
      return null;
    }
    byte[] token = Tokens.random();
    String key = Tokens.key(token);
    long timer = vertx.setTimer(TOKEN_TTL_MILLIS, id -> forgetToken(key));
    tokens.put(key, new Issued(owner, target, timer));
    tokensPerOwner.merge(owner, 1, Integer::sum);
    return token;
  }

  private Issued forgetToken(String key) {
    Issued issued = tokens.remove(key);
    if (issued != null) {
      vertx.cancelTimer(issued.timer());
      tokensPerOwner.computeIfPresent(issued.owner(), (k, n) -> n > 1 ? n - 1 : null);
    }
    return issued;
  }

  /**
   * A CONNECT for {@code target} carrying {@code circuitToken} (null: none); {@code early} is
   * whatever followed the header block. Without a valid token nothing about the target is looked
   * up, so a keyless client learns nothing (not even whether the target is online).
   */
  void connect(
      NetSocket source, String sourceIp, PeerId target, byte[] circuitToken, Buffer early) {
    Issued issued = circuitToken == null ? null : forgetToken(Tokens.key(circuitToken));
    if (issued == null || !issued.target().equals(target)) {
      refusals.refuse(sourceIp, Refusal.NO_CIRCUIT_TOKEN, "circuit without a valid token");
      HttpReply.authenticationRequired(
          source,
          "a circuit needs a token: ask for one with CIRCUIT_REQUEST on your relay control"
              + " connection (relay protocol v2)");
      return;
    }
    PeerId owner = issued.owner();
    ControlSession session = directory.find(target);
    if (session == null || !session.visibleTo(owner)) {
      refusals.refuse(sourceIp, Refusal.PEER_OFFLINE, target.shortForm());
      HttpReply.fail(
          source,
          404,
          "Not Found",
          "peer " + target.shortForm() + " is not connected to this relay");
      return;
    }
    Refusal over = overLimit(owner, target, sourceIp);
    if (over != null) {
      refusals.refuse(sourceIp, over, "circuit to " + target.shortForm());
      HttpReply.fail(source, 429, "Too Many Requests", "relay limit reached: " + over);
      return;
    }
    byte[] token = Tokens.random();
    if (!session.announceCircuit(token)) {
      refusals.refuse(sourceIp, Refusal.TARGET_BUSY, target.shortForm());
      HttpReply.fail(source, 429, "Too Many Requests", "peer " + target.shortForm() + " is busy");
      return;
    }
    String key = Tokens.key(token);
    Pending p = new Pending(source, sourceIp, owner, target, early);
    reserve(p);
    pending.put(key, p);
    p.timer =
        vertx.setTimer(
            config.pendingTimeout().toMillis(),
            id -> {
              if (pending.remove(key, p)) {
                release(p);
                refusals.refuse(sourceIp, Refusal.JOIN_TIMEOUT, target.shortForm());
                HttpReply.fail(
                    source,
                    504,
                    "Gateway Timeout",
                    "peer " + target.shortForm() + " did not answer");
              }
            });
    source.closeHandler(
        v -> {
          if (pending.remove(key, p)) {
            vertx.cancelTimer(p.timer);
            release(p);
          }
        });
  }

  /** A DBJ1 from the target; anything but a pending token is refused with one byte. */
  void join(NetSocket joiner, String joinerIp, byte[] token, Buffer early) {
    Pending p = pending.remove(Tokens.key(token));
    if (p == null) {
      refusals.refuse(joinerIp, Refusal.UNKNOWN_TOKEN, "join " + Tokens.forLog(token));
      joiner.end(Buffer.buffer(new byte[] {CircuitPreamble.JOIN_REFUSED}));
      return;
    }
    vertx.cancelTimer(p.timer);
    // The joiner hears 0x00 before any source byte can reach it: the source gets its 200 only now.
    joiner.write(Buffer.buffer(new byte[] {CircuitPreamble.JOIN_ACCEPTED}));
    p.source.write(HttpReply.ESTABLISHED);
    open.incrementAndGet();
    long started = System.nanoTime();
    Splice[] splice = new Splice[1];
    splice[0] =
        new Splice(
            vertx,
            p.source,
            joiner,
            config.bytesPerCircuit(),
            bytesToTarget,
            bytesFromTarget,
            () -> {
              open.decrementAndGet();
              release(p);
              Splice s = splice[0];
              if (s.endReason() != null) {
                refusals.refuse(p.sourceIp, s.endReason(), "circuit to " + p.target.shortForm());
              }
              LOG.debugf(
                  "Circuit %s -> %s closed after %d ms: %d bytes to target, %d back",
                  p.sourceIp,
                  p.target.shortForm(),
                  (System.nanoTime() - started) / 1_000_000,
                  s.bytesToTarget(),
                  s.bytesFromTarget());
            });
    splice[0].start(p.early, early, config.circuitMaxDuration().toMillis());
    LOG.debugf("Circuit %s -> %s open", p.sourceIp, p.target.shortForm());
  }

  int openCircuits() {
    return open.get();
  }

  int pendingCircuits() {
    return reserved.get() - open.get();
  }

  long bytesToTarget() {
    return bytesToTarget.get();
  }

  long bytesFromTarget() {
    return bytesFromTarget.get();
  }

  private Refusal overLimit(PeerId owner, PeerId target, String ip) {
    if (reserved.get() >= config.totalCircuits()) {
      return Refusal.TOTAL_CIRCUITS;
    }
    // Per source first: a source at its share is told so, and never eats the target's slots.
    if (perSourcePeer.getOrDefault(owner.value() + ">" + target.value(), 0)
        >= config.circuitsPerSourcePeer()) {
      return Refusal.CIRCUITS_PER_SOURCE_PEER;
    }
    if (perTarget.getOrDefault(target, 0) >= config.circuitsPerTarget()) {
      return Refusal.CIRCUITS_PER_TARGET;
    }
    if (perSourceIp.getOrDefault(ip, 0) >= config.circuitsPerSourceIp()) {
      return Refusal.CIRCUITS_PER_SOURCE_IP;
    }
    return null;
  }

  private void reserve(Pending p) {
    reserved.incrementAndGet();
    perTarget.merge(p.target, 1, Integer::sum);
    perSourceIp.merge(p.sourceIp, 1, Integer::sum);
    perSourcePeer.merge(p.pair(), 1, Integer::sum);
  }

  private void release(Pending p) {
    reserved.decrementAndGet();
    // Remove zero entries so the maps only hold peers and IPs with live circuits.
    perTarget.computeIfPresent(p.target, (k, n) -> n > 1 ? n - 1 : null);
    perSourceIp.computeIfPresent(p.sourceIp, (k, n) -> n > 1 ? n - 1 : null);
    perSourcePeer.computeIfPresent(p.pair(), (k, n) -> n > 1 ? n - 1 : null);
  }
}
