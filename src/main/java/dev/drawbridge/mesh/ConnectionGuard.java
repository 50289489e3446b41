package dev.drawbridge.mesh;

import dev.drawbridge.identity.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Who may hold a mesh connection, and for how long (issue 9 item 5). Pure bookkeeping, no I/O, so
 * the rules are testable without sockets; {@link MeshServer} feeds it connection events and closes
 * what it returns.
 *
 * <ul>
 *   <li>A connection must send a complete request head within {@code requestHeadTimeout} of being
 *       accepted, and a new one within {@code keepAlive} of its last response ending: a peer that
 *       drips header bytes, or holds an idle connection, loses it.
 *   <li>At most {@code perPeer} connections per PeerId (a new one replaces that peer's oldest idle
 *       one; refused when all are busy) and {@code perAddress} per remote IP (loopback exempt:
 *       relayed circuits are bridged in from 127.0.0.1).
 *   <li>Strangers (no grant, not a contact) share a pool of {@code strangerConnections}; a new
 *       stranger, or a granted peer or contact that finds the listener full, evicts the oldest idle
 *       stranger (idle: no request in progress, including one still dripping its head).
 * </ul>
 */
final class ConnectionGuard {
  /** What the guard needs of a connection. */
  interface Handle {
    void close();
  }

  /** One admitted connection. */
  static final class Entry {
    final Handle handle;
    final PeerId peer;
    final String address;
    final boolean stranger;
    final long openedAt;
    long requests;
    BooleanSupplier lastDone = () -> true;
    long idleSince = -1;

    Entry(Handle handle, PeerId peer, String address, boolean stranger, long openedAt) {
      this.handle = handle;
      this.peer = peer;
      this.address = address;
      this.stranger = stranger;
      this.openedAt = openedAt;
    }

    boolean idle() {
      return requests == 0 || lastDone.getAsBoolean();
    }
  }

  /** Why a connection was refused or closed (counted, summarised in the log now and then). */
  enum Reason {
    LISTENER_FULL,
    STRANGERS_FULL,
    PER_PEER,
    PER_ADDRESS,
    HEAD_TIMEOUT,
    KEEP_ALIVE,
    EVICTED
  }

  private final MeshServer.Limits limits;
  private final LinkedHashSet<Entry> open = new LinkedHashSet<>(); // oldest first
  private final Map<PeerId, Integer> perPeer = new HashMap<>();
  private final Map<String, Integer> perAddress = new HashMap<>();
  private final Map<Reason, Long> counts = new HashMap<>();
  private int strangers;

  ConnectionGuard(MeshServer.Limits limits) {
    this.limits = limits;
  }

  /** Admits a new connection, or returns null (the caller closes it). */
  synchronized Entry admit(
      Handle handle, PeerId peer, String address, boolean loopback, boolean stranger, long now) {
    // A peer at its cap gives up its own oldest idle connection (clients that leave keep-alive
    // connections behind); only when all of them are busy is the new one refused.
    if (perPeer.getOrDefault(peer, 0) >= limits.perPeer()
        && !evictOldestIdle(e -> e.peer.equals(peer))) {
      return refuse(Reason.PER_PEER);
    }
    if (!loopback && perAddress.getOrDefault(address, 0) >= limits.perAddress()) {
      return refuse(Reason.PER_ADDRESS);
    }
    if (stranger) {
      // Strangers churn among themselves: a new one takes the place of the oldest idle one.
      if (strangers >= limits.strangerConnections() && !evictOldestIdle(e -> e.stranger)) {
        return refuse(Reason.STRANGERS_FULL);
      }
      if (open.size() >= limits.maxConnections() && !evictOldestIdle(e -> e.stranger)) {
        return refuse(Reason.LISTENER_FULL);
      }
    } else if (open.size() >= limits.maxConnections() && !evictOldestIdle(e -> e.stranger)) {
      return refuse(Reason.LISTENER_FULL);
    }
    Entry e = new Entry(handle, peer, address, stranger, now);
    open.add(e);
    perPeer.merge(peer, 1, Integer::sum);
    if (!loopback) {
      perAddress.merge(address, 1, Integer::sum);
    }
    if (stranger) {
      strangers++;
    }
    return e;
  }

  /** A complete request head arrived; {@code done} tells when its response has ended. */
  synchronized void requestStarted(Entry e, BooleanSupplier done) {
    e.requests++;
    e.lastDone = done;
    e.idleSince = -1;
  }

  synchronized void closed(Entry e) {
    remove(e);
  }

  /** The connections whose time is up; they are forgotten here, the caller closes them. */
  synchronized List<Handle> sweep(long now) {
    List<Handle> out = new ArrayList<>();
    for (Entry e : List.copyOf(open)) {
      Reason expired = null;
      if (e.requests == 0) {
        if (now - e.openedAt >= limits.requestHeadTimeout().toNanos()) {
          expired = Reason.HEAD_TIMEOUT;
        }
      } else if (e.lastDone.getAsBoolean()) {
        if (e.idleSince < 0) {
          e.idleSince = now;
        } else if (now - e.idleSince >= limits.keepAlive().toNanos()) {
          expired = Reason.KEEP_ALIVE;
        }
      } else {
        e.idleSince = -1;
      }
      if (expired != null) {
        remove(e);
        count(expired);
        out.add(e.handle);
      }
    }
    return out;
  }

  synchronized int open() {
    return open.size();
  }

  synchronized int strangers() {
    return strangers;
  }

  /** Counts since the last call, then resets them (for a periodic log summary). */
  synchronized Map<Reason, Long> drainCounts() {
    Map<Reason, Long> out = Map.copyOf(counts);
    counts.clear();
    return out;
  }

  private boolean evictOldestIdle(Predicate<Entry> which) {
    for (Entry e : open) {
      if (which.test(e) && e.idle()) {
        remove(e);
        count(Reason.EVICTED);
        e.handle.close();
        return true;
      }
    }
    return false;
  }

  private Entry refuse(Reason r) {
    count(r);
    return null;
  }

  private void count(Reason r) {
    counts.merge(r, 1L, Long::sum);
  }

  private void remove(Entry e) {
    if (!open.remove(e)) {
      return;
    }
    perPeer.computeIfPresent(e.peer, (k, v) -> v == 1 ? null : v - 1);
    perAddress.computeIfPresent(e.address, (k, v) -> v == 1 ? null : v - 1);
    if (e.stranger) {
      strangers--;
    }
  }
}
