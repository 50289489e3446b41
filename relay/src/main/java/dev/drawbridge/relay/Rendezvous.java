package dev.drawbridge.relay;

import dev.drawbridge.relay.protocol.Addresses;
import dev.drawbridge.relay.protocol.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Pairs the two {@code DBR1} connections of a hole punch and tells each the other's address as seen
 * from here (its NAT mapping). Only tokens announced by an authenticated PUNCH_REQUEST are
 * accepted, so the relay is not an open address-reflection service. Event-loop confined.
 */
final class Rendezvous {

  private static final Logger LOG = Logger.getLogger(Rendezvous.class);

  private final Vertx vertx;
  private final RelayConfig config;
  private final RefusalLog refusals;

  /** Announced tokens and the timer that forgets them. */
  private final Map<String, Long> expected = new HashMap<>();

  private final Map<String, Waiting> waiting = new HashMap<>();
  private final AtomicInteger waitingCount = new AtomicInteger();

  private record Waiting(NetSocket socket, String observed, long timer) {}

  Rendezvous(Vertx vertx, RelayConfig config, RefusalLog refusals) {
    this.vertx = vertx;
    this.config = config;
    this.refusals = refusals;
  }

  /** Accepts a token from a PUNCH_REQUEST; false when too many are outstanding. */
  boolean expect(byte[] token) {
    String key = Tokens.key(token);
    if (expected.containsKey(key)) {
      return true;
    }
    if (expected.size() >= 2 * config.totalCircuits()) {
      return false;
    }
    // Both sides arrive within the pending timeout of each other; allow for the offer's trip.
    long ttl = 2 * config.pendingTimeout().toMillis();
    expected.put(key, vertx.setTimer(ttl, id -> expected.remove(key)));
    return true;
  }

  void arrive(NetSocket socket, String ip, byte[] token) {
    String key = Tokens.key(token);
    if (!expected.containsKey(key)) {
      refusals.refuse(ip, Refusal.UNKNOWN_TOKEN, "rendezvous " + Tokens.forLog(token));
      socket.close();
      return;
    }
    String observed =
        Addresses.format(socket.remoteAddress().hostAddress(), socket.remoteAddress().port());
    Waiting other = waiting.remove(key);
    if (other == null) {
      long timer =
          vertx.setTimer(
              config.pendingTimeout().toMillis(),
              id -> {
                Waiting self = waiting.get(key);
                if (self != null && self.socket() == socket) {
                  waiting.remove(key);
                  waitingCount.decrementAndGet();
                  refusals.refuse(
                      ip, Refusal.RENDEZVOUS_TIMEOUT, "no partner for " + Tokens.forLog(token));
                  socket.close();
                }
              });
      Waiting self = new Waiting(socket, observed, timer);
      waiting.put(key, self);
      waitingCount.incrementAndGet();
      socket.closeHandler(
          v -> {
            if (waiting.remove(key, self)) {
              waitingCount.decrementAndGet();
              vertx.cancelTimer(timer);
            }
          });
      return;
    }
    waitingCount.decrementAndGet();
    vertx.cancelTimer(other.timer());
    Long forget = expected.remove(key); // a token pairs once
    if (forget != null) {
      vertx.cancelTimer(forget);
    }
    other.socket().closeHandler(null);
    other.socket().end(Buffer.buffer(Addresses.encode(observed)));
    socket.end(Buffer.buffer(Addresses.encode(other.observed())));
    LOG.debugf("Rendezvous %s: %s <-> %s", Tokens.forLog(token), other.observed(), observed);
  }

  int waiting() {
    return waitingCount.get();
  }
}
