package dev.drawbridge.mesh;

import dev.drawbridge.identity.Identity;
import dev.drawbridge.identity.PeerId;
import dev.drawbridge.relay.client.RelayClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The relays this peer uses: keeps a control connection to each (reconnecting with backoff after
 * any drop, and at least every 30 s), answers their requests to join circuits and hole punches, and
 * tells transports which relay can reach a given peer. The list can change at any time.
 */
public final class Relays implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Relays.class);
  static final long CHECK_EVERY_MS = 30_000;
  static final long MAX_BACKOFF_MS = 30_000;

  /** At most this many relays in the list (each costs a control connection and lookups). */
  public static final int MAX_RELAYS = 32;

  private final Vertx vertx;
  private final Identity identity;
  private final RelayServices services;
  private final HostLookups lookups;
  private final Map<PeerAddress, RelaySession> sessions = new LinkedHashMap<>();
  private final Supplier<Set<PeerId>> visibleTo;
  private Set<PeerId> lastVisible;
  private long ticker = -1;
  private long visibilityTicker = -1;

  /** How soon a new contact or grant can see us at our relays (a set comparison per tick). */
  static final long VISIBILITY_CHECK_MS = 2_000;

  /** What the owner sees for one relay. */
  public record Status(String address, boolean connected, String observedAddress, String problem) {}

  /**
   * @param contacts the peers that may see us at our relays (presence, circuits, punch offers) and
   *     whose punch offers we answer; read often, so it must be cheap and not block (in memory)
   */
  public Relays(
      Vertx vertx, Identity identity, IntSupplier meshPort, Supplier<Set<PeerId>> contacts) {
    this(vertx, identity, meshPort, contacts, new HostLookups(vertx));
  }

  /**
   * @param lookups where relay names are resolved (off the event loop, bounded, cancellable)
   */
  public Relays(
      Vertx vertx,
      Identity identity,
      IntSupplier meshPort,
      Supplier<Set<PeerId>> contacts,
      HostLookups lookups) {
    this.lookups = lookups;
    this.vertx = vertx;
    this.identity = identity;
    this.visibleTo = contacts;
    this.services = new RelayServices(vertx, meshPort, peer -> contacts.get().contains(peer));
  }

  /** Who may see us now, as sent to every relay (at most the relay's 1024). */
  Set<PeerId> visibleTo() {
    return visibleTo.get();
  }

  /** Our contacts changed: tell every connected relay who may see us now. */
  public synchronized void contactsChanged() {
    Set<PeerId> now = Set.copyOf(visibleTo.get());
    if (now.equals(lastVisible)) {
      return;
    }
    lastVisible = now;
    sessions.values().forEach(s -> s.sendVisibility(now));
  }

  RelayServices services() {
    return services;
  }

  /** Uses exactly these relays from now on: new ones are dialed at once, removed ones closed. */
  public synchronized void configure(List<PeerAddress> relays) {
    if (relays.size() > MAX_RELAYS) {
      throw new IllegalArgumentException(
          "at most " + MAX_RELAYS + " relays (" + relays.size() + " given)");
    }
    for (var it = sessions.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!relays.contains(e.getKey())) {
        e.getValue().close();
        it.remove();
      }
    }
    for (PeerAddress a : relays) {
      sessions
          .computeIfAbsent(
              a, addr -> new RelaySession(vertx, identity, addr, services, this, lookups))
          .ensure();
    }
    if (ticker < 0) {
      ticker = vertx.setPeriodic(CHECK_EVERY_MS, id -> ensureAll());
      visibilityTicker = vertx.setPeriodic(VISIBILITY_CHECK_MS, id -> contactsChanged());
    }
  }

  /** Reconnects every relay that is down, now (the owner pressed "refresh network"). */
  public synchronized void reconnectNow() {
    sessions.values().forEach(RelaySession::reconnectNow);
  }

  private synchronized void ensureAll() {
    sessions.values().forEach(RelaySession::ensure);
  }

  synchronized RelaySession session(PeerAddress relay) {
    return sessions.get(relay);
  }

  public synchronized List<PeerAddress> configured() {
    return List.copyOf(sessions.keySet());
  }

  public synchronized List<Status> status() {
    List<Status> out = new ArrayList<>();
    sessions.forEach((a, s) -> out.add(s.status()));
    return out;
  }

  /**
   * A live session whose relay says the peer is online there, trying relays in configured order;
   * fails with "nothing to try" when no relay knows the peer.
   */
  public Future<RelaySession> locate(PeerId peer) {
    List<RelaySession> live;
    synchronized (this) {
      live = sessions.values().stream().filter(RelaySession::isConnected).toList();
    }
    return locate(peer, live, 0)
        .compose(
            found ->
                found.isPresent()
                    ? Future.succeededFuture(found.get())
                    : Future.failedFuture(
                        PeerUnreachableException.nothingToTry(peer, "not online at any relay")));
  }

  private Future<Optional<RelaySession>> locate(PeerId peer, List<RelaySession> live, int i) {
    if (i >= live.size()) {
      return Future.succeededFuture(Optional.empty());
    }
    RelaySession s = live.get(i);
    RelayClient c = s.client();
    if (c == null) {
      return locate(peer, live, i + 1);
    }
    return c.query(peer)
        .recover(e -> Future.succeededFuture(false))
        .compose(
            online -> online ? Future.succeededFuture(Optional.of(s)) : locate(peer, live, i + 1));
  }

  @Override
  public synchronized void close() {
    if (ticker >= 0) {
      vertx.cancelTimer(ticker);
      vertx.cancelTimer(visibilityTicker);
      ticker = -1;
    }
    sessions.values().forEach(RelaySession::close);
    sessions.clear();
    lookups.close();
    LOG.debug("relays closed");
  }
}
